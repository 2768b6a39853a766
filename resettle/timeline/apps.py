from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "resettle.timeline"

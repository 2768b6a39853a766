from django.apps import AppConfig


class SoftOutcomesConfig(AppConfig):
    name = "resettle.soft_outcomes"

from django.apps import AppConfig


class OrukConfig(AppConfig):
    name = "resettle.oruk"

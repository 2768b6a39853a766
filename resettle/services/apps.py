from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "resettle.services"

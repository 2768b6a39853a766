from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "resettle.consents"

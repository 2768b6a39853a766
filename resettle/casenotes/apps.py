from django.apps import AppConfig


class CasenotesConfig(AppConfig):
    name = "resettle.casenotes"

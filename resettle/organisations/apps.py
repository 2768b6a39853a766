from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "resettle.organisations"

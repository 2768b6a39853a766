from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "resettle.subject_access"

from django.urls import path  # noqa: F401

app_name = "soft_outcomes"
urlpatterns = []

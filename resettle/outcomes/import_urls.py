"""The organisation-level page for importing a file of outcomes, mounted at /outcomes/import/."""

from django.urls import path

from resettle.outcomes import views

app_name = "outcome_import"
urlpatterns = [
    path("", views.upload, name="upload"),
]

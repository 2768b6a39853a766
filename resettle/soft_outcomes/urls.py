from django.urls import path

from resettle.soft_outcomes import views

app_name = "soft_outcomes"
urlpatterns = [
    path("", views.journey, name="journey"),
    path("new/", views.record, name="record"),
]

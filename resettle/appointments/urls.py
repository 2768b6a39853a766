from django.urls import path

from resettle.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.appointments, name="list"),
    path("new/", views.add, name="add"),
    path("<uuid:appointment_id>/outcome/", views.outcome, name="outcome"),
]

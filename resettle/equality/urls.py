from django.urls import path

from resettle.equality import views

app_name = "equality"
urlpatterns = [
    path("", views.answers, name="answers"),
    path("edit/", views.edit, name="edit"),
]

from django.urls import path

from resettle.people import views

app_name = "people"
urlpatterns = [
    path("<uuid:person_id>/", views.person, name="person"),
]

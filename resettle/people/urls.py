from django.urls import path

from resettle.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<uuid:person_id>/", views.person, name="person"),
    path("<uuid:person_id>/details/", views.details, name="details"),
    path("<uuid:person_id>/organisations/", views.organisations, name="organisations"),
    path(
        "<uuid:person_id>/organisations/<int:involvement_id>/end/",
        views.involvement_end,
        name="involvement_end",
    ),
    path("<uuid:person_id>/merge/", views.merge, name="merge"),
]

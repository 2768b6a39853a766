from django.urls import path

from resettle.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:organisation_id>/", views.detail, name="detail"),
    path("<uuid:organisation_id>/edit/", views.edit, name="edit"),
]

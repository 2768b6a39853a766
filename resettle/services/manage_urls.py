from django.urls import path

from resettle.services import views_manage as views

app_name = "manage"
urlpatterns = [
    path(
        "organisations/<uuid:organisation_id>/services/new/",
        views.service_create,
        name="service_create",
    ),
    path("services/<uuid:service_id>/", views.service_summary, name="service"),
    path("services/<uuid:service_id>/details/", views.service_details, name="service_details"),
    path("services/<uuid:service_id>/needs/", views.service_needs, name="service_needs"),
    path("services/<uuid:service_id>/area/", views.service_area, name="service_area"),
    path("services/<uuid:service_id>/contact/", views.service_contact, name="service_contact"),
    path(
        "services/<uuid:service_id>/reviewed/",
        views.service_mark_reviewed,
        name="service_mark_reviewed",
    ),
    path("services/<uuid:service_id>/locations/new/", views.location_add, name="location_add"),
    path(
        "services/<uuid:service_id>/locations/<uuid:location_id>/",
        views.location_edit,
        name="location_edit",
    ),
    path(
        "services/<uuid:service_id>/locations/<uuid:location_id>/remove/",
        views.location_remove,
        name="location_remove",
    ),
]

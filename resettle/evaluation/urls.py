"""Stored evaluations, for organisation managers and commissioners (aggregates only)."""

from django.urls import path

from resettle.evaluation import service_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluations, name="list"),
    path("services/", service_views.services, name="services"),
    path(
        "services/<uuid:service_id>/evaluate/",
        service_views.evaluate_service,
        name="evaluate_service",
    ),
    path("services/<uuid:service_id>/jdl-cohort/", service_views.jdl_cohort, name="jdl_cohort"),
    path("<uuid:evaluation_id>/", views.result, name="result"),
    path("<uuid:evaluation_id>/results.json", views.result_json, name="json"),
    path("<uuid:evaluation_id>/results.csv", views.result_csv, name="csv"),
    path("<uuid:evaluation_id>/report.pdf", views.result_pdf, name="pdf"),
]

from django.urls import path

from resettle.subject_access import views

app_name = "subject_access"
urlpatterns = [
    path("seen-by/", views.seen_by, name="seen_by"),
    path("subject-access.json", views.export_json, name="export_json"),
    path("subject-access/", views.export_document, name="export_document"),
]

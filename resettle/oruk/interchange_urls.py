from django.urls import path

from resettle.oruk import views_interchange as views

app_name = "interchange"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("export/directory.json", views.export_json, name="export_json"),
    path("export/directory.zip", views.export_package, name="export_package"),
]

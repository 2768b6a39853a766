from django.urls import path

from resettle.custody import views

app_name = "custody"
urlpatterns = [
    path("", views.movements, name="movements"),
    path("edit/", views.edit, name="edit"),
    path("record/", views.record, name="record"),
]

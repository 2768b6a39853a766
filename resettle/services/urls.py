from django.urls import path

from resettle.services import views

app_name = "services"
urlpatterns = [
    path("services/", views.search, name="search"),
    path("services/<uuid:service_id>/", views.detail, name="detail"),
]

from django.urls import path

from resettle.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.outcomes, name="list"),
    path("new/", views.add, name="add"),
]

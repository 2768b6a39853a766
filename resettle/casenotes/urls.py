from django.urls import path

from resettle.casenotes import views

app_name = "casenotes"
urlpatterns = [
    path("", views.notes, name="list"),
]

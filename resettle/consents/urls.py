from django.urls import path

from resettle.consents import views

app_name = "consents"
urlpatterns = [
    path("", views.consent_list, name="list"),
    path("new/", views.add, name="add"),
    path("<uuid:consent_id>/withdraw/", views.withdraw, name="withdraw"),
]

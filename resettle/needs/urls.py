from django.urls import path

from resettle.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.needs_list, name="list"),
    path("add/", views.need_add, name="add"),
    path("none/", views.no_needs, name="no_needs"),
    path("<uuid:need_id>/", views.need_detail, name="need"),
]

from django.urls import path

from resettle.caseloads import views

app_name = "caseloads"
urlpatterns = [
    path("caseload/", views.mine, name="mine"),
    path("caseload/team/", views.team, name="team"),
    path("worklist/", views.worklist, name="worklist"),
]

from django.urls import path

from resettle.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("print/", views.plan_print, name="print"),
    path("goals/new/", views.goal_add, name="goal_add"),
    path("goals/<uuid:goal_id>/", views.goal_edit, name="goal"),
    path("goals/<uuid:goal_id>/steps/new/", views.step_add, name="step_add"),
    path("goals/<uuid:goal_id>/steps/<int:step_id>/done/", views.step_done, name="step_done"),
]

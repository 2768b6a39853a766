from django.urls import path

from resettle.referrals import person_views

app_name = "person_referrals"
urlpatterns = [
    path("", person_views.referral_list, name="list"),
    path("suggest/", person_views.suggest, name="suggest"),
    path("new/", person_views.new, name="new"),
]

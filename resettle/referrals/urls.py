from django.urls import path

from resettle.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/accept/", views.accept, name="accept"),
    path("<uuid:referral_id>/decline/", views.decline, name="decline"),
    path("<uuid:referral_id>/assign/", views.assign, name="assign"),
    path("<uuid:referral_id>/contact/", views.record_contact, name="contact"),
    path("<uuid:referral_id>/complete/", views.complete, name="complete"),
    path("<uuid:referral_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:referral_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:referral_id>/refer-on/", views.refer_on, name="refer_on"),
]

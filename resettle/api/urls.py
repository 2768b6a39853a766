"""The JSON API under /api/v1/ (described at /api/v1/openapi.json), and the page where people
manage their API tokens under /api/tokens/. Anything else under /api/v1/ is a JSON 404."""

from django.urls import path, re_path

from resettle.api import token_views, views
from resettle.api.serializers import CHANGES

app_name = "api"

urlpatterns = [
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("v1/referrals/", views.referrals, name="referrals"),
    path("v1/referrals/<str:referral_id>/", views.referral, name="referral"),
    *[
        path(
            f"v1/referrals/<str:referral_id>/{change}/",
            views.change,
            {"change": change},
            name=f"referral_{change}",
        )
        for change in CHANGES
    ],
    re_path(r"^v1/(?P<rest>.*)$", views.not_found),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", token_views.revoke, name="token_revoke"),
]

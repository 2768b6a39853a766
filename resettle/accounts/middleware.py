from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in staff member may reach before completing two-factor authentication.
_OPEN_PREFIXES = ("/account/", "/static/", "/oruk/")


def _calls_api_with_token(request) -> bool:
    """A JSON API call carrying a personal API token is authenticated by that token alone,
    never by the session (resettle/api/http.py), so the session's second factor is not what
    lets it in; without a token, API calls get the same two-factor step as pages."""
    return request.path.startswith("/api/v1/") and (
        request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "bearer"
    )


class TwoFactorMiddleware:
    """Staff who signed in with a password but not yet a second factor go to the TOTP step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get("two_factor_verified")
            and user.is_staff_role
            and not request.path.startswith(_OPEN_PREFIXES)
            and not _calls_api_with_token(request)
        ):
            from resettle.accounts.two_factor import two_factor_relaxed_for

            if not two_factor_relaxed_for(user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)

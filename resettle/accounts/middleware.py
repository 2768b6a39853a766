from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in staff member may reach before completing two-factor authentication.
_OPEN_PREFIXES = ("/account/", "/static/", "/oruk/")


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
        ):
            from resettle.accounts.two_factor import two_factor_relaxed_for

            if not two_factor_relaxed_for(user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)

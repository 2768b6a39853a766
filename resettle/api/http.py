"""How every endpoint of the JSON API answers: who is calling, JSON in and out, errors as JSON.

Callers authenticate in one of two ways:
- a personal API token, `Authorization: Bearer rsk_...`. The token alone decides who is
  calling: a session cookie sent alongside is ignored, and a bad token is a 401 even if the
  cookie belongs to someone signed in. CSRF does not apply (a browser never adds the header
  on its own);
- the signed-in session, for pages of this site calling the API. Writes need the CSRF token
  (the X-CSRFToken header), as forms do, and staff must have finished two-factor sign-in.

Every error is `{"errors": [{"field": ..., "message": ...}]}`: 400 bad input, 401 not
authenticated, 403 not allowed, 404 not found (or not yours to see), 405 wrong method,
409 the referral's state does not allow the change, 415 a body that is not JSON.
"""

import datetime
import functools
import json
import re

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from resettle.accounts.two_factor import two_factor_relaxed_for
from resettle.api.models import TOKEN_PATTERN, ApiToken, hash_secret
from resettle.core.referrals import InvalidChange

MAX_BODY_BYTES = 64 * 1024
# A token's last use is written at most this often, not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
REALM = 'Bearer realm="Resettle API"'
_TOKEN = re.compile(TOKEN_PATTERN)


class ApiError(Exception):
    def __init__(self, status: int, errors: list[dict], headers: dict | None = None):
        super().__init__(errors[0]["message"] if errors else str(status))
        self.status = status
        self.errors = errors
        self.headers = headers or {}


def error(status: int, message, field: str | None = None, **headers) -> ApiError:
    return ApiError(status, [{"field": field, "message": str(message)}], headers)


def field_errors(errors: list[tuple[str | None, str]]) -> ApiError:
    return ApiError(400, [{"field": field, "message": str(message)} for field, message in errors])


def json_response(data, status=200, headers=None) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    for header, value in (headers or {}).items():
        response[header] = value
    # Answers depend on who asks and hold personal data: never cached, never shared.
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response


def _errors_response(problem: ApiError) -> JsonResponse:
    return json_response({"errors": problem.errors}, problem.status, problem.headers)


# --- Who is calling --------------------------------------------------------------------------


def bearer_credentials(request) -> str | None:
    """The token in `Authorization: Bearer <token>`, "" for another scheme or a malformed
    header, None when there is no Authorization header at all."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return credentials.strip()


def _unauthorised(message, *, invalid_token=False) -> ApiError:
    challenge = f'{REALM}, error="invalid_token"' if invalid_token else REALM
    return error(401, message, **{"WWW-Authenticate": challenge})


def user_for_token(secret: str):
    """The active owner of an unrevoked token, or None. Notes when it was last used."""
    if not _TOKEN.match(secret):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_secret(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.api_token = token
    return token.user


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering with the reason instead of the HTML failure page."""

    def _reject(self, request, reason):
        return reason


def _check_csrf(request):
    try:
        reason = _CsrfCheck(lambda request: None).process_view(request, None, (), {})
    except (MultiPartParserError, UnreadablePostError, SuspiciousOperation):
        raise error(400, _("The body of the request could not be read.")) from None
    if reason is not None:
        raise error(
            403,
            _(
                "The CSRF check failed (%(reason)s). Send the csrftoken cookie's value in the "
                "X-CSRFToken header, or use an API token."
            )
            % {"reason": reason},
        )


def authenticate(request):
    """The user calling, or ApiError 401. See the module's docstring for the two ways."""
    secret = bearer_credentials(request)
    if secret is not None:
        if not secret:
            raise _unauthorised(
                _("Give your API token as 'Authorization: Bearer <token>'."), invalid_token=True
            )
        user = user_for_token(secret)
        if user is None:
            raise _unauthorised(
                _("This API token is not valid: it may have been revoked. Make a new one."),
                invalid_token=True,
            )
        return user
    user = request.user
    if not user.is_authenticated:
        raise _unauthorised(_("Sign in, or give an API token as 'Authorization: Bearer <token>'."))
    # TwoFactorMiddleware sends these to the second step first; this holds if it is ever moved.
    if (
        user.is_staff_role
        and not request.session.get("two_factor_verified")
        and not two_factor_relaxed_for(user)
    ):
        raise _unauthorised(_("Finish signing in with your second factor first."))
    if request.method not in ("GET", "HEAD"):
        _check_csrf(request)
    return user


# --- Bodies ----------------------------------------------------------------------------------


def _no_constants(name):
    raise ValueError(name)


def json_body(request) -> dict:
    """The request's body as a JSON object, or a 400/415 saying what is wrong with it."""
    content_type = request.content_type or ""
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise error(415, _("Send the body as JSON, with 'Content-Type: application/json'."))
    raw = request.body
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise error(400, _("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise error(400, _('The body must be a JSON object, like {"reason": "..."}.'))
    return data


def _read_body(request):
    """Read the body before anything parses it as a form (the CSRF check may), so it can
    still be read as JSON afterwards; refuse one too large."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise error(400, _("The body is too large: send at most 64 KB."))
    try:
        body = request.body
    except (SuspiciousOperation, UnreadablePostError):
        raise error(400, _("The body of the request could not be read.")) from None
    if len(body) > MAX_BODY_BYTES:
        raise error(400, _("The body is too large: send at most 64 KB."))


# --- The endpoint decorator ------------------------------------------------------------------


def endpoint(*methods, authenticated=True):
    """A JSON endpoint answering `methods`. The view returns a JsonResponse; anything it
    raises that says why a request was refused becomes a JSON error."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    allow_header = ", ".join(sorted(allowed))

    def decorate(view):
        # CSRF is checked in authenticate(), for session callers only.
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if request.method not in allowed:
                    raise error(
                        405,
                        _("Use %(methods)s here.") % {"methods": " or ".join(sorted(methods))},
                        Allow=allow_header,
                    )
                if request.method == "POST":
                    _read_body(request)
                if authenticated:
                    request.user = authenticate(request)
                return view(request, *args, **kwargs)
            except ApiError as problem:
                return _errors_response(problem)
            except PermissionDenied as refused:
                return _errors_response(error(403, str(refused) or _("You may not do this."), None))
            except InvalidChange as invalid:
                return _errors_response(error(409, invalid))
            except ValidationError as refused:
                return _errors_response(
                    ApiError(400, [{"field": None, "message": str(m)} for m in refused.messages])
                )

        wrapper.api_methods = frozenset(methods)
        return wrapper

    return decorate

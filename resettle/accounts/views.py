import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from resettle.accounts import actions, two_factor
from resettle.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
    account_locked_message,
    sign_in_refused_message,
)


def _safe_next(request) -> str:
    """Where to go after signing in: `next` if it stays on this site, else the default."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _to(view_name: str, next_url: str):
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")


@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    next_url = _safe_next(request)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.attempt_sign_in(form.cleaned_data["email"], form.cleaned_data["password"])
        if user is None:
            form.add_error("email", sign_in_refused_message())
        else:
            actions.start_session(request, user)
            if actions.needs_second_factor(user):
                if actions.confirmed_device(user) is None:
                    return _to("accounts:two_factor_setup", next_url)
                return _to("accounts:two_factor", next_url)
            relaxed = user.is_staff_role and two_factor.two_factor_relaxed_for(user)
            actions.complete_sign_in(
                request,
                method="password (two-factor relaxed for the demo)" if relaxed else "password",
                two_factor_verified=relaxed,
            )
            return redirect(next_url)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@require_POST
def sign_out(request):
    actions.sign_out(request)
    messages.success(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _code_step_or_redirect(request, next_url):
    """The code steps are only for someone who has given their password this session."""
    if not request.user.is_authenticated:
        return _to("accounts:sign_in", next_url)
    if request.session.get(actions.SESSION_VERIFIED):
        return redirect(next_url)
    return None


def _after_code(request, form, outcome, next_url):
    if outcome is actions.CodeOutcome.ACCEPTED:
        return redirect(next_url)
    if outcome is actions.CodeOutcome.LOCKED:
        messages.error(request, account_locked_message())
        return _to("accounts:sign_in", next_url)
    form.add_error(
        "code",
        _(
            "The code is not right or has already been used. Enter the code your "
            "authenticator app shows now"
        ),
    )
    return None


@sensitive_post_parameters("code")
@never_cache
def two_factor_view(request):
    next_url = _safe_next(request)
    if (early := _code_step_or_redirect(request, next_url)) is not None:
        return early
    if actions.confirmed_device(request.user) is None:
        return _to("accounts:two_factor_setup", next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = actions.verify_second_factor(request, form.cleaned_data["code"])
        if (response := _after_code(request, form, outcome, next_url)) is not None:
            return response
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@never_cache
def two_factor_setup(request):
    next_url = _safe_next(request)
    if not request.user.is_authenticated:
        return _to("accounts:sign_in", next_url)
    if actions.confirmed_device(request.user) is not None:
        return _to("accounts:two_factor", next_url)
    secret = actions.enrolment_secret(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = actions.confirm_two_factor_enrolment(request, form.cleaned_data["code"])
        if outcome is actions.CodeOutcome.ACCEPTED:
            messages.success(request, _("Your authenticator app is set up."))
        if (response := _after_code(request, form, outcome, next_url)) is not None:
            return response
    uri = two_factor.provisioning_uri(secret, request.user.email)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": two_factor.qr_code_svg(uri, title=_("QR code for your authenticator app")),
        # Groups of four are easier to read out and type than one 32-character string.
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _needs_code_first(view):
    """Staff who have not yet given their code cannot change their password."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and actions.needs_second_factor(request.user)
            and not request.session.get(actions.SESSION_VERIFIED)
        ):
            return _to("accounts:two_factor", request.path)
        return view(request, *args, **kwargs)

    return wrapped


password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetRequestForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/emails/password_reset.txt",
    subject_template_name="accounts/emails/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
    extra_context={"link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24))},
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=NewPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = login_required(
    _needs_code_first(
        auth_views.PasswordChangeView.as_view(
            form_class=ChangePasswordForm,
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        )
    )
)
password_change_done = login_required(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resettle.accounts import actions, two_factor

_EMAIL_ERRORS = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.org"),
    "max_length": _("Email address must be 254 characters or fewer"),
}


def sign_in_refused_message() -> str:
    """One message for every refusal, so it reveals neither accounts nor locks."""
    minutes = settings.LOCKOUT_MINUTES
    return ngettext(
        "Enter a correct email address and password. After %(failures)d failed attempts an "
        "account is locked for %(minutes)d minute. If that has happened, wait %(minutes)d "
        "minute and try again.",
        "Enter a correct email address and password. After %(failures)d failed attempts an "
        "account is locked for %(minutes)d minutes. If that has happened, wait %(minutes)d "
        "minutes and try again.",
        minutes,
    ) % {"failures": settings.LOCKOUT_FAILURES, "minutes": minutes}


def account_locked_message() -> str:
    """For someone who has already proved their password, so the lock is no secret to them."""
    minutes = settings.LOCKOUT_MINUTES
    return ngettext(
        "Too many codes were wrong, so your account is locked. Wait %(minutes)d minute, "
        "then sign in again.",
        "Too many codes were wrong, so your account is locked. Wait %(minutes)d minutes, "
        "then sign in again.",
        minutes,
    ) % {"minutes": minutes}


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254, error_messages=_EMAIL_ERRORS)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        error_messages={
            "required": _("Enter your password"),
            "max_length": _("Password must be 4096 characters or fewer"),
        },
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Security code"),
        max_length=20,
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app"),
            "max_length": _("Enter the 6-digit code from your authenticator app"),
        },
    )

    def clean_code(self):
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not code.isdigit():
            raise forms.ValidationError(_("The code must be numbers only"), code="not_digits")
        if len(code) != two_factor.CODE_DIGITS:
            raise forms.ValidationError(_("The code must be 6 numbers"), code="wrong_length")
        return code


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(label=_("Email address"), max_length=254, error_messages=_EMAIL_ERRORS)


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Choosing a new password from a reset link."""

    error_messages = {"password_mismatch": _("The passwords do not match. Enter them again.")}
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        error_messages={"required": _("Enter a new password")},
    )
    new_password2 = forms.CharField(
        label=_("Confirm new password"),
        strip=False,
        error_messages={"required": _("Enter the new password again")},
    )
    how = "reset"

    def save(self, commit=True):
        actions.set_password(self.user, self.cleaned_data["new_password1"], how=self.how)
        return self.user


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("The passwords do not match. Enter them again."),
        "password_incorrect": _("Your current password is not right. Enter it again."),
    }
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        error_messages={"required": _("Enter your current password")},
    )
    new_password1 = NewPasswordForm.base_fields["new_password1"]
    new_password2 = NewPasswordForm.base_fields["new_password2"]
    field_order = ["old_password", "new_password1", "new_password2"]

    def save(self, commit=True):
        actions.set_password(self.user, self.cleaned_data["new_password1"], how="changed")
        return self.user

"""Form fields that several forms ask the same way, with GOV.UK-style error messages."""

from django import forms
from django.utils.translation import gettext_lazy as _


def website_field(label) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": _("Enter a web address in the correct format, like https://www.example.org"),
            "max_length": _("Website must be 200 characters or fewer"),
        },
    )


def email_field(label) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.org")
        },
    )

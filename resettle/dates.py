"""Dates in forms, asked the same way on every page: one box (a `type=date` input, or typed
the British way where the browser has no date picker), or the GOV.UK date input's three boxes
(day, month, year) where a date picker does not help, such as a date of birth.

Messages are whole sentences, as the GOV.UK Design System words them, so translators see
each one as it is read."""

import datetime

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A type=date input sends ISO dates; people typing into a browser without a date picker write
# dates the British way, with whatever separator comes to hand and sometimes a 2-digit year.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y"]

# Anything earlier is a typing slip (a year of 25 for 2025, say), not a date in anyone's case.
EARLIEST = datetime.date(1900, 1, 1)

MESSAGES = {
    "required": _("Enter the date"),
    "invalid": _("Enter a real date, for example 27/3/2025"),
    "not_before": _("Enter a date after 1 January 1900"),
    "not_in_future": _("The date must be today or in the past"),
    "not_in_past": _("The date must be today or in the future"),
}


class DateField(forms.DateField):
    """A date in one box. `messages` overrides any of MESSAGES for this question. The
    options refuse a date before `not_before`, after today (`not_in_future`) or before today
    (`not_in_past`); pass True for the general message or a sentence naming the question."""

    def __init__(
        self,
        *,
        messages=None,
        not_before=None,
        not_in_future=False,
        not_in_past=False,
        **kwargs,
    ):
        self.messages = {**MESSAGES, **(messages or {})}
        validators = list(kwargs.pop("validators", []))
        if not_before is not None:
            validators.append(self._not_before(not_before))
        if not_in_future:
            validators.append(self._not_in_future(self._message("not_in_future", not_in_future)))
        if not_in_past:
            validators.append(self._not_in_past(self._message("not_in_past", not_in_past)))
        super().__init__(
            input_formats=DATE_INPUT_FORMATS,
            validators=validators,
            error_messages={
                "required": self.messages["required"],
                "invalid": self.messages["invalid"],
            },
            **kwargs,
        )

    def _message(self, key, option):
        return self.messages[key] if option is True else option

    def _not_before(self, earliest):
        message = self.messages["not_before"]

        def validate(value):
            if value < earliest:
                raise forms.ValidationError(message, code="not_before")

        return validate

    @staticmethod
    def _not_in_future(message):
        def validate(value):
            if value > timezone.localdate():
                raise forms.ValidationError(message, code="not_in_future")

        return validate

    @staticmethod
    def _not_in_past(message):
        def validate(value):
            if value < timezone.localdate():
                raise forms.ValidationError(message, code="not_in_past")

        return validate

    def prepare_value(self, value):
        # Shown back in an <input type="date">, which only understands ISO dates; a date
        # rendered the local way ("27 Mar 2025") would show as an empty box.
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value


# --- GOV.UK date input: three boxes ---------------------------------------------------------


class DateBoundField(BoundField):
    @property
    def anchor(self) -> str:
        """Where the error summary links to: the day box."""
        return f"{self.auto_id}_day"

    @property
    def parts(self) -> dict:
        """Day, month and year as typed (or as stored), for the three boxes."""
        value = self.value()
        if isinstance(value, datetime.date):
            return {"day": value.day, "month": value.month, "year": value.year}
        if isinstance(value, (list, tuple)) and len(value) == 3:
            return dict(zip(("day", "month", "year"), (v or "" for v in value), strict=True))
        return {"day": "", "month": "", "year": ""}


class DateInputWidget(forms.MultiWidget):
    def __init__(self):
        super().__init__(
            {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """Three boxes (day, month, year), one error message for the whole date, worded as the
    GOV.UK date input pattern words them. `messages` holds whole sentences (for translators)
    for: required, day, month, year (a part missing) and invalid. Render it with
    fields/date_input.html."""

    bound_field_class = DateBoundField
    widget = DateInputWidget

    def __init__(self, messages, *, required=True, **kwargs):
        self.messages = messages
        part = forms.CharField(required=False)
        super().__init__(
            fields=(part, part, part),
            require_all_fields=False,
            required=required,
            error_messages={"required": messages.get("required", "")},
            **kwargs,
        )

    def compress(self, data_list):
        parts = [str(v).strip() if v else "" for v in (data_list or [])]
        if not any(parts):
            return None
        day, month, year = parts
        for name, value in (("day", day), ("month", month), ("year", year)):
            if not value:
                raise forms.ValidationError(self.messages[name], code="incomplete")
        try:
            if len(year) != 4:
                raise ValueError
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.messages["invalid"], code="invalid") from None

"""Booking an appointment, and recording what happened at one.

Messages follow the GOV.UK Design System's error message patterns: say what is wrong and how
to fix it, in the words of the question.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.accounts.models import User
from resettle.appointments.models import Appointment
from resettle.dates import DateField

TIME_FORMATS = [
    "%H:%M",
    "%H.%M",
    "%H%M",
    "%I:%M%p",
    "%I:%M %p",
    "%I.%M%p",
    "%I.%M %p",
    "%I%p",
    "%I %p",
]
# Far enough back to write up a contact from before someone had the service; far enough
# ahead for a release date booking. Anything outside is almost always a typing slip.
EARLIEST_DAYS_AGO = 366
LATEST_DAYS_AHEAD = 2 * 366
NOT_YET = ""


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return str(user)


class AppointmentForm(forms.Form):
    date = DateField(
        label=_("Date"),
        help_text=_("For example, 27/3/2026"),
        messages={
            "required": _("Enter the date of the appointment"),
            "invalid": _("Enter the date as day, month and year, for example 27/3/2026"),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        help_text=_("For example, 14:30 or 2:30pm"),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter the time of the appointment"),
            "invalid": _("Enter a real time, for example 14:30 or 2:30pm"),
        },
    )
    mode = forms.ChoiceField(
        label=_("How will it happen?"),
        choices=Appointment.Mode.choices,
        error_messages={
            "required": _("Choose in person, phone or video"),
            "invalid_choice": _("Choose in person, phone or video"),
        },
    )
    purpose = forms.CharField(
        label=_("What is it for?"),
        help_text=_("For example, housing assessment or help opening a bank account"),
        max_length=200,
        error_messages={
            "required": _("Enter what the appointment is for"),
            "max_length": _("What it is for must be %(limit_value)s characters or fewer"),
        },
    )
    place = forms.CharField(
        label=_("Where (optional)"),
        help_text=_("An address, a room, a phone number or a video link"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Where must be %(limit_value)s characters or fewer")},
    )
    worker = WorkerChoiceField(
        label=_("With (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
        error_messages={"invalid_choice": _("Choose someone from the list")},
    )
    outcome = forms.ChoiceField(
        label=_("Has it happened yet?"),
        help_text=_("To record a contact that has already happened, say how it went."),
        choices=[(NOT_YET, _("Not yet: book it")), *Appointment.Outcome.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose whether it has happened yet")},
    )
    outcome_note = forms.CharField(
        label=_("Notes about what happened (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Notes must be %(limit_value)s characters or fewer")},
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers_at(organisation)

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        today = timezone.localdate()
        if day < today - datetime.timedelta(days=EARLIEST_DAYS_AGO):
            self.add_error("date", _("The date must be within the last year"))
            return cleaned
        if day > today + datetime.timedelta(days=LATEST_DAYS_AHEAD):
            self.add_error("date", _("The date must be within the next 2 years"))
            return cleaned
        starts_at = timezone.make_aware(datetime.datetime.combine(day, time))
        cleaned["starts_at"] = starts_at
        outcome = cleaned.get("outcome")
        if outcome and starts_at > timezone.now():
            self.add_error(
                "outcome",
                _(
                    "You cannot say what happened at an appointment that has not started yet. "
                    "Choose ‘Not yet: book it’, or check the date and time"
                ),
            )
        elif outcome == NOT_YET and day < today:
            self.add_error(
                "outcome",
                _("That date has passed. Say what happened, or check the date"),
            )
        return cleaned


def workers_at(organisation):
    """Anyone with a role at the organisation booking the appointment."""
    if organisation is None:
        return User.objects.none()
    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=Appointment.Outcome.choices,
        error_messages={
            "required": _("Choose what happened"),
            "invalid_choice": _("Choose what happened"),
        },
    )
    note = forms.CharField(
        label=_("Notes (optional)"),
        help_text=_("For example, why it did not happen, or what was agreed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Notes must be %(limit_value)s characters or fewer")},
    )
    # The outcome on screen when the form was opened, so two people recording at once do
    # not silently overwrite each other.
    seen_outcome = forms.ChoiceField(
        choices=[("", ""), *Appointment.Outcome.choices],
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("The form was not right. Reload the page.")},
    )

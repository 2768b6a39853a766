"""The forms that change a referral from its page: accept, decline, assign, record a contact,
complete, withdraw and cancel. Each checks what it can on its own (a reason given, a date that
is not in the future, a worker from the receiving organisation) so the person sees every
problem at once; the actions check the same again and have the last word."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from resettle.dates import GovukDateField
from resettle.referrals.actions import workers_for
from resettle.referrals.models import DeclineReason, DesiredOutcome, WithdrawReason

DETAIL_MAX = 2000


def _detail_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep this to 2,000 characters or fewer")},
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


def _workers(referral):
    return workers_for(referral).order_by("first_name", "last_name", "pk")


def _worker_field(referral, *, required, label):
    message = _("Choose someone who works at %(organisation)s") % {
        "organisation": referral.to_organisation.name
    }
    return WorkerChoiceField(
        label=label,
        queryset=_workers(referral),
        required=required,
        empty_label=None if required else _("Do not assign anyone yet"),
        error_messages={"required": message, "invalid_choice": message},
    )


class AcceptForm(forms.Form):
    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"] = _worker_field(
            referral, required=False, label=_("Assign it to (optional)")
        )


class AssignForm(forms.Form):
    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _worker_field(referral, required=True, label=_("Assign it to"))
        if referral.assigned_to_id and not self.is_bound:
            self.initial.setdefault("worker", referral.assigned_to_id)


class _ReasonForm(forms.Form):
    """A coded reason, and words of one's own, needed when the reason is "other"."""

    reason_required: str
    detail_required: str

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not cleaned.get("detail", "").strip():
            self.add_error("detail", self.detail_required)
        return cleaned


class DeclineForm(_ReasonForm):
    reason = forms.ChoiceField(
        label=_("Why are you declining this referral?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select why you are declining the referral"),
            "invalid_choice": _("Select why you are declining the referral"),
        },
    )
    detail = _detail_field(
        _("More detail"),
        _("Needed when the reason is other. The referrer will see this."),
    )
    detail_required = _("Say why you are declining the referral")


class WithdrawForm(_ReasonForm):
    reason = forms.ChoiceField(
        label=_("Why is this referral being withdrawn?"),
        choices=WithdrawReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select why the referral is being withdrawn"),
            "invalid_choice": _("Select why the referral is being withdrawn"),
        },
    )
    detail = _detail_field(
        _("More detail"),
        _("Needed when the reason is other. Both organisations will see this."),
    )
    detail_required = _("Say why the referral is being withdrawn")


class CancelForm(forms.Form):
    # Required: the receiving organisation may already have started, and deserves to know why.
    note = forms.CharField(
        label=_("Why are you cancelling it?"),
        help_text=_("The organisation you referred to will see this."),
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why you are cancelling the referral"),
            "max_length": _("Keep this to 2,000 characters or fewer"),
        },
    )


CONTACT_DATE_MESSAGES = {
    "required": _("Enter the date of the contact"),
    "day": _("The date of the contact must include a day"),
    "month": _("The date of the contact must include a month"),
    "year": _("The date of the contact must include a year"),
    "invalid": _("The date of the contact must be a real date, like 27 3 2026"),
}


class ContactForm(forms.Form):
    HOW_CHOICES = [
        ("in_person", _("In person")),
        ("prison_visit", _("In prison (an in-reach visit)")),
        ("phone", _("By phone")),
        ("video", _("By video call")),
        ("other", _("Another way")),
    ]

    on = GovukDateField(
        CONTACT_DATE_MESSAGES,
        label=_("When was the contact?"),
        help_text=_("For example, 27 3 2026"),
    )
    happened = forms.TypedChoiceField(
        label=_("Did the contact happen?"),
        choices=[
            ("yes", _("Yes")),
            ("no", _("No, they did not attend or could not be reached")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the contact happened"),
            "invalid_choice": _("Select whether the contact happened"),
        },
    )
    how = forms.ChoiceField(
        label=_("How was it?"),
        choices=HOW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how the contact was made or planned"),
            "invalid_choice": _("Select how the contact was made or planned"),
        },
    )
    note = _detail_field(_("Note (optional)"))

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the contact must be today or in the past"), code="future"
            )
        sent = timezone.localdate(self.referral.sent_at)
        if on < sent:
            raise forms.ValidationError(
                _("The date of the contact must be on or after %(date)s, when it was referred")
                % {"date": formats.date_format(sent, "j F Y")},
                code="before_sent",
            )
        return on


class CompleteForm(forms.Form):
    """One radio group per desired outcome: how far it was achieved."""

    note = _detail_field(
        _("Closing note (optional)"), _("What happened, for the referrer. Both sides see this.")
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = list(referral.outcomes.all())
        fields = {}
        for outcome in self.outcomes:
            message = _("Select how far “%(outcome)s” was achieved") % {
                "outcome": outcome.description
            }
            fields[self.field_name(outcome)] = forms.ChoiceField(
                label=outcome.description,
                choices=DesiredOutcome.Result.choices,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        # The outcomes first, in the order they were asked for; the note last.
        self.fields = {**fields, "note": self.fields["note"]}

    @staticmethod
    def field_name(outcome) -> str:
        return f"outcome_{outcome.pk}"

    def outcome_fields(self):
        return [self[self.field_name(outcome)] for outcome in self.outcomes]

    def results(self) -> dict:
        return {
            outcome.pk: self.cleaned_data[self.field_name(outcome)] for outcome in self.outcomes
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle import dates
from resettle.core import outcomes as vocabulary
from resettle.outcomes.actions import DETAIL_MESSAGES
from resettle.outcomes.models import AccommodationType, Kind, QualificationLevel, Source

MAX_EVIDENCE_LENGTH = 2_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class KindForm(forms.Form):
    """First question: what happened. The second page asks only for the details it needs."""

    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=Kind.choices,
        error_messages={
            "required": _("Choose what happened"),
            "invalid_choice": _("Choose what happened from the list"),
        },
    )


def _messages(field):
    return {
        "required": DETAIL_MESSAGES[field][vocabulary.MISSING],
        "invalid_choice": DETAIL_MESSAGES[field].get(vocabulary.NOT_A_CHOICE, ""),
        "invalid": DETAIL_MESSAGES[field].get(vocabulary.NOT_A_NUMBER, ""),
        "max_length": DETAIL_MESSAGES[field].get(vocabulary.TOO_LONG, ""),
        "min_value": DETAIL_MESSAGES[field].get(vocabulary.OUT_OF_RANGE, ""),
        "max_value": DETAIL_MESSAGES[field].get(vocabulary.OUT_OF_RANGE, ""),
    }


class OutcomeForm(forms.Form):
    """The date, how we know, and the details the chosen kind needs (the rest are removed)."""

    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    on = dates.DateField(
        label=_("Date it happened"),
        help_text=_("For example, 27/3/2025"),
        not_before=dates.EARLIEST,
        not_in_future=True,
        messages={"required": _("Enter the date it happened")},
    )
    accommodation_type = forms.ChoiceField(
        label=_("Type of accommodation"),
        choices=AccommodationType.choices,
        help_text=_(
            "Settled means a tenancy or a home the person can stay in for 6 months or more"
        ),
        error_messages=_messages(vocabulary.ACCOMMODATION_TYPE),
    )
    qualification_level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("Choose a level")), *QualificationLevel.choices],
        error_messages=_messages(vocabulary.QUALIFICATION_LEVEL),
    )
    qualification_title = forms.CharField(
        label=_("Name of the qualification"),
        help_text=_(
            "For example, Level 1 Award in Health and Safety in a Construction Environment"
        ),
        max_length=vocabulary.MAX_TITLE_LENGTH,
        error_messages=_messages(vocabulary.QUALIFICATION_TITLE),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"),
        min_value=vocabulary.MIN_HOURS_PER_WEEK,
        max_value=vocabulary.MAX_HOURS_PER_WEEK,
        error_messages=_messages(vocabulary.HOURS_PER_WEEK),
    )
    sector = forms.CharField(
        label=_("Kind of work"),
        help_text=_("For example, construction, catering or warehouse work"),
        max_length=vocabulary.MAX_SECTOR_LENGTH,
        error_messages=_messages(vocabulary.SECTOR),
    )
    source = forms.ChoiceField(
        label=_("How do you know?"),
        # An imported file is what imports say; a person typing it in knows it another way.
        choices=[choice for choice in Source.choices if choice[0] != Source.IMPORTED],
        error_messages={
            "required": _("Choose how you know"),
            "invalid_choice": _("Choose how you know from the list"),
        },
    )
    evidence_note = forms.CharField(
        label=_("Evidence (optional)"),
        help_text=_("What you saw or were told, for example a tenancy agreement or a payslip"),
        required=False,
        max_length=MAX_EVIDENCE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The evidence must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.kind_label = Kind(kind).label
        self.initial["kind"] = kind
        needed = vocabulary.details_needed(kind)
        for field in vocabulary.DETAIL_FIELDS:
            if field not in needed:
                del self.fields[field]

    def clean_kind(self):
        # The kind comes from the first page; a changed hidden field must not mix kinds.
        if self.cleaned_data["kind"] != self.kind:
            raise forms.ValidationError(_("Choose what happened again"))
        return self.kind


class ImportForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        error_messages={
            "required": _("Choose the organisation the outcomes are recorded for"),
            "invalid_choice": _("Choose an organisation you manage"),
        },
    )
    file = forms.FileField(
        label=_("CSV file"),
        error_messages={
            "required": _("Choose a CSV file to upload"),
            "empty": _("The file is empty"),
            "invalid": _("The file could not be read; try uploading it again"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(k, o.name) for k, o in self.organisations.items()]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 5 MB"))
        return upload

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.custody import actions
from resettle.custody.models import Movement
from resettle.dates import EARLIEST, DateField
from resettle.people.models import Person
from resettle.places.models import Prison


class CustodyForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The form was missing its version number. Reload the page."),
            "invalid": _("The form's version number was not valid. Reload the page."),
            "min_value": _("The form's version number was not valid. Reload the page."),
        },
    )
    sentence_band = forms.ChoiceField(
        label=_("Sentence length"),
        required=False,
        choices=[("", _("Not known yet")), *Person.SentenceBand.choices],
        error_messages={"invalid_choice": _("Select a sentence length from the list")},
    )
    release_date = DateField(
        label=_("Expected release date"),
        required=False,
        not_before=EARLIEST,
        help_text=_("Leave blank if it is not known yet."),
    )
    release_type = forms.ChoiceField(
        label=_("Release type"),
        required=False,
        choices=[("", _("Not known yet")), *Person.ReleaseType.choices],
        error_messages={"invalid_choice": _("Select a release type from the list")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if not person.in_custody:
            self.fields["release_date"].label = _("Date released")
            self.fields["release_date"].help_text = _("It must be today or in the past.")
            self.fields["release_type"].choices = [
                ("", _("Not known")),
                *Person.ReleaseType.choices,
            ]

    @classmethod
    def initial_for(cls, person):
        return {
            "version": person.version,
            "sentence_band": person.sentence_band,
            "release_date": person.release_date,
            "release_type": person.release_type,
        }

    def custody_data(self):
        return {field: self.cleaned_data[field] for field in actions.CUSTODY_FIELDS}


class MovementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=Movement.Kind.choices,
        error_messages={
            "required": _("Select what happened"),
            "invalid_choice": _("Select what happened"),
        },
    )
    on = DateField(
        label=_("Date"),
        help_text=_("It must be today or in the past."),
        not_before=EARLIEST,
        messages={"required": _("Enter the date it happened")},
    )
    prison = forms.ModelChoiceField(
        label=_("Prison"),
        required=False,
        queryset=Prison.objects.order_by("name"),
        empty_label=_("Select a prison"),
        help_text=_(
            "The prison they went to. Not needed for a release: we record the prison they left."
        ),
        error_messages={"invalid_choice": _("Select a prison from the list")},
    )
    release_type = forms.ChoiceField(
        label=_("Release type"),
        required=False,
        choices=Person.ReleaseType.choices,
        help_text=_("Only for a release."),
        error_messages={"invalid_choice": _("Select a release type from the list")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The note must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned:
            for field, message in actions.movement_problems(self.person, cleaned).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def movement_data(self):
        return {
            field: self.cleaned_data[field] for field in ("kind", "on", "prison", "release_type")
        } | {"note": self.cleaned_data["note"].strip()}

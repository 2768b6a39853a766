from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.consents import actions
from resettle.consents.models import Consent
from resettle.dates import EARLIEST, DateField
from resettle.organisations.models import Organisation


def note_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The note must be 2,000 characters or fewer")},
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("What is being shared?"),
        choices=Consent.Purpose.choices,
        error_messages={
            "required": _("Select what they agreed to"),
            "invalid_choice": _("Select what they agreed to"),
        },
    )
    organisation = OrganisationChoiceField(
        label=_("Shared with"),
        required=False,
        queryset=Organisation.objects.only("id", "name").order_by("name", "id"),
        empty_label=_("Any organisation working with them"),
        help_text=_("Choose one organisation if they only agreed to share with that one."),
        error_messages={"invalid_choice": _("Select an organisation from the list")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=Consent.LawfulBasis.choices,
        error_messages={
            "required": _("Select the lawful basis"),
            "invalid_choice": _("Select the lawful basis"),
        },
    )
    how_recorded = forms.ChoiceField(
        label=_("How was consent given?"),
        required=False,
        choices=Consent.HowRecorded.choices,
        help_text=_("Needed when the lawful basis is consent."),
        error_messages={"invalid_choice": _("Select how consent was given")},
    )
    given_on = DateField(
        label=_("Date given"),
        help_text=_("It must be today or in the past."),
        not_before=EARLIEST,
        messages={"required": _("Enter the date they gave consent")},
    )
    note = note_field(_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _(
            "Optional for consent. For any other lawful basis, say why it applies."
        )

    def clean(self):
        cleaned = super().clean()
        for field, message in actions.basis_problems(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class WithdrawForm(forms.Form):
    withdrawn_on = DateField(
        label=_("Date withdrawn"),
        help_text=_("It must be today or in the past."),
        not_before=EARLIEST,
        messages={"required": _("Enter the date they withdrew consent")},
    )
    note = note_field(_("Note (optional)"))

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent

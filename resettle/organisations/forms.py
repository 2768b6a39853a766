"""Editing an organisation's directory entry."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.fields import email_field, website_field
from resettle.organisations.models import Organisation
from resettle.services.forms import _selected, grouped_terms
from resettle.taxonomy.models import TaxonomyTerm

# England and Wales charities: 6 or 7 digits (with an optional "-1" for linked charities);
# Scotland: SC + 6 digits; Northern Ireland: NIC + 6 digits, or a 6-digit XN/XR number.
CHARITY_NUMBER = re.compile(r"^(\d{6,7}(-\d{1,2})?|SC\d{6}|NIC\d{6}|X[NR]\d{5,6})$")
# Companies House: 8 characters, either 8 digits or a 2-letter prefix and 6 digits.
COMPANY_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")

ORGANISATION_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "kind",
    "website",
    "email",
    "charity_number",
    "company_number",
]


class OrganisationForm(forms.Form):
    # The last-changed time the editor started from: a later one means someone else saved.
    version = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": _("The form was missing its version. Reload the page.")},
    )
    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={
            "required": _("Enter the organisation's name"),
            "max_length": _("Organisation name must be 200 characters or fewer"),
        },
    )
    alternate_name = forms.CharField(
        label=_("Other name (optional)"),
        help_text=_("For example, a short name or the name people know it by."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Other name must be 200 characters or fewer")},
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the organisation does and who it helps, in plain English."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Description must be 5,000 characters or fewer")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what kind of organisation it is"),
            "invalid_choice": _("Select what kind of organisation it is"),
        },
    )
    website = website_field(_("Website (optional)"))
    email = email_field(_("Email address (optional)"))
    charity_number = forms.CharField(
        label=_("Registered charity number (optional)"),
        help_text=_("For example, 1234567 or SC012345."),
        required=False,
        max_length=20,
        error_messages={"max_length": _("Enter a charity number, like 1234567 or SC012345")},
    )
    company_number = forms.CharField(
        label=_("Company number (optional)"),
        help_text=_("8 characters, for example 01234567 or SC123456."),
        required=False,
        max_length=20,
        error_messages={"max_length": _("Enter a company number, like 01234567 or SC123456")},
    )
    led_by_and_for = forms.ModelMultipleChoiceField(
        label=_("Is the organisation led by and for a particular community?"),
        help_text=_(
            "Select the groups whose members lead the organisation and whom it serves. "
            "Leave all unticked if it is not."
        ),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select groups from the list"),
            "invalid_pk_value": _("Select groups from the list"),
        },
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.groups()
        self.term_groups = grouped_terms(terms)
        self.fields["led_by_and_for"].queryset = terms.filter(
            pk__in=[t.pk for _parent, children in self.term_groups for t in children]
        )
        if organisation is not None and not self.is_bound:
            self.initial = {f: getattr(organisation, f) for f in ORGANISATION_FIELDS}
            self.initial["version"] = version_of(organisation)
            self.initial["led_by_and_for"] = list(
                organisation.led_by_and_for.values_list("pk", flat=True)
            )

    def clean_charity_number(self):
        number = re.sub(r"\s+", "", self.cleaned_data["charity_number"]).upper()
        if number and not CHARITY_NUMBER.match(number):
            raise forms.ValidationError(_("Enter a charity number, like 1234567 or SC012345"))
        return number

    def clean_company_number(self):
        number = re.sub(r"\s+", "", self.cleaned_data["company_number"]).upper()
        if number.isdigit() and len(number) < 8:
            # Companies House numbers are often written without their leading zeros.
            number = number.zfill(8)
        if number and not COMPANY_NUMBER.match(number):
            raise forms.ValidationError(_("Enter a company number, like 01234567 or SC123456"))
        return number

    def organisation_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in ORGANISATION_FIELDS}

    def led_by_and_for_groups(self):
        chosen = _selected(self, "led_by_and_for")
        auto_id = self["led_by_and_for"].auto_id
        fieldsets, index = [], 0
        for parent, terms in self.term_groups:
            options = []
            for term in terms:
                options.append(
                    {
                        "id": auto_id if index == 0 else f"{auto_id}_{index}",
                        "value": str(term.pk),
                        "label": term.name,
                        "checked": str(term.pk) in chosen,
                    }
                )
                index += 1
            fieldsets.append({"legend": parent.name, "options": options})
        return fieldsets


def version_of(organisation: Organisation) -> str:
    return organisation.updated_at.isoformat()


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search organisations by name"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search text must be 100 characters or fewer")},
    )

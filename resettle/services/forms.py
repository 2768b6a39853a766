"""Forms for editing a directory service, one short page at a time.

Messages follow the GOV.UK Design System's error message patterns: say what is wrong and how
to fix it, in the words of the question. Every form that changes an existing service carries
the version it was based on, so a stale edit can be refused rather than overwrite.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.core.languages import LANGUAGES
from resettle.core.postcodes import PostcodeError, parse
from resettle.fields import email_field, website_field
from resettle.places.models import Borough, Prison
from resettle.services import actions
from resettle.services.models import Schedule, Service
from resettle.taxonomy.models import TaxonomyTerm

MAX_AGE = 120
MAX_WAIT_DAYS = 730
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p"]


class VersionedForm(forms.Form):
    """Carries the version of the service the editor started from."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The form was missing its version number. Reload the page."),
            "invalid": _("The form's version number was not valid. Reload the page."),
            "min_value": _("The form's version number was not valid. Reload the page."),
        },
    )

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        if service is not None:
            self.initial.setdefault("version", service.version)


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def _age_field(label, messages):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=MAX_AGE, error_messages=messages
    )


# Whole sentences per field, so translators never have to assemble one from parts.
MINIMUM_AGE_MESSAGES = {
    "invalid": _("Minimum age must be a whole number, like 18"),
    "min_value": _("Minimum age must be 0 or more"),
    "max_value": _("Minimum age must be %(limit_value)s or less"),
}
MAXIMUM_AGE_MESSAGES = {
    "invalid": _("Maximum age must be a whole number, like 25"),
    "min_value": _("Maximum age must be 0 or more"),
    "max_value": _("Maximum age must be %(limit_value)s or less"),
}


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ServiceDetailsForm(forms.Form):
    """Main details: what the service is, who it is for and how to get it."""

    name = forms.CharField(
        label=_("Service name"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the service"),
            "max_length": _("Service name must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the service does, in plain English."),
        widget=_textarea(6),
        max_length=5000,
        error_messages={
            "required": _("Enter a description of the service"),
            "max_length": _("Description must be 5,000 characters or fewer"),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Service.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the status of the service"),
            "invalid_choice": _("Select the status of the service"),
        },
    )
    eligibility_description = forms.CharField(
        label=_("Who the service is for"),
        help_text=_("For example, people released in the last 12 months to Southwark."),
        required=False,
        max_length=2000,
        widget=_textarea(3),
        error_messages={
            "max_length": _("Who the service is for must be 2,000 characters or fewer")
        },
    )
    minimum_age = _age_field(_("Minimum age"), MINIMUM_AGE_MESSAGES)
    maximum_age = _age_field(_("Maximum age"), MAXIMUM_AGE_MESSAGES)
    sex_eligibility = forms.ChoiceField(
        label=_("Who can use the service, by sex"),
        choices=Service.Sex.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select who can use the service")},
    )
    application_process = forms.CharField(
        label=_("How to apply"),
        required=False,
        max_length=2000,
        widget=_textarea(3),
        error_messages={"max_length": _("How to apply must be 2,000 characters or fewer")},
    )
    accepts_self_referral = forms.BooleanField(
        label=_("People can refer themselves"), required=False
    )
    accepts_professional_referral = forms.BooleanField(
        label=_("Professionals can refer people"), required=False
    )
    accepting_referrals = forms.TypedChoiceField(
        label=_("Is the service taking new referrals now?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if the service is taking new referrals now"),
            "invalid_choice": _("Select yes if the service is taking new referrals now"),
        },
    )
    fees_description = forms.CharField(
        label=_("Cost"),
        help_text=_("Leave blank if the service is free."),
        required=False,
        max_length=1000,
        widget=_textarea(2),
        error_messages={"max_length": _("Cost must be 1,000 characters or fewer")},
    )
    typical_wait_days = forms.IntegerField(
        label=_("Typical wait, in days"),
        help_text=_("How long people usually wait to be seen after a referral."),
        required=False,
        min_value=0,
        max_value=MAX_WAIT_DAYS,
        error_messages={
            "invalid": _("Typical wait must be a whole number of days, like 14"),
            "min_value": _("Typical wait must be 0 days or more"),
            "max_value": _("Typical wait must be %(limit_value)s days or fewer"),
        },
    )
    mark_reviewed = forms.BooleanField(
        label=_("I have checked the whole entry and it is correct today"),
        help_text=_("This marks the service as reviewed today."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error(
                "maximum_age", _("Maximum age must be the same as or more than the minimum age")
            )
        return data

    def service_data(self, today) -> dict:
        data = {f: self.cleaned_data[f] for f in actions.DETAIL_FIELDS}
        if self.cleaned_data.get("mark_reviewed"):
            data["last_reviewed"] = today
        return data

    @staticmethod
    def initial_for(service: Service) -> dict:
        initial = {f: getattr(service, f) for f in actions.DETAIL_FIELDS}
        initial["accepting_referrals"] = "yes" if service.accepting_referrals else "no"
        return initial


class EditServiceDetailsForm(ServiceDetailsForm, VersionedForm):
    pass


def grouped_terms(queryset):
    """[(heading term, [choosable terms])]: children under their parent, or a childless
    top-level term as its own only choice (e.g. Marriage and civil partnership)."""
    terms = list(queryset.order_by("position", "name"))
    children = {}
    for term in terms:
        if term.parent_id:
            children.setdefault(term.parent_id, []).append(term)
    return [(t, children.get(t.pk, [t])) for t in terms if t.parent_id is None]


def _selected(form, name) -> set[str]:
    """The values currently chosen in a multiple-choice field, as strings."""
    value = form[name].value() or []
    return {str(getattr(v, "pk", v)) for v in value}


class ServiceNeedsForm(VersionedForm):
    needs = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        label=_("Which needs does the service meet?"),
        error_messages={
            "required": _("Select at least one need the service meets"),
            "invalid_choice": _("Select needs from the list"),
            "invalid_pk_value": _("Select needs from the list"),
        },
    )
    groups = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        label=_("Which groups does the service specialise in?"),
        required=False,
        error_messages={
            "invalid_choice": _("Select groups from the list"),
            "invalid_pk_value": _("Select groups from the list"),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages can the service work in?"),
        choices=sorted(LANGUAGES.items(), key=lambda item: item[1]),
        required=False,
        error_messages={"invalid_choice": _("Select languages from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, terms in [
            ("needs", TaxonomyTerm.objects.needs()),
            ("groups", TaxonomyTerm.objects.groups()),
        ]:
            groups = grouped_terms(terms)
            self.fields[name].queryset = terms.filter(
                pk__in=[t.pk for _parent, children in groups for t in children]
            )
            self.fields[name].groups = groups

    def checkbox_groups(self, name):
        """Fieldsets for the template: legend and checkboxes, ticked from input or initial."""
        chosen = _selected(self, name)
        auto_id = self[name].auto_id
        fieldsets, index = [], 0
        for parent, terms in self.fields[name].groups:
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

    def need_groups(self):
        return self.checkbox_groups("needs")

    def group_groups(self):
        return self.checkbox_groups("groups")

    @staticmethod
    def initial_for(service: Service) -> dict:
        from resettle.services.models import Attribute

        attributes = service.attributes.values_list("taxonomy_term_id", "link_type")
        return {
            "needs": [pk for pk, kind in attributes if kind == Attribute.NEED],
            "groups": [pk for pk, kind in attributes if kind == Attribute.GROUP],
            "languages": list(service.languages.values_list("code", flat=True)),
        }


class ServiceAreaForm(VersionedForm):
    coverage = forms.ChoiceField(
        label=_("Where does the service work?"),
        choices=[
            (actions.COVERAGE_BOROUGHS, _("In particular London boroughs")),
            (actions.COVERAGE_LONDON, _("Across all of London")),
            (actions.COVERAGE_NATIONAL, _("Across England and Wales")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select where the service works"),
            "invalid_choice": _("Select where the service works"),
        },
    )
    boroughs = forms.ModelMultipleChoiceField(
        label=_("Which boroughs?"),
        help_text=_("Only if the service works in particular boroughs. Select all that apply."),
        queryset=Borough.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select boroughs from the list"),
            "invalid_pk_value": _("Select boroughs from the list"),
        },
    )
    in_reach_prisons = forms.ModelMultipleChoiceField(
        label=_("Which prisons does the service work in before people are released?"),
        help_text=_("Leave all unticked if the service does not work in prisons."),
        queryset=Prison.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select prisons from the list"),
            "invalid_pk_value": _("Select prisons from the list"),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("coverage") == actions.COVERAGE_BOROUGHS and not data.get("boroughs"):
            self.add_error("boroughs", _("Select at least one borough the service works in"))
        return data

    @staticmethod
    def initial_for(service: Service) -> dict:
        return {
            "coverage": actions.coverage_of(service),
            "boroughs": list(
                service.service_areas.filter(borough__isnull=False).values_list(
                    "borough_id", flat=True
                )
            ),
            "in_reach_prisons": list(service.in_reach_prisons.values_list("pk", flat=True)),
        }


class ServiceContactForm(VersionedForm):
    url = website_field(_("Website"))
    email = email_field(_("Contact email address"))


PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def clean_phone_number(raw: str) -> str:
    number = " ".join(raw.split())
    digits = re.sub(r"\D", "", number)
    if not PHONE_CHARACTERS.match(number) or not 10 <= len(digits) <= 15:
        raise forms.ValidationError(_("Enter a phone number, like 020 7946 0000 or 07700 900 982"))
    return number


class PhoneForm(forms.Form):
    number = forms.CharField(label=_("Phone number"), required=False, max_length=50)
    description = forms.CharField(
        label=_("What is this number for? (optional)"),
        help_text=_("For example, referrals, or the helpline."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Description must be 200 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        number = data.get("number", "")
        if number:
            try:
                data["number"] = clean_phone_number(number)
            except forms.ValidationError as error:
                self.add_error("number", error)
        elif data.get("description"):
            self.add_error("number", _("Enter a phone number, or clear what it is for"))
        return data


PhoneFormSet = forms.formset_factory(PhoneForm, extra=1, max_num=5, validate_max=True)


def phone_formset(service, data=None):
    initial = [
        {"number": p.number, "description": p.description} for p in service.phones.order_by("id")
    ]
    return PhoneFormSet(data, initial=initial, prefix="phones")


def phones_from(formset) -> list[dict]:
    return [
        {"number": f.cleaned_data["number"], "description": f.cleaned_data.get("description", "")}
        for f in formset.forms
        if f.cleaned_data.get("number")
    ]


class LocationForm(VersionedForm):
    name = forms.CharField(
        label=_("Name of the place (optional)"),
        help_text=_("For example, Peckham drop-in centre."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Name must be 200 characters or fewer")},
    )
    address_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        error_messages={
            "required": _("Enter address line 1, typically the building and street"),
            "max_length": _("Address line 1 must be 200 characters or fewer"),
        },
    )
    address_2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Address line 2 must be 200 characters or fewer")},
    )
    city = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        initial="London",
        error_messages={
            "required": _("Enter town or city"),
            "max_length": _("Town or city must be 100 characters or fewer"),
        },
    )
    postal_code = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        error_messages={
            "required": _("Enter a postcode"),
            "max_length": _("Enter a real postcode, like SE1 7TP"),
        },
    )
    borough = forms.ModelChoiceField(
        label=_("Borough (optional)"),
        help_text=_("Leave as it is to work it out from the postcode."),
        queryset=Borough.objects.all(),
        required=False,
        empty_label=_("Work it out from the postcode"),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )
    confidential = forms.BooleanField(
        label=_("This address is confidential"),
        help_text=_(
            "For example, a refuge. Only signed-in professionals will see the address; "
            "the public and the open data API will not."
        ),
        required=False,
    )
    accessibility = forms.CharField(
        label=_("Accessibility (optional)"),
        help_text=_("For example, step-free access, a hearing loop, an accessible toilet."),
        required=False,
        max_length=2000,
        widget=_textarea(3),
        error_messages={"max_length": _("Accessibility must be 2,000 characters or fewer")},
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={
            "invalid": _("Latitude must be a number, like 51.5010"),
            "min_value": _("Latitude must be between -90 and 90"),
            "max_value": _("Latitude must be between -90 and 90"),
        },
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={
            "invalid": _("Longitude must be a number, like -0.1160"),
            "min_value": _("Longitude must be between -180 and 180"),
            "max_value": _("Longitude must be between -180 and 180"),
        },
    )

    def clean_postal_code(self):
        raw = self.cleaned_data["postal_code"]
        try:
            _outward, full = parse(raw)
        except PostcodeError:
            raise forms.ValidationError(_("Enter a real postcode, like SE1 7TP")) from None
        if full is None:
            raise forms.ValidationError(_("Enter the full postcode, like SE1 7TP"))
        return full

    def clean(self):
        data = super().clean()
        has_lat = data.get("latitude") is not None
        has_long = data.get("longitude") is not None
        if has_lat and not has_long and "longitude" not in self.errors:
            self.add_error("longitude", _("Enter a longitude as well as a latitude, or neither"))
        if has_long and not has_lat and "latitude" not in self.errors:
            self.add_error("latitude", _("Enter a latitude as well as a longitude, or neither"))
        return data

    def location_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in actions.LOCATION_FIELDS}

    @staticmethod
    def initial_for(location) -> dict:
        return {f: getattr(location, f) for f in actions.LOCATION_FIELDS}


class OpeningTimesForm(forms.Form):
    """One row of a weekly schedule: these days, from this time to that time."""

    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=Schedule.DAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select days from the list")},
    )
    opens_at = forms.TimeField(
        label=_("Opens at"),
        help_text=_("For example, 09:30"),
        required=False,
        input_formats=TIME_FORMATS,
        error_messages={"invalid": _("Enter the opening time as a 24-hour time, like 09:30")},
    )
    closes_at = forms.TimeField(
        label=_("Closes at"),
        help_text=_("For example, 17:00"),
        required=False,
        input_formats=TIME_FORMATS,
        error_messages={"invalid": _("Enter the closing time as a 24-hour time, like 17:00")},
    )

    def clean(self):
        data = super().clean()
        if not self.is_filled_in():
            return data
        if not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("Select the days these opening times are for"))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens is None and "opens_at" not in self.errors:
            self.add_error("opens_at", _("Enter the time it opens, like 09:30"))
        if closes is None and "closes_at" not in self.errors:
            self.add_error("closes_at", _("Enter the time it closes, like 17:00"))
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes_at", _("Closing time must be after the opening time"))
        return data

    def is_filled_in(self) -> bool:
        """Blank rows are spare; any input at all makes the row count."""
        return any(self[name].data for name in ("days", "opens_at", "closes_at"))

    def day_options(self):
        chosen = set(self["days"].value() or [])
        auto_id = self["days"].auto_id
        return [
            {
                "id": auto_id if index == 0 else f"{auto_id}_{index}",
                "value": code,
                "label": label,
                "checked": code in chosen,
            }
            for index, (code, label) in enumerate(Schedule.DAYS)
        ]


OpeningTimesFormSet = forms.formset_factory(
    OpeningTimesForm, extra=2, max_num=14, validate_max=True
)


def opening_times_formset(at_location=None, data=None):
    initial = []
    if at_location is not None:
        initial = [
            {"days": s.day_codes(), "opens_at": _hhmm(s.opens_at), "closes_at": _hhmm(s.closes_at)}
            for s in at_location.schedules.order_by("opens_at")
        ]
    return OpeningTimesFormSet(data, initial=initial, prefix="times")


def _hhmm(value):
    # Shown as people type times (09:30), not as Python prints them (09:30:00).
    return value.strftime("%H:%M") if value is not None else ""


def opening_times_from(formset) -> list[dict]:
    return [
        {
            "days": f.cleaned_data["days"],
            "opens_at": f.cleaned_data["opens_at"],
            "closes_at": f.cleaned_data["closes_at"],
        }
        for f in formset.forms
        if f.is_filled_in()
    ]


def error_summary(*forms_and_formsets) -> list[tuple[str, str]]:
    """(anchor, message) pairs for a GOV.UK error summary across forms and formsets.

    Each field error links to the field's first input; form-wide errors have no anchor.
    """
    entries = []
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            entries += [("", str(e)) for e in item.non_form_errors()]
            entries += error_summary(*item.forms)
            continue
        entries += [("", str(e)) for e in item.non_field_errors()]
        for field in item:
            if field.is_hidden:
                entries += [("", str(e)) for e in field.errors]
            else:
                entries += [(field.auto_id, str(e)) for e in field.errors]
    return entries

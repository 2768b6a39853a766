"""Forms for who a person is: identity, contact, language and communication needs, the
organisations working with them, and merging two records of one person."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core.languages import LANGUAGES
from resettle.dates import GovukDateField
from resettle.fields import email_field
from resettle.people import actions
from resettle.people.models import Person
from resettle.places.models import Borough, Prison

PRISON_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")
# Police National Computer ids are written year/serial plus a check letter, e.g. 2012/0123456X;
# older ones have two-digit years and shorter serials, so the check is loose on purpose.
PNC_ID = re.compile(r"^(\d{2}|\d{4})/\d{1,7}[A-Z]$")
PHONE = re.compile(r"^\+?[\d\s()\-]{6,30}$")
YOUNGEST, OLDEST = 10, 110


def normalised_prison_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def looks_like_prison_number(value: str) -> bool:
    return bool(PRISON_NUMBER.match(normalised_prison_number(value)))


def language_choices():
    others = sorted(((c, n) for c, n in LANGUAGES.items() if c != "en"), key=lambda c: c[1])
    return [("en", LANGUAGES["en"]), *others]


def parse_other_names(text: str) -> list[tuple[str, str]]:
    """One name a line, "First Last": the last word is the last name, the rest the first
    name(s). A single word is taken as a last name."""
    names = []
    for line in (text or "").splitlines():
        words = line.replace(",", " ").split()
        if not words:
            continue
        names.append((" ".join(words[:-1]), words[-1]))
    return names


def other_names_text(person) -> str:
    return "\n".join(str(other) for other in person.other_names.all())


DATE_OF_BIRTH_MESSAGES = {
    "required": _("Enter their date of birth"),
    "day": _("Date of birth must include a day"),
    "month": _("Date of birth must include a month"),
    "year": _("Date of birth must include a year"),
    "invalid": _("Date of birth must be a real date, like 27 3 1990"),
}
RELEASE_DATE_MESSAGES = {
    "day": _("Release date must include a day"),
    "month": _("Release date must include a month"),
    "year": _("Release date must include a year"),
    "invalid": _("Release date must be a real date, like 4 11 2026"),
}


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


# --- Who the person is ----------------------------------------------------------------------


class PersonDetailsForm(forms.Form):
    """Identity, contact, home area, language and communication needs. Custody and release
    are edited on the custody pages, except when a record is first created."""

    IDENTITY_FIELDS = actions.IDENTITY_FIELDS

    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={
            "required": _("Enter their first name"),
            "max_length": _("First name must be 100 characters or fewer"),
        },
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={
            "required": _("Enter their last name"),
            "max_length": _("Last name must be 100 characters or fewer"),
        },
    )
    other_names = forms.CharField(
        label=_("Other names they are known by (optional)"),
        required=False,
        widget=_textarea(),
        help_text=_("One name a line, first name then last name. For example, a previous name."),
    )
    date_of_birth = GovukDateField(
        DATE_OF_BIRTH_MESSAGES, label=_("Date of birth"), help_text=_("For example, 27 3 1990")
    )
    sex = forms.ChoiceField(
        label=_("Sex (optional)"),
        # Blank is a choice of its own, so a caseworker can say it is not on the record
        # rather than guess.
        choices=[*Person.Sex.choices, ("", _("Not recorded"))],
        required=False,
        help_text=Person._meta.get_field("sex").help_text,
        error_messages={"invalid_choice": _("Select female, male or not recorded")},
    )
    prison_number = forms.CharField(
        label=_("Prison number"),
        max_length=12,
        help_text=_("A letter, 4 numbers and 2 letters, for example A1234BC"),
        error_messages={"required": _("Enter their prison number")},
    )
    pnc_id = forms.CharField(
        label=_("PNC ID (optional)"),
        required=False,
        max_length=20,
        help_text=_("Police National Computer ID, for example 2012/0123456X"),
    )
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=30)
    email = email_field(_("Email address (optional)"))
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=500,
        widget=_textarea(),
        error_messages={"max_length": _("Address must be 500 characters or fewer")},
    )
    home_borough = forms.ModelChoiceField(
        label=_("Home area (borough)"),
        queryset=Borough.objects.all(),
        required=False,
        empty_label=_("Not known"),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        error_messages={
            "required": _("Select their preferred language"),
            "invalid_choice": _("Select a language from the list"),
        },
    )
    interpreter_needed = forms.BooleanField(label=_("They need an interpreter"), required=False)
    communication_needs = forms.MultipleChoiceField(
        label=_("Communication and accessibility needs"),
        required=False,
        choices=Person.CommunicationNeed.choices,
        help_text=_("Select all that apply"),
        error_messages={"invalid_choice": _("Select needs from the list")},
    )
    communication_notes = forms.CharField(
        label=_("Anything else that helps them communicate (optional)"),
        required=False,
        max_length=2000,
        widget=_textarea(),
        help_text=_("For example, easy read letters, or time to go through forms together"),
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person is not None:
            # An existing record may lack these; once known they cannot be removed here.
            self.fields["date_of_birth"].required = person.date_of_birth is not None
            self.fields["prison_number"].required = bool(person.prison_number)

    @staticmethod
    def initial_for(person) -> dict:
        initial = {name: getattr(person, name) for name in PersonDetailsForm.IDENTITY_FIELDS}
        initial["home_borough"] = person.home_borough_id
        initial["other_names"] = other_names_text(person)
        initial["version"] = person.version
        return initial

    def clean_given_name(self):
        return " ".join(self.cleaned_data["given_name"].split())

    def clean_family_name(self):
        return " ".join(self.cleaned_data["family_name"].split())

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Date of birth must be in the past"))
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < YOUNGEST:
            raise forms.ValidationError(
                _("Check the date of birth: they would be younger than %(age)s") % {"age": YOUNGEST}
            )
        if age > OLDEST:
            raise forms.ValidationError(
                _("Check the date of birth: they would be older than %(age)s") % {"age": OLDEST}
            )
        return born

    def clean_prison_number(self):
        value = normalised_prison_number(self.cleaned_data["prison_number"])
        if value and not PRISON_NUMBER.match(value):
            raise forms.ValidationError(
                _("Enter a prison number in the correct format, like A1234BC")
            )
        return value

    def clean_pnc_id(self):
        value = "".join(self.cleaned_data["pnc_id"].split()).upper()
        if value and not PNC_ID.match(value):
            raise forms.ValidationError(
                _("Enter a PNC ID in the correct format, like 2012/0123456X")
            )
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError(
                _("Enter a phone number, like 07700 900982 or +44 20 7946 0000")
            )
        return value

    def clean_other_names(self):
        names = parse_other_names(self.cleaned_data["other_names"])
        for given, family in names:
            if len(given) > 100 or len(family) > 100:
                raise forms.ValidationError(_("Each name must be 100 characters or fewer"))
        if len(names) > 20:
            raise forms.ValidationError(_("Enter 20 other names or fewer"))
        return names

    def person_data(self) -> dict:
        """What the actions take: the person's fields, and other names as (first, last)."""
        data = {name: self.cleaned_data[name] for name in self.IDENTITY_FIELDS}
        data["other_names"] = self.cleaned_data["other_names"]
        return data


class EditPersonDetailsForm(PersonDetailsForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The form was missing its version number. Reload the page."),
            "invalid": _("The form's version number was not valid. Reload the page."),
            "min_value": _("The form's version number was not valid. Reload the page."),
        },
    )


class CreatePersonForm(PersonDetailsForm):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation is working with them?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Select the organisation working with them"),
            "invalid_choice": _("Select one of your organisations"),
        },
    )
    custody_status = forms.ChoiceField(
        label=_("Where are they now?"),
        choices=Person.Custody.choices,
        initial=Person.Custody.IN_CUSTODY,
        error_messages={"required": _("Select whether they are in custody or in the community")},
    )
    current_prison = forms.ModelChoiceField(
        label=_("Prison (optional)"),
        queryset=Prison.objects.all(),
        required=False,
        empty_label=_("Not known"),
        error_messages={"invalid_choice": _("Select a prison from the list")},
    )
    sentence_band = forms.ChoiceField(
        label=_("Sentence length (optional)"),
        choices=[("", _("Not known")), *Person.SentenceBand.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a sentence length from the list")},
    )
    release_date = GovukDateField(
        RELEASE_DATE_MESSAGES,
        label=_("Release date (optional)"),
        required=False,
        help_text=_(
            "Expected release date, or the date they were released. For example, 4 11 2026"
        ),
    )
    release_type = forms.ChoiceField(
        label=_("Release type (optional)"),
        choices=[("", _("Not known")), *Person.ReleaseType.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a release type from the list")},
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person, create a new record"),
        required=False,
    )

    CUSTODY_FIELDS = actions.CUSTODY_FIELDS

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.single_organisation = organisations.count() == 1
        if self.single_organisation:
            self.only_organisation = organisations.get()
            self.fields["organisation"].required = False
        self.fields["preferred_language"].initial = "en"

    def clean_organisation(self):
        if self.single_organisation:
            return self.only_organisation  # nothing to choose, so nothing is asked
        return self.cleaned_data["organisation"]

    def clean(self):
        cleaned = super().clean()
        released = cleaned.get("release_date")
        status = cleaned.get("custody_status")
        today = timezone.localdate()
        if released and status == Person.Custody.IN_COMMUNITY and released > today:
            self.add_error(
                "release_date",
                _("Release date must be today or in the past for someone in the community"),
            )
        elif released and abs((released - today).days) > 365 * 60:
            self.add_error("release_date", _("Check the release date: it is too far away"))
        return cleaned

    def person_data(self) -> dict:
        data = super().person_data()
        data |= {name: self.cleaned_data[name] for name in self.CUSTODY_FIELDS}
        return data


# --- Finding people -------------------------------------------------------------------------


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or prison number"),
        required=False,
        max_length=100,
        help_text=_("Last name, full name, or a prison number like A1234BC"),
        error_messages={"max_length": _("Search must be 100 characters or fewer")},
    )
    date_of_birth = GovukDateField(
        DATE_OF_BIRTH_MESSAGES,
        required=False,
        label=_("Date of birth (optional)"),
        help_text=_("For example, 27 3 1990"),
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def has_terms(self) -> bool:
        """Whether there is anything to search for (an empty search lists nobody)."""
        return bool(self.cleaned_data.get("q") or self.cleaned_data.get("date_of_birth"))


# --- Organisations working with the person --------------------------------------------------


class AddInvolvementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("Choose an organisation"),
        help_text=_("Only organisations whose staff use Resettle are listed"),
        error_messages={
            "required": _("Select the organisation supporting them"),
            "invalid_choice": _("Select an organisation from the list"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AllocateWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("Key worker"),
        queryset=None,
        empty_label=_("Choose a worker"),
        error_messages={
            "required": _("Select a worker"),
            "invalid_choice": _("Select a worker from the list"),
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class EndInvolvementForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this ending?"),
        max_length=200,
        help_text=_("For example, support finished, moved out of area, or returned to custody"),
        error_messages={
            "required": _("Enter why the work with them is ending"),
            "max_length": _("Reason must be 200 characters or fewer"),
        },
    )

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())


# --- Merging two records --------------------------------------------------------------------


class MergeFindForm(forms.Form):
    q = forms.CharField(
        label=_("Prison number or name of the other record"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search must be 100 characters or fewer")},
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class MergeConfirmForm(forms.Form):
    duplicate = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the other record again"),
            "invalid": _("Choose the other record again"),
        },
    )
    confirm = forms.BooleanField(
        label=_("I have checked these are the same person"),
        error_messages={"required": _("Confirm these records are the same person")},
    )

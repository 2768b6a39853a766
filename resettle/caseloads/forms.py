"""Filters and sorting for the caseload pages and the worklist, all from GET parameters.

Every parameter is checked here. A value that is not one of the choices is reported in the
error summary and that filter is left out, so a mistyped or stale link still shows a list.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.accounts.models import Role
from resettle.caseloads.flags import FLAG_CHOICES
from resettle.people.models import CASEWORK_ROLES, Person
from resettle.places.models import Borough, Prison

UNALLOCATED = "unallocated"
WINDOWS = {"12": 12, "24": 24}

# Sort keys in the URL and the columns they order by. Name breaks ties, then the id, so a
# person never appears on two pages or none.
# The columns are the caseload entry's (resettle/caseloads/entries.py).
SORTS = {
    "name": ("name_key",),
    "release": ("release_date",),
    "contact": ("last_contact_on",),
    "prison": ("prison__name",),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
MENTOR_SORTS = ("name", "release")


class FilterForm(forms.Form):
    """Shared by the two caseload pages; the worklist uses WorklistForm."""

    sort = forms.ChoiceField(
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("Sort by name, release date, last contact or prison")},
    )
    status = forms.ChoiceField(
        label=_("Where they are"),
        required=False,
        choices=[("", _("Anywhere")), *Person.Custody.choices],
        error_messages={"invalid_choice": _("Choose in custody or in the community")},
    )
    prison = forms.TypedChoiceField(
        label=_("Prison"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a prison from the list")},
    )
    borough = forms.TypedChoiceField(
        label=_("Home borough"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a borough from the list")},
    )
    window = forms.ChoiceField(
        label=_("Release date"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("12", _("Release within 12 weeks")),
            ("24", _("Release within 24 weeks")),
        ],
        error_messages={"invalid_choice": _("Choose release within 12 or 24 weeks")},
    )
    flag = forms.ChoiceField(
        label=_("Flag"),
        required=False,
        choices=[("", _("Any or none")), *FLAG_CHOICES],
        error_messages={"invalid_choice": _("Choose a flag from the list")},
    )

    def __init__(self, data, *, mentor_only=False, **kwargs):
        super().__init__(data, **kwargs)
        if mentor_only:
            # Mentors see name, release date and their next appointment: nothing to filter on
            # that would reveal more than that.
            for name in ("status", "prison", "borough", "flag"):
                del self.fields[name]
            self.fields["sort"].choices = [
                (value, label) for value, label in SORT_CHOICES if value.lstrip("-") in MENTOR_SORTS
            ]
            return
        self.fields["prison"].choices = [
            ("", _("Any prison")),
            *Prison.objects.values_list("pk", "name"),
        ]
        self.fields["borough"].choices = [
            ("", _("Any borough")),
            *Borough.objects.values_list("pk", "name"),
        ]

    def value(self, name, default=None):
        """The field's cleaned value, or the default when it is missing or has an error."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in self.fields if name != "sort")


class TeamFilterForm(FilterForm):
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your organisations")},
    )
    worker = forms.ChoiceField(
        label=_("Key worker"),
        required=False,
        error_messages={"invalid_choice": _("Choose a worker from the list")},
    )

    field_order = ["organisation", "worker"]

    def __init__(self, data, *, organisations, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("All your organisations")),
            *((str(organisation.pk), organisation.name) for organisation in organisations),
        ]
        from resettle.accounts.models import User

        workers = (
            User.objects.filter(
                memberships__organisation__in=organisations,
                memberships__role__in=(*CASEWORK_ROLES, Role.MENTOR),
            )
            .distinct()
            .order_by("first_name", "last_name", "pk")
        )
        self.fields["worker"].choices = [
            ("", _("Anyone or no one")),
            (UNALLOCATED, _("Not allocated to anyone")),
            *((str(user.pk), user.get_full_name() or user.email) for user in workers),
        ]


class WorklistForm(forms.Form):
    window = forms.ChoiceField(
        label=_("Releasing within"),
        required=False,
        choices=[("12", _("12 weeks")), ("24", _("24 weeks"))],
        error_messages={"invalid_choice": _("Choose 12 or 24 weeks")},
    )
    prison = FilterForm.base_fields["prison"]
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your organisations")},
    )
    flag = FilterForm.base_fields["flag"]
    flagged = forms.BooleanField(label=_("Only people with flags"), required=False)

    def __init__(self, data, *, organisations, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["prison"].choices = [
            ("", _("Any prison")),
            *Prison.objects.values_list("pk", "name"),
        ]
        self.fields["organisation"].choices = [
            ("", _("All your organisations")),
            *((str(organisation.pk), organisation.name) for organisation in organisations),
        ]

    value = FilterForm.value

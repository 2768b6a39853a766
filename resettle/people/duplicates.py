"""Is this person already on Resettle? Checked before a record is created and when a prison
number changes.

A match is looked for among everyone, not only the people the user may see: two organisations
each creating a record for the same person is exactly the case to catch. What the user is then
told about a match they may not see is decided by the view (that a record exists, nothing more).
Every lookup here is an index lookup (name_key and date of birth, prison number), so the check
costs the same at a million people as at ten.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from resettle.people.models import OtherName, Person, name_key

PRISON_NUMBER = "prison_number"
NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth"
OTHER_NAME_AND_DATE_OF_BIRTH = "other_name_and_date_of_birth"


@dataclass
class Match:
    person: Person
    reasons: set

    @property
    def same_prison_number(self) -> bool:
        return PRISON_NUMBER in self.reasons


def find_duplicates(
    *,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
    prison_number: str = "",
    other_names=(),
    exclude=None,
) -> list[Match]:
    """People (not merged away) who may be the one described. `other_names` are (given,
    family) pairs; `exclude` is the person being edited, who is never their own duplicate."""
    found: dict = {}

    def add(people, reason):
        for person in people:
            found.setdefault(person.pk, Match(person, set())).reasons.add(reason)

    candidates = Person.records.filter(merged_into__isnull=True).select_related("current_prison")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)

    prison_number = (prison_number or "").strip().upper()
    if prison_number:
        add(candidates.filter(prison_number=prison_number), PRISON_NUMBER)

    if date_of_birth is not None:
        keys = {name_key(family, given) for given, family in other_names if family or given}
        main_key = name_key(family_name, given_name) if (family_name or given_name) else ""
        if main_key:
            add(
                candidates.filter(name_key=main_key, date_of_birth=date_of_birth),
                NAME_AND_DATE_OF_BIRTH,
            )
        # Their name is someone's other name, or one of their other names is someone's name.
        all_keys = keys | ({main_key} if main_key else set())
        if all_keys:
            by_other_name = candidates.filter(
                date_of_birth=date_of_birth,
                pk__in=OtherName.objects.filter(name_key__in=all_keys).values("person_id"),
            )
            add(by_other_name, OTHER_NAME_AND_DATE_OF_BIRTH)
        if keys:
            add(
                candidates.filter(Q(name_key__in=keys), date_of_birth=date_of_birth),
                OTHER_NAME_AND_DATE_OF_BIRTH,
            )
    return sorted(found.values(), key=lambda m: (not m.same_prison_number, m.person.name_key))

"""Caseload entries: the copy of a person's list fields on each of their involvements.

Caseloads and the worklist sort, filter and flag people by name, custody, release date, last
contact and a handful of open needs. Reading those through joins to a million people and
their needs cost up to a second for a large organisation; copied onto `Involvement` they are
one index range per organisation or worker. The copy is kept in step here, and only here:
every action that changes one of these facts calls `refresh(person)` inside its transaction,
and `refresh_all()` rebuilds every entry in a few set-based statements (after a bulk load,
or from the `refresh_caseloads` command if data was ever changed behind the actions' back).
"""

from django.db.models import Exists, OuterRef, Q, Subquery

from resettle.needs.models import OPEN_STATUSES, Need
from resettle.people.models import Involvement, Person
from resettle.taxonomy.seed import term_id

# The open needs behind the need flags (see flags.py for what each flag means).
NEED_FLAGS = {
    "no_accommodation": ("accommodation", ["release-day-accommodation", "find-accommodation"]),
    "no_id": ("finance-id", ["id-documents"]),
    "no_bank_account": ("finance-id", ["bank-account"]),
}


def _open_needs(person_ref, field: str):
    pathway, support_needs = NEED_FLAGS[field]
    # Term ids are derived from their codes (taxonomy.seed): no join to the taxonomy.
    return Need.objects.filter(
        person=person_ref,
        status__in=OPEN_STATUSES,
        pathway_id=term_id("needs", pathway),
        support_need_id__in=[term_id("needs", code) for code in support_needs],
    )


def values_for(person: Person) -> dict:
    """The entry fields for one person, as they are now."""
    values = {
        "name_key": person.name_key,
        "in_custody": person.custody_status == Person.Custody.IN_CUSTODY,
        "release_date": person.release_date,
        "prison_id": person.current_prison_id,
        "home_borough_id": person.home_borough_id,
        "last_contact_on": person.last_contact_on,
        "short_sentence": person.sentence_band == Person.SentenceBand.UNDER_12_MONTHS,
        "not_assessed": person.needs_assessed_on is None and not person.no_needs_identified,
    }
    for field in NEED_FLAGS:
        values[field] = _open_needs(person, field).exists()
    return values


def refresh(person: Person) -> None:
    """Bring every involvement of this person in step with them. Call inside the action's
    transaction, after its changes, with the person as saved."""
    person.refresh_from_db()
    Involvement.objects.filter(person=person).update(**values_for(person))


def refresh_all() -> int:
    """Rebuild every caseload entry from the people and their needs; returns rows updated."""
    person = Person.records.filter(pk=OuterRef("person_id"))
    updated = Involvement.objects.update(
        name_key=Subquery(person.values("name_key")[:1]),
        in_custody=Exists(person.filter(custody_status=Person.Custody.IN_CUSTODY)),
        release_date=Subquery(person.values("release_date")[:1]),
        prison_id=Subquery(person.values("current_prison_id")[:1]),
        home_borough_id=Subquery(person.values("home_borough_id")[:1]),
        last_contact_on=Subquery(person.values("last_contact_on")[:1]),
        short_sentence=Exists(person.filter(sentence_band=Person.SentenceBand.UNDER_12_MONTHS)),
        not_assessed=Exists(
            person.filter(Q(needs_assessed_on__isnull=True) & Q(no_needs_identified=False))
        ),
        **{field: Exists(_open_needs(OuterRef("person_id"), field)) for field in NEED_FLAGS},
    )
    return updated

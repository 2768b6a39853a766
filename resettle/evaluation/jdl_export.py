"""Export a cohort for the Justice Data Lab: people an organisation worked with and the dates
of the support they received, as the CSV file the Data Lab asks for (resettle.core.jdl).

Rows the Data Lab could not match are left out and reported with the reasons; rows it can
match but that lack a gender or an end date are sent and reported as incomplete. Each person
sent gets an audit row, so their "who has seen this record" shows the export.

Gender is the sex on the person's record (`Person.sex`, entered as on their prison or
probation record), written Male or Female. Only when the record has none is a gender given
with the entry used (the command's optional column, which refuses one that contradicts the
record). Nothing is read from equality monitoring: those answers are the person's own, kept
apart for monitoring alone, so someone with no sex recorded is sent without a gender and
reported as incomplete.

The lead's page exports from completed referrals; `manage.py export_jdl_cohort` exports a CSV
of person ids and dates. Both call export_cohort.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core import jdl
from resettle.organisations.access import can_manage
from resettle.people.log import record_person
from resettle.people.models import Involvement

NOT_OURS = "not_ours"
REASONS = {
    jdl.NO_SURNAME: _("no last name"),
    jdl.NO_FORENAME: _("no first name"),
    jdl.NAME_UNSAFE: _("the name starts with a character a spreadsheet reads as a formula"),
    jdl.NO_DATE_OF_BIRTH: _("no date of birth"),
    jdl.DATE_OF_BIRTH_IMPLAUSIBLE: _(
        "the date of birth is in the future or makes them younger than 10"
    ),
    jdl.NO_IDENTIFIER: _("no prison number or PNC ID"),
    jdl.PRISON_NUMBER_MALFORMED: _("the prison number is not like A1234BC"),
    jdl.PNC_ID_MALFORMED: _("the PNC ID is not like 12/345678A"),
    jdl.NO_START_DATE: _("no start date for the support"),
    jdl.START_IN_FUTURE: _("the support starts in the future"),
    jdl.END_BEFORE_START: _("the support ends before it starts"),
    jdl.DUPLICATE: _("the same person and start date are already in the file"),
    jdl.NO_GENDER: _(
        "no sex recorded in their personal details (the Data Lab lists gender as essential)"
    ),
    jdl.NO_END_DATE: _("no end date (fine if the support has not finished)"),
    NOT_OURS: _("the organisation has never worked with this person"),
}


@dataclass(frozen=True)
class CohortEntry:
    """One person and the support they received. `gender` (Male, Female or blank) is used
    only when the person's record has no sex recorded."""

    person: object  # resettle.people.models.Person
    start: datetime.date | None
    end: datetime.date | None = None
    gender: str = ""


@dataclass(frozen=True)
class Listed:
    position: int  # 1 for the first entry given
    person: object
    reasons: tuple[str, ...]  # worded for people


@dataclass
class CohortExport:
    written: int = 0
    left_out: list[Listed] = field(default_factory=list)
    incomplete: list[Listed] = field(default_factory=list)


def export_cohort(
    actor, organisation, entries: Iterable[CohortEntry], handle, *, today=None
) -> CohortExport:
    """Write the cohort to `handle` (text, opened with newline=""). Only the organisation's
    managers (and administrators) may export, and only people it has worked with."""
    if actor is None or not can_manage(actor, organisation):
        raise PermissionDenied("Only the organisation's managers may export its cohort.")
    entries = list(entries)
    today = today or timezone.localdate()
    ours = set(
        Involvement.objects.filter(
            organisation=organisation, person__in=[entry.person.pk for entry in entries]
        ).values_list("person_id", flat=True)
    )
    export = CohortExport()
    members, positions = [], []
    for position, entry in enumerate(entries, start=1):
        if entry.person.pk not in ours:
            export.left_out.append(Listed(position, entry.person, (REASONS[NOT_OURS],)))
            continue
        members.append(_member(entry))
        positions.append(position)
    check = jdl.check_cohort(members, today)
    people = {str(entry.person.pk): entry.person for entry in entries}

    def listed(finding):
        # The core numbers the members it was given; report the caller's own positions.
        return Listed(
            positions[finding.position - 1],
            people[finding.reference],
            tuple(REASONS[reason] for reason in finding.reasons),
        )

    export.left_out += [listed(finding) for finding in check.left_out]
    export.left_out.sort(key=lambda item: item.position)
    export.incomplete = [listed(finding) for finding in check.incomplete]
    with transaction.atomic():
        for member in check.sent:
            record_person(
                actor,
                people[member.reference],
                "person.exported",
                organisation=organisation,
                summary="Sent to the Justice Data Lab in a cohort file",
                changes={"to": "justice_data_lab", "fields": list(jdl.COLUMNS)},
            )
        # Written inside the transaction: if the file cannot be written, no audit row says
        # that it was.
        export.written = jdl.write_cohort(check.sent, handle)
    return export


def _member(entry: CohortEntry) -> jdl.CohortMember:
    person = entry.person
    return jdl.member(
        surname=person.family_name,
        forename=person.given_name,
        date_of_birth=person.date_of_birth,
        gender=_gender(entry),
        prison_number=person.prison_number,
        pnc_id=person.pnc_id,
        start=entry.start,
        end=entry.end,
        reference=str(person.pk),
    )


def _gender(entry: CohortEntry) -> str:
    """What goes in the Gender column, before the core writes it as Male or Female."""
    return entry.person.sex or entry.gender

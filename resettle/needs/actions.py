"""Every change to a person's needs goes through one of these named actions.

Each one checks the actor works on the person's casework, writes the change, its audit row and
its timeline entry in one transaction, and keeps the person's "needs assessed on" date and
"no needs identified" flag true to what was recorded, so caseloads can sort and flag people
without reading their histories.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.caseloads.entries import refresh as refresh_caseload
from resettle.needs.models import Need, NeedUpdate, Side, Status
from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.people.models import Person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import StaleEdit, lock_at_version, save_new_version

__all__ = ["OpenNeedsRemain", "StaleEdit", "add_needs", "mark_no_needs", "update_need"]


class OpenNeedsRemain(Exception):
    """ "No needs identified" cannot be recorded while needs are still open."""


def _require_casework(actor, person):
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working on this person's casework may change needs.")


def _lock_person(person):
    """Serialise changes to one person's needs (adding the same need twice, "no needs")."""
    return Person.records.select_for_update().get(pk=person.pk)


def _assessed(person, today, *, no_needs=False):
    # update(), not save(): these two fields must not bump or clash with the person's version,
    # which guards their personal details against concurrent edits.
    Person.records.filter(pk=person.pk).update(
        no_needs_identified=no_needs, needs_assessed_on=today
    )
    person.no_needs_identified = no_needs
    person.needs_assessed_on = today


def add_needs(
    actor,
    person,
    *,
    support_needs=(),
    other_pathway=None,
    other_description="",
    status=Status.NOT_STARTED,
    side=Side.COMMUNITY,
    note="",
) -> list[Need]:
    """Record support needs (and optionally one "other" need described in words), each with
    a first dated update. Needs already recorded are left as they are."""
    _require_casework(actor, person)
    if bool(other_pathway) != bool(other_description.strip()):
        raise ValueError("An other need needs both a pathway and a description.")
    for term in support_needs:
        if term.parent_id is None:
            raise ValueError(f"{term.code} is a pathway, not a support need.")
    if other_pathway is not None and other_pathway.parent_id is not None:
        raise ValueError(f"{other_pathway.code} is not a pathway.")
    status, side = Status(status), Side(side)  # refuses anything not among the choices
    today = timezone.localdate()
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        _lock_person(person)
        recorded = set(
            person.needs.filter(support_need__isnull=False).values_list(
                "support_need_id", flat=True
            )
        )
        wanted = [
            Need(person=person, pathway_id=term.parent_id, support_need=term, status=status)
            for term in support_needs
            if term.pk not in recorded
        ]
        if other_pathway is not None:
            wanted.append(
                Need(
                    person=person,
                    pathway=other_pathway,
                    other_description=other_description.strip(),
                    status=status,
                )
            )
        created = []
        for need in wanted:
            need.save()
            NeedUpdate.objects.create(
                need=need,
                on=today,
                status=status,
                side=side,
                note=note,
                recorded_by=actor,
                organisation=organisation,
            )
            pathway_code = need.pathway.code
            record_person(
                actor,
                person,
                "need.added",
                obj=need,
                organisation=organisation,
                summary=f"Recorded the need {need.name}",
                changes={"pathway": pathway_code, "need": need.name, "status": status.value},
            )
            add_event(
                person,
                Event.Kind.NEED,
                _("Need recorded: %(need)s (%(status)s)")
                % {"need": need.name, "status": status.label},
                actor=actor,
                organisation=organisation,
                detail=note,
                pathway=pathway_code,
                obj=need,
            )
            created.append(need)
        if created:
            _assessed(person, today)
        refresh_caseload(person)
    return created


def update_need(actor, need: Need, data: dict, expected_version: int) -> NeedUpdate:
    """Add a dated update to a need and move it to the update's status.

    `data` holds status, side, on (a date, not in the future) and note. Refused with StaleEdit
    when someone else updated the need since the editor's page was loaded.
    """
    person = need.person
    _require_casework(actor, person)
    status, side = Status(data["status"]), Side(data["side"])
    on = data.get("on") or timezone.localdate()
    if not isinstance(on, datetime.date) or on > timezone.localdate():
        raise ValueError("An update's date must be a date, and not in the future.")
    note = data.get("note", "")
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        current = lock_at_version(
            Need.objects.filter(person=person).select_related("pathway", "support_need"),
            need.pk,
            expected_version,
        )
        old_status = current.status
        update = NeedUpdate.objects.create(
            need=current,
            on=on,
            status=status,
            side=side,
            note=note,
            recorded_by=actor,
            organisation=organisation,
        )
        current.status = status
        save_new_version(current, ["status"])
        _assessed(person, timezone.localdate())
        record_person(
            actor,
            person,
            "need.updated",
            obj=current,
            organisation=organisation,
            summary=f"Updated the need {current.name}",
            changes={
                "status": [old_status, status.value],
                "side": side.value,
                "on": on.isoformat(),
                "note": note,
            },
        )
        add_event(
            person,
            Event.Kind.NEED,
            _("Need updated: %(need)s (%(status)s)")
            % {"need": current.name, "status": status.label},
            actor=actor,
            organisation=organisation,
            detail=note,
            pathway=current.pathway.code,
            obj=current,
        )
        refresh_caseload(current.person)
    need.status, need.version = current.status, current.version
    return update


def mark_no_needs(actor, person) -> None:
    """Record that an assessment found no needs. Refused while any need is still open, since
    a caseworker reading "no needs identified" would stop looking."""
    _require_casework(actor, person)
    today = timezone.localdate()
    with transaction.atomic():
        _lock_person(person)
        if person.needs.open().exists():
            raise OpenNeedsRemain()
        was = person.no_needs_identified
        _assessed(person, today, no_needs=True)
        record_person(
            actor,
            person,
            "needs.none_identified",
            summary="Recorded that no needs were identified",
            changes={"no_needs_identified": [was, True], "needs_assessed_on": today.isoformat()},
        )
        add_event(
            person,
            Event.Kind.NEED,
            _("Needs assessed: no needs identified"),
            actor=actor,
            organisation=acting_organisation(actor, person),
        )
        refresh_caseload(person)

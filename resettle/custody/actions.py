"""Changes to a person's custody: the expected release details, and movements in and out of
prison. Every movement is kept, so the record follows the person through every transfer."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resettle.caseloads.entries import refresh as refresh_caseload
from resettle.custody.models import Movement
from resettle.people import access
from resettle.people.log import record_person
from resettle.people.models import Person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import StaleEdit, lock_at_version, save_new_version

__all__ = ["StaleEdit", "movement_problems", "record_movement", "update_custody"]

CUSTODY_FIELDS = ("sentence_band", "release_date", "release_type")
# Movements that bring someone from the community back into prison.
INTO_CUSTODY = {Movement.Kind.RECEIVED, Movement.Kind.RECALLED, Movement.Kind.RETURNED}


def _check_access(actor, person):
    if not access.has_casework_access(actor, person):
        raise PermissionDenied("Only casework staff working with this person may change custody.")


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return getattr(value, "pk", value)


def update_custody(actor, person, data, expected_version) -> Person:
    """Change the sentence band, release date and release type, refusing an edit based on an
    out-of-date version of the person (StaleEdit)."""
    _check_access(actor, person)
    release_date = data.get("release_date")
    if (
        release_date is not None
        and person.date_of_birth is not None
        and release_date < person.date_of_birth
    ):
        raise ValidationError({"release_date": _("Release date must be after their date of birth")})
    with transaction.atomic():
        current = lock_at_version(Person.records.all(), person.pk, expected_version)
        if (
            not current.in_custody
            and release_date is not None
            and release_date > timezone.localdate()
        ):
            raise ValidationError(
                {
                    "release_date": _(
                        "They have already been released, so the release date must be "
                        "today or in the past"
                    )
                }
            )
        changes = {}
        for field in CUSTODY_FIELDS:
            new = data.get(field, getattr(current, field))
            if new is None and field != "release_date":
                new = ""
            old = getattr(current, field)
            if old != new:
                changes[field] = {"old": _audit_value(old), "new": _audit_value(new)}
                setattr(current, field, new)
        if not changes:
            return current
        save_new_version(current, CUSTODY_FIELDS)
        organisation = access.acting_organisation(actor, current)
        record_person(
            actor,
            current,
            "custody.updated",
            organisation=organisation,
            summary="Sentence and release details changed",
            changes=changes,
        )
        add_event(
            current,
            Event.Kind.CUSTODY,
            _("Sentence and release details updated"),
            actor=actor,
            organisation=organisation,
            detail=_describe_details(current),
        )
        refresh_caseload(current)
    return current


def _describe_details(person) -> str:
    parts = []
    if person.sentence_band:
        parts.append(_("Sentence: %(band)s") % {"band": person.get_sentence_band_display()})
    if person.release_date:
        label = _("Expected release") if person.in_custody else _("Released")
        parts.append(f"{label}: {date_format(person.release_date, 'j F Y')}")
    if person.release_type:
        parts.append(_("Release type: %(type)s") % {"type": person.get_release_type_display()})
    return ". ".join(parts)


def movement_problems(person, data) -> dict[str, str]:
    """What is wrong with recording this movement for the person as they are now, by field.
    Shared by the form (to explain) and the action (to refuse, under the row lock)."""
    problems = {}
    kind, on, prison = data.get("kind"), data.get("on"), data.get("prison")
    today = timezone.localdate()
    if on is not None:
        if on > today:
            problems["on"] = _(
                "The date must be today or in the past. Record a movement once it has happened"
            )
        elif person.date_of_birth is not None and on < person.date_of_birth:
            problems["on"] = _("The date must be after their date of birth")
        else:
            latest = person.movements.order_by("-on", "-recorded_at").first()
            if latest is not None and on < latest.on:
                problems["on"] = _(
                    "The date must be on or after their last recorded movement (%(date)s)"
                ) % {"date": date_format(latest.on, "j F Y")}
    if kind == Movement.Kind.TRANSFERRED:
        if not person.in_custody:
            problems["kind"] = _(
                "They are in the community, so they cannot be transferred. If they have gone "
                "back to prison, choose recalled or returned to custody"
            )
        elif prison is None:
            problems["prison"] = _("Select the prison they were transferred to")
        elif prison.pk == person.current_prison_id:
            problems["prison"] = _(
                "They are already at %(prison)s. Select the prison they moved to"
            ) % {"prison": prison.name}
    elif kind == Movement.Kind.RELEASED:
        if not person.in_custody:
            problems["kind"] = _("They are already in the community, so they cannot be released")
        elif not data.get("release_type"):
            problems["release_type"] = _("Select the type of release")
    elif kind in INTO_CUSTODY:
        if kind == Movement.Kind.RECEIVED:
            # A record opened before anyone knew the prison counts as not yet received.
            if person.in_custody and person.current_prison_id is not None:
                problems["kind"] = _(
                    "They are already in custody at %(prison)s. To record a move to another "
                    "prison, choose transferred"
                ) % {"prison": person.current_prison.name}
        elif person.in_custody:
            problems["kind"] = _(
                "They are already in custody, so they cannot be recalled or returned to custody"
            )
        if prison is None and "kind" not in problems:
            problems["prison"] = _("Select the prison they went to")
    return problems


def record_movement(actor, person, data) -> Movement:
    """Record a reception, transfer, release, recall or return, and bring the person's current
    custody up to date. Refuses (ValidationError) a movement that does not fit their status."""
    _check_access(actor, person)
    kind = Movement.Kind(data["kind"])
    with transaction.atomic():
        # Lock the person so two people recording a release at once cannot both succeed.
        current = (
            Person.records.select_for_update(of=("self",))
            .select_related("current_prison")
            .get(pk=person.pk)
        )
        problems = movement_problems(current, data)
        if problems:
            raise ValidationError(problems)
        before = {field: getattr(current, field) for field in _PERSON_FIELDS}
        prison = data.get("prison")
        release_type = ""
        if kind == Movement.Kind.RELEASED:
            release_type = data["release_type"]
            # On release the movement records the prison they left.
            prison = current.current_prison
            current.custody_status = Person.Custody.IN_COMMUNITY
            current.current_prison = None
            current.release_date = data["on"]
            current.release_type = release_type
        else:
            if not current.in_custody:
                # Back in prison: the last release no longer describes them; a new expected
                # date is added once it is known.
                current.release_date = None
                current.release_type = ""
            current.custody_status = Person.Custody.IN_CUSTODY
            current.current_prison = prison
        organisation = access.acting_organisation(actor, current)
        movement = Movement.objects.create(
            person=current,
            kind=kind,
            on=data["on"],
            prison=prison,
            release_type=release_type,
            note=data.get("note", ""),
            recorded_by=actor,
            organisation=organisation,
        )
        save_new_version(current, _PERSON_FIELDS)
        changes = {
            field: {"old": _audit_value(old), "new": _audit_value(getattr(current, field))}
            for field, old in before.items()
            if old != getattr(current, field)
        }
        changes |= {"kind": kind.value, "on": movement.on.isoformat()}
        record_person(
            actor,
            current,
            f"custody.{kind.value}",
            obj=movement,
            organisation=organisation,
            summary=str(movement.get_kind_display()),
            changes=changes,
        )
        add_event(
            current,
            Event.Kind.CUSTODY,
            _movement_title(movement),
            actor=actor,
            organisation=organisation,
            detail=_movement_detail(movement),
            obj=movement,
        )
        refresh_caseload(person)
    person.refresh_from_db()
    return movement


_PERSON_FIELDS = ("custody_status", "current_prison", "release_date", "release_type")


def _movement_title(movement) -> str:
    prison = movement.prison.name if movement.prison else ""
    if movement.kind == Movement.Kind.RELEASED:
        return _("Released") + (f" ({movement.get_release_type_display()})")
    if movement.kind == Movement.Kind.TRANSFERRED:
        return _("Transferred to %(prison)s") % {"prison": prison}
    if movement.kind == Movement.Kind.RECALLED:
        return _("Recalled to custody at %(prison)s") % {"prison": prison}
    if movement.kind == Movement.Kind.RETURNED:
        return _("Returned to custody at %(prison)s") % {"prison": prison}
    return _("Received into custody at %(prison)s") % {"prison": prison}


def _movement_detail(movement) -> str:
    detail = _("On %(date)s.") % {"date": date_format(movement.on, "j F Y")}
    if movement.kind == Movement.Kind.RELEASED and movement.prison:
        detail += " " + _("Left %(prison)s.") % {"prison": movement.prison.name}
    if movement.note:
        detail += f"\n{movement.note}"
    return detail

"""Booking appointments and recording what happened at them.

Recording that someone attended keeps Person.last_contact_on up to date, which the caseload
and the pre-release worklist read to flag people with no provider contact yet.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from resettle.appointments.models import Appointment
from resettle.caseloads.entries import refresh as refresh_caseload
from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.people.models import Person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import StaleEdit

OUTCOME_TITLES = {
    Appointment.Outcome.ATTENDED: gettext_noop("Attended an appointment"),
    Appointment.Outcome.LATE: gettext_noop("Attended an appointment late"),
    Appointment.Outcome.DID_NOT_ATTEND: gettext_noop("Did not attend an appointment"),
    Appointment.Outcome.DID_NOT_HAPPEN: gettext_noop("Appointment did not happen"),
}


class NotStartedYet(Exception):
    """What happened cannot be recorded before the appointment starts."""


def book_appointment(
    actor,
    person,
    *,
    starts_at,
    mode,
    purpose,
    place="",
    worker=None,
    outcome="",
    outcome_note="",
) -> Appointment:
    """Book an appointment; with an outcome, record a contact that already happened in the
    same step (a phone call just now, a drop-in this morning)."""
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working with this person may book appointments.")
    organisation = acting_organisation(actor, person)
    if worker is not None and not worker.memberships.filter(organisation=organisation).exists():
        raise ValidationError("The worker must have a role at the organisation booking it.")
    with transaction.atomic():
        appointment = Appointment.objects.create(
            person=person,
            starts_at=starts_at,
            mode=mode,
            purpose=purpose,
            place=place,
            organisation=organisation,
            worker=worker,
        )
        record_person(
            actor,
            person,
            "appointment.booked",
            obj=appointment,
            organisation=organisation,
            summary="Booked an appointment" if not outcome else "Recorded a contact",
            changes={
                "starts_at": starts_at.isoformat(),
                "mode": mode,
                "purpose": purpose,
                "place": place,
                "worker": worker.pk if worker is not None else None,
            },
        )
        if outcome:
            # One timeline entry for a contact recorded after the event: the outcome says it.
            _record_outcome(actor, appointment, outcome, outcome_note, organisation)
        else:
            add_event(
                person,
                Event.Kind.APPOINTMENT,
                gettext_noop("Appointment booked"),
                actor=actor,
                organisation=organisation,
                detail=_describe(appointment),
                obj=appointment,
            )
        refresh_caseload(appointment.person)
    return appointment


def record_outcome(actor, appointment, *, outcome, note="", expected_outcome=None) -> Appointment:
    """Record what happened. Recording again corrects it; the audit keeps what it was before.
    `expected_outcome` is the outcome the user saw: if someone else recorded one since,
    StaleEdit is raised rather than overwrite theirs unseen."""
    person = appointment.person
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working with this person may record outcomes.")
    if outcome not in Appointment.Outcome.values:
        raise ValidationError(f"Unknown outcome {outcome!r}.")
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=appointment.pk)
        )
        if current.starts_at > timezone.now():
            raise NotStartedYet(current)
        if expected_outcome is not None and current.outcome != expected_outcome:
            raise StaleEdit(current)
        _record_outcome(actor, current, outcome, note, organisation)
        refresh_caseload(current.person)
    return current


def _record_outcome(actor, appointment, outcome, note, organisation):
    previous, previous_note = appointment.outcome, appointment.outcome_note
    appointment.outcome = outcome
    appointment.outcome_note = note
    appointment.recorded_by = actor
    appointment.save(update_fields=["outcome", "outcome_note", "recorded_by"])
    person = appointment.person
    correcting = bool(previous)
    record_person(
        actor,
        person,
        "appointment.outcome_corrected" if correcting else "appointment.outcome_recorded",
        obj=appointment,
        organisation=organisation,
        summary=f"{'Corrected' if correcting else 'Recorded'} an appointment outcome: {outcome}",
        changes={
            "outcome": {"old": previous, "new": outcome},
            "outcome_note": {"old": previous_note, "new": note},
        },
    )
    detail = _describe(appointment)
    if correcting:
        was = Appointment.Outcome(previous).label
        detail = f"{detail}\nCorrected: it was recorded as “{was}” before."
    if note:
        detail = f"{detail}\n{note}"
    add_event(
        person,
        Event.Kind.APPOINTMENT,
        OUTCOME_TITLES[outcome],
        actor=actor,
        organisation=organisation,
        detail=detail,
        obj=appointment,
        # First time: where it happened in the person's story. A correction is news of its own.
        at=None if correcting else appointment.starts_at,
    )
    _update_last_contact(person, appointment, previous)


def _update_last_contact(person, appointment, previous):
    day = timezone.localdate(appointment.starts_at)
    people = Person.records.filter(pk=person.pk)
    if appointment.outcome in Appointment.CONTACT_MADE:
        # A conditional UPDATE, so two outcomes recorded at once cannot move it backwards.
        people.filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=day)).update(
            last_contact_on=day
        )
    elif previous in Appointment.CONTACT_MADE:
        # A contact corrected to "did not attend" no longer counts: fall back to the latest
        # contact that did happen, or none, so the worklist flags the person again.
        latest = person.appointments.filter(outcome__in=Appointment.CONTACT_MADE).aggregate(
            latest=Max("starts_at")
        )["latest"]
        people.update(last_contact_on=timezone.localdate(latest) if latest else None)
    else:
        return
    person.last_contact_on = people.values_list("last_contact_on", flat=True).get()


def _describe(appointment) -> str:
    when = date_format(timezone.localtime(appointment.starts_at), "j F Y, H:i")
    parts = [appointment.purpose, when, str(appointment.get_mode_display())]
    if appointment.place:
        parts.append(appointment.place)
    if appointment.worker is not None:
        parts.append(f"with {appointment.worker}")
    return " · ".join(parts)

"""Recording hard outcomes. An outcome is a fact with a date and a source; it is not edited
afterwards, so what each organisation knew on a given day can be reconstructed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core import outcomes as vocabulary
from resettle.outcomes.models import Outcome
from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

# Why a detail was refused, worded for people. Shared by the form, the action and imports.
DETAIL_MESSAGES = {
    vocabulary.ACCOMMODATION_TYPE: {
        vocabulary.MISSING: _("Say whether the accommodation is settled or temporary"),
        vocabulary.NOT_A_CHOICE: _("The type of accommodation must be settled or temporary"),
    },
    vocabulary.QUALIFICATION_LEVEL: {
        vocabulary.MISSING: _("Choose the level of the qualification"),
        vocabulary.NOT_A_CHOICE: _(
            "The qualification level must be entry level or a level from 1 to 8"
        ),
    },
    vocabulary.QUALIFICATION_TITLE: {
        vocabulary.MISSING: _("Enter the name of the qualification"),
        vocabulary.TOO_LONG: _("The name of the qualification must be 200 characters or fewer"),
    },
    vocabulary.HOURS_PER_WEEK: {
        vocabulary.MISSING: _("Enter how many hours a week the job is"),
        vocabulary.NOT_A_NUMBER: _("Hours a week must be a whole number, like 16"),
        vocabulary.OUT_OF_RANGE: _("Hours a week must be between 1 and 100"),
    },
    vocabulary.SECTOR: {
        vocabulary.MISSING: _("Enter the kind of work, for example construction or catering"),
        vocabulary.TOO_LONG: _("The kind of work must be 100 characters or fewer"),
    },
}


def detail_message(field: str, problem: str) -> str:
    return str(DETAIL_MESSAGES[field][problem])


def check_outcome(kind, on, details: dict, source) -> vocabulary.Details:
    """The details the kind needs, cleaned; ValidationError naming each field otherwise."""
    errors = {}
    if kind not in vocabulary.KINDS:
        errors["kind"] = _("Choose what happened")
    if on is None:
        errors["on"] = _("Enter the date it happened")
    elif on > timezone.localdate():
        errors["on"] = _("The date must be today or in the past")
    if source not in vocabulary.SOURCES:
        errors["source"] = _("Choose how you know")
    cleaned, problems = vocabulary.clean_details(kind, details)
    for field, problem in problems.items():
        errors[field] = detail_message(field, problem)
    if errors:
        raise ValidationError(errors)
    return cleaned


def title_for(outcome: Outcome) -> str:
    """The timeline title: the kind, and its details where it has them."""
    details = outcome.details()
    label = outcome.get_kind_display()
    return f"{label}: {', '.join(str(d) for d in details)}" if details else str(label)


def record_outcome(actor, person, data: dict) -> Outcome:
    """Record one outcome. `data` holds kind, on, source, evidence_note and the details the
    kind needs (accommodation_type, qualification_level and qualification_title,
    hours_per_week and sector)."""
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working with this person may record outcomes.")
    kind = data.get("kind")
    source = data.get("source")
    details = check_outcome(kind, data.get("on"), data, source)
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        outcome = Outcome.objects.create(
            person=person,
            kind=kind,
            on=data["on"],
            accommodation_type=details.accommodation_type,
            qualification_level=details.qualification_level,
            qualification_title=details.qualification_title,
            hours_per_week=details.hours_per_week,
            sector=details.sector,
            source=source,
            evidence_note=data.get("evidence_note", "") or "",
            recorded_by=actor,
            organisation=organisation,
        )
        record_person(
            actor,
            person,
            "outcome.recorded",
            obj=outcome,
            organisation=organisation,
            summary="Recorded an outcome",
            changes={"kind": kind, "on": outcome.on.isoformat(), "source": source},
        )
        add_event(
            person,
            Event.Kind.OUTCOME,
            title_for(outcome),
            actor=actor,
            organisation=organisation,
            detail=str(outcome.get_source_display()),
            pathway=vocabulary.PATHWAYS.get(kind, ""),
            obj=outcome,
        )
    return outcome

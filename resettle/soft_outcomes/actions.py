"""Recording a check-in: the person's answers to every question of one instrument, dated the
day they gave them. Measurements are never edited: a later check-in is the next point on the
journey, so the journey always shows what was said at the time."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from resettle.core import scales
from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.soft_outcomes.models import Measurement
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

TITLES = {
    scales.PROGRESS.code: gettext_noop("Progress check-in"),
    scales.WELLBEING.code: gettext_noop("Well-being check-in (ONS questions)"),
}


def record_check_in(actor, person, scale: str, answers: dict, on: datetime.date):
    """Save one answer per question of the instrument `scale`; every question must be
    answered with a whole score in its range. Returns the measurements, in question order."""
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working with this person may record a check-in.")
    try:
        instrument = scales.instrument(scale)
    except KeyError:
        raise ValidationError(_("Choose which questions to ask")) from None
    _check_answers(instrument, answers)
    if on > timezone.localdate():
        raise ValidationError({"measured_on": _("The date must be today or in the past")})
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        check_in = Measurement(person=person).check_in
        measurements = Measurement.objects.bulk_create(
            Measurement(
                person=person,
                check_in=check_in,
                instrument=instrument.code,
                item=item.code,
                score=answers[item.code],
                measured_on=on,
                recorded_by=actor,
                organisation=organisation,
            )
            for item in instrument.items
        )
        # Like a case note, the audit row says a check-in was recorded, not what was said.
        record_person(
            actor,
            person,
            "soft_outcome.recorded",
            organisation=organisation,
            summary="Recorded a check-in",
            changes={
                "record": Measurement._meta.label_lower,
                "check_in": str(check_in),
                "instrument": instrument.code,
                "items": list(instrument.item_codes),
                "measured_on": on.isoformat(),
            },
        )
        add_event(
            person,
            Event.Kind.OUTCOME,
            TITLES[instrument.code],
            actor=actor,
            organisation=organisation,
            detail=" · ".join(f"{item.name}: {answers[item.code]}" for item in instrument.items),
            obj=measurements[0],
        )
    return measurements


def _check_answers(instrument, answers):
    errors = {}
    for item in instrument.items:
        if item.code not in answers or answers[item.code] is None:
            errors[item.code] = _("Choose an answer for “%(question)s”") % {
                "question": _(item.name)
            }
        elif not item.accepts(answers[item.code]):
            errors[item.code] = _("Choose a score from %(low)s to %(high)s") % {
                "low": item.minimum,
                "high": item.maximum,
            }
    unknown = set(answers) - set(instrument.item_codes)
    if unknown:
        errors["__all__"] = _("These are not questions in this check-in: %(codes)s") % {
            "codes": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)

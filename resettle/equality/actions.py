"""Recording equality monitoring answers. The answers are special category data, seen by fewer
people than the audit log and the timeline, so neither of those ever holds an answer: only
which questions changed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resettle.core import equality
from resettle.equality.models import EqualityMonitoring
from resettle.people import access
from resettle.people.log import record_person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import StaleEdit

__all__ = ["StaleEdit", "based_on", "record_equality"]


def based_on(answers: EqualityMonitoring | None) -> str:
    """A token for the answers an editor started from; "" when nothing was recorded yet."""
    if answers is None or answers.updated_at is None:
        return ""
    return answers.updated_at.isoformat()


def record_equality(actor, person, answers: dict, *, expected: str | None = None):
    """Save the answers given (question code -> option code, "" for unanswered). Questions
    left out of `answers` keep what they had. With `expected` (from based_on), refuses with
    StaleEdit if someone else saved answers since the editor loaded them."""
    if not access.can_see_equality(actor, person):
        raise PermissionDenied("Only caseworkers and managers working with them record these.")
    unknown = [q for q in answers if q not in equality.QUESTIONS]
    if unknown:
        raise ValidationError(_("There is no equality question called %(q)s") % {"q": unknown[0]})
    for question, answer in answers.items():
        if answer and answer not in dict(equality.options_for(question)):
            raise ValidationError({question: _("Select one of the answers listed")})
    with transaction.atomic():
        record, created = EqualityMonitoring.objects.select_for_update().get_or_create(
            person=person
        )
        if expected is not None and not created and based_on(record) != expected:
            raise StaleEdit(record)
        if expected is not None and created and expected != "":
            raise StaleEdit(record)  # the answers the editor saw have since been removed
        changed = []
        for question, answer in answers.items():
            if getattr(record, question) != answer:
                setattr(record, question, answer)
                changed.append(question)
        if not changed:
            return record
        record.save()
        organisation = access.acting_organisation(actor, person)
        record_person(
            actor,
            person,
            "equality.updated",
            organisation=organisation,
            summary="Equality monitoring updated",
            changes={"questions": changed},
        )
        add_event(
            person,
            Event.Kind.RECORD,
            _("Equality monitoring updated"),
            actor=actor,
            organisation=organisation,
        )
    return record

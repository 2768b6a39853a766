"""Audit rows for a person's data. Every view and every change of anything held about a person
is recorded against the person, so "who has seen this record" and the subject access export
read one indexed range of the audit log."""

from django.db import transaction

from resettle.audit.log import record
from resettle.audit.models import AuditEntry
from resettle.people.access import acting_organisation

PERSON_TYPE = "people.person"


def record_person(actor, person, action, *, obj=None, organisation=None, summary="", changes=None):
    """Record a change to the person's data; `obj` is the need, goal, note... it touched.
    Call inside the action's transaction."""
    changes = dict(changes or {})
    if obj is not None and obj is not person:
        changes.setdefault("record", obj._meta.label_lower)
        changes.setdefault("record_id", str(obj.pk))
    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = acting_organisation(actor, person)
    return record(
        actor, action, person, organisation=organisation, summary=summary, changes=changes
    )


def record_viewed(actor, person, what: str):
    """Record that someone looked at part of a person's record (e.g. "plan", "timeline")."""
    with transaction.atomic():
        record_person(
            actor, person, "person.viewed", summary=f"Viewed {what}", changes={"page": what}
        )


def entries_about(person):
    return AuditEntry.objects.filter(object_type=PERSON_TYPE, object_id=str(person.pk))

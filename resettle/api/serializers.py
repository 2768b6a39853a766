"""Referrals as JSON, showing each side only what its pages show it.

Both sides see the referral itself: the need, service, organisations, status, urgency, reason,
desired outcomes, release context, and `shared` (the copy of what the referrer chose to share).
Beyond that:
- `person_id` and the need's `id` point into the person's record, so they are given only to
  someone who can open that record (a casework role at an organisation working with the
  person: normally the referring side; the receiving side too once the whole record was
  shared and the referral accepted). Otherwise they are null.
- `consent_override_reason` (why the referrer went ahead without consent) is the referring
  side's; null for the receiving side.
- `parent_id` and `chain_root_id` (onward referrals) are given only to someone who can see
  that referral too.
Event `context` kept for fairness analysis (counts of the person's needs) is never shown.
"""

import datetime

from django.db.models.fields.json import KT
from django.urls import reverse

from resettle.core.referrals import (
    ACCEPT,
    ASSIGN,
    CANCEL,
    COMPLETE,
    DECLINE,
    RECORD_CONTACT,
    WITHDRAW,
)
from resettle.people.models import Involvement, casework_organisation_ids
from resettle.referrals.access import changes_now, may_see_override_reason
from resettle.referrals.models import Referral

# The API's change endpoints and the lifecycle change each makes. Who may make which is the
# pages' rule (referrals.access.changes_now), checked again by the action itself.
CHANGES = {
    "accept": ACCEPT,
    "decline": DECLINE,
    "assign": ASSIGN,
    "contact": RECORD_CONTACT,
    "complete": COMPLETE,
    "withdraw": WITHDRAW,
    "cancel": CANCEL,
}


def summary_queryset():
    """What a list shows. The person's name comes out of the shared snapshot alone; the rest
    of it (which may hold a plan) is not read for a list."""
    return (
        Referral.objects.select_related(
            "service",
            "from_organisation",
            "to_organisation",
            "pathway",
            "support_need",
            "assigned_to",
        )
        .annotate(person_name=KT("shared__name"))
        .defer("shared")
    )


def referrals_queryset():
    return Referral.objects.select_related(
        "service",
        "from_organisation",
        "to_organisation",
        "pathway",
        "support_need",
        "assigned_to",
        "referred_by",
        "prison",
        "parent",
        "chain_root",
    ).prefetch_related("outcomes")


def timestamp(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": str(organisation.pk), "name": organisation.name}


def _user(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": str(user)}


def _person_name(referral) -> str:
    if hasattr(referral, "person_name"):
        return referral.person_name or ""
    return referral.shared.get("name", "")


class Viewer:
    """What one user may see of a set of referrals, worked out in a fixed number of queries."""

    def __init__(self, user, referrals):
        self.user = user
        self.organisations = set(casework_organisation_ids(user))
        person_ids = {referral.person_id for referral in referrals}
        self.records_open = set(
            Involvement.objects.active()
            .filter(person_id__in=person_ids, organisation_id__in=self.organisations)
            .values_list("person_id", flat=True)
        )

    def opens_record(self, referral) -> bool:
        return referral.person_id in self.records_open

    def sees(self, other) -> bool:
        return other is not None and bool(
            {other.to_organisation_id, other.from_organisation_id} & self.organisations
        )

    def actions(self, referral) -> list[str]:
        """The changes this user may make now, as the referral's page offers them."""
        now = changes_now(self.user, referral)
        return [name for name, change in CHANGES.items() if change in now]


def summary(referral, viewer: Viewer) -> dict:
    opens_record = viewer.opens_record(referral)
    return {
        "id": str(referral.pk),
        "reference": referral.reference,
        "url": reverse("api:referral", kwargs={"referral_id": referral.pk}),
        "status": referral.status,
        "is_open": referral.is_open,
        "urgency": referral.urgency,
        "person_name": _person_name(referral),
        "person_id": str(referral.person_id) if opens_record else None,
        "need": {
            "id": str(referral.need_id) if opens_record and referral.need_id else None,
            "name": referral.need_name,
            "pathway": referral.pathway.code,
            "support_need": referral.support_need.code if referral.support_need_id else None,
        },
        "service": {"id": str(referral.service_id), "name": referral.service.name},
        "from_organisation": _organisation(referral.from_organisation),
        "to_organisation": _organisation(referral.to_organisation),
        "assigned_to": _user(referral.assigned_to),
        "sent_at": timestamp(referral.sent_at),
        "answered_at": timestamp(referral.answered_at),
        "closed_at": timestamp(referral.closed_at),
        "version": referral.version,
    }


def _event(event) -> dict:
    contact = None
    if event.kind == event.Kind.CONTACT:
        contact = {
            "on": event.context.get("on"),
            "how": event.context.get("how", ""),
            "first": bool(event.context.get("first")),
            "happened": event.reason == "happened",
        }
    return {
        "kind": event.kind,
        "status": event.status,
        "at": timestamp(event.at),
        "actor": str(event.actor) if event.actor_id else None,
        "organisation": _organisation(event.organisation),
        "reason": event.reason,
        "note": event.note,
        "contact": contact,
        # Reminders and escalations: how long it had waited for an answer.
        "working_days_waiting": event.context.get("working_days_waiting")
        if event.kind in (event.Kind.REMINDED, event.Kind.ESCALATED)
        else None,
    }


def detail(referral, viewer: Viewer) -> dict:
    data = summary(referral, viewer)
    events = referral.events.select_related("actor", "organisation").order_by("at", "id")
    data |= {
        "referred_by": _user(referral.referred_by),
        "reason": referral.reason,
        "desired_outcomes": [
            {"id": outcome.pk, "description": outcome.description, "result": outcome.result or None}
            for outcome in referral.outcomes.all()
        ],
        "shared_fields": list(referral.shared_fields),
        "shared": referral.shared,
        "release_context": {
            "in_custody": referral.in_custody,
            "prison": (
                {"code": referral.prison.code, "name": referral.prison.name}
                if referral.prison_id
                else None
            ),
            "release_date": _day(referral.release_date),
        },
        "lawful_basis": "consent" if referral.consent_override_reason == "" else "override",
        "consent_override_reason": (
            referral.consent_override_reason or None
            if may_see_override_reason(viewer.user, referral)
            else None
        ),
        "decline_reason": referral.decline_reason or None,
        "withdraw_reason": referral.withdraw_reason or None,
        "reason_detail": referral.reason_detail,
        "closing_note": referral.closing_note,
        "first_contact_on": _day(referral.first_contact_on),
        "first_contact_before_release": referral.first_contact_before_release,
        "parent_id": str(referral.parent_id) if viewer.sees(referral.parent) else None,
        "chain_root_id": (
            str(referral.chain_root_id) if viewer.sees(referral.chain_root) else None
        ),
        "actions": viewer.actions(referral),
        "events": [_event(event) for event in events],
    }
    return data

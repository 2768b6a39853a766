"""Fetch one referral for a user, or 404, and say which side of it the user is on and what
they may change now.

Who may see a referral at all is Referral.objects.visible_to (casework roles at the referring
or the receiving organisation); everyone else gets the same 404 as for a referral that does not
exist. Which changes each side makes is decided here, once, for the pages and their templates;
the actions check the same again under the row lock.
"""

from django.http import Http404

from resettle.core.referrals import (
    ACCEPT,
    ASSIGN,
    CANCEL,
    COMPLETE,
    DECLINE,
    RECORD_CONTACT,
    REFER_ON,
    WITHDRAW,
    allowed_changes,
)
from resettle.organisations.access import uuid_or_404
from resettle.people.models import casework_organisation_ids
from resettle.referrals.models import Referral

RECEIVING_SIDE_CHANGES = frozenset(
    {ACCEPT, DECLINE, ASSIGN, RECORD_CONTACT, COMPLETE, WITHDRAW, REFER_ON}
)
REFERRING_SIDE_CHANGES = frozenset({WITHDRAW, CANCEL})


def get_referral_for_user(user, referral_id) -> Referral:
    try:
        return (
            Referral.objects.visible_to(user)
            .select_related(
                "person",
                "service",
                "from_organisation",
                "to_organisation",
                "referred_by",
                "assigned_to",
                "pathway",
                "support_need",
                "prison",
                "consent",
                "parent",
            )
            .get(pk=uuid_or_404(referral_id))
        )
    except Referral.DoesNotExist:
        raise Http404("No referral you may see has that id.") from None


def is_receiving_side(user, referral) -> bool:
    return referral.to_organisation_id in casework_organisation_ids(user)


def is_referring_side(user, referral) -> bool:
    return referral.from_organisation_id in casework_organisation_ids(user)


def changes_for_side(user, referral) -> frozenset[str]:
    """The changes the user's side of the referral makes at all, whatever its status. An
    organisation that refers to one of its own services is on both sides."""
    changes = frozenset()
    if is_receiving_side(user, referral):
        changes |= RECEIVING_SIDE_CHANGES
    if is_referring_side(user, referral):
        changes |= REFERRING_SIDE_CHANGES
    return changes


def changes_now(user, referral) -> frozenset[str]:
    """The changes the user may make to the referral in its current status."""
    return changes_for_side(user, referral) & allowed_changes(referral.status)


def may_see_override_reason(user, referral) -> bool:
    """Why the referrer went ahead without consent is the referring organisation's record
    of its decision about the person, not something the receiving side is told."""
    return is_referring_side(user, referral)

"""The lists of referrals: a receiving organisation's inbox tabs and a referring
organisation's sent tabs, each one index range read newest first with keyset paging.

A page is "the next 25 referrals older than (sent_at, id)" read straight off the index the tab
filters on (see Referral.Meta.indexes), so its cost does not grow with how many referrals an
organisation has had or how far back someone pages, unlike OFFSET (which reads and throws
away every skipped row). The open tabs are counted (an organisation's open referrals are a
bounded, indexed range); the closed tabs grow for ever and are not.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core.working_days import working_days_between
from resettle.referrals.models import Referral, Status

PAGE_SIZE = 25


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    counted: bool


INBOX_TABS = (
    Tab("unassigned", _("Unassigned"), True),
    Tab("mine", _("Assigned to me"), True),
    Tab("open", _("Open"), True),
    Tab("completed", _("Completed"), False),
    Tab("closed", _("All closed"), False),
)
SENT_TABS = (
    Tab("open", _("Open"), True),
    Tab("closed", _("Closed"), False),
)


def inbox_tab(user, organisation, key: str):
    """The referrals on one inbox tab. Each filter matches its index exactly: the partial
    referral_inbox_unassigned, referral_assigned, referral_inbox_completed or referral_inbox."""
    received = Referral.objects.received_by(user).filter(to_organisation=organisation)
    match key:
        case "unassigned":
            return received.filter(is_open=True, assigned_to__isnull=True)
        case "mine":
            return received.filter(assigned_to=user, is_open=True)
        case "open":
            return received.filter(is_open=True)
        case "completed":
            return received.filter(status=Status.COMPLETED)
        case "closed":
            return received.filter(is_open=False)
    raise ValueError(f"Unknown inbox tab {key!r}")


def sent_tab(user, organisation, key: str):
    """The referrals one of the user's organisations sent (index referral_sent)."""
    sent = Referral.objects.visible_to(user).filter(from_organisation=organisation)
    match key:
        case "open":
            return sent.filter(is_open=True)
        case "closed":
            return sent.filter(is_open=False)
    raise ValueError(f"Unknown sent tab {key!r}")


# "20240501T093000123456-<32 hex digits>": the time sent in UTC to the microsecond, then the
# referral's id. Only digits and letters, so it needs no escaping in a link.
_CURSOR = re.compile(r"^(\d{8}T\d{12})-([0-9a-f]{32})$")
_CURSOR_TIME = "%Y%m%dT%H%M%S%f"


def cursor_for(referral) -> str:
    at = referral.sent_at.astimezone(datetime.UTC)
    return f"{at.strftime(_CURSOR_TIME)}-{referral.pk.hex}"


def parse_cursor(value: str | None) -> tuple[datetime.datetime, uuid.UUID] | None:
    """The (sent_at, id) a cursor points at, or None for anything that is not one we made."""
    match = _CURSOR.match(value or "")
    if match is None:
        return None
    try:
        at = datetime.datetime.strptime(match[1], _CURSOR_TIME).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    return at, uuid.UUID(match[2])


def older_than(referrals, cursor):
    """Referrals after the cursor in newest-first order. The redundant sent_at <= at gives the
    database a range on the index to start from; the OR alone would make it read every newer
    referral and throw them away."""
    if cursor is None:
        return referrals
    at, pk = cursor
    return referrals.filter(Q(sent_at__lt=at) | Q(sent_at=at, pk__lt=pk), sent_at__lte=at)


def page_of(referrals, cursor, size: int = PAGE_SIZE):
    """One page, newest first, with what the table shows, and the cursor for the next (older)
    page or None. Reads one row more than it shows to know whether there is anything older.
    The person's name comes out of the shared snapshot alone; the rest of the snapshot (which
    may hold a plan) is not read for a list."""
    rows = list(
        older_than(referrals, cursor)
        .select_related(
            "service",
            "from_organisation",
            "to_organisation",
            "assigned_to",
            "pathway",
            "support_need",
        )
        .annotate(person_name=KT("shared__name"))
        .defer("shared")
        .order_by("-sent_at", "-pk")[: size + 1]
    )
    today = timezone.localdate()
    for referral in rows:
        referral.working_days_waiting = waiting(referral, today)
    if len(rows) > size:
        return rows[:size], cursor_for(rows[size - 1])
    return rows, None


def waiting(referral, today) -> int:
    """Working days from sending to an answer (or to being closed unanswered, when cancelled):
    so far, while it has neither."""
    sent = timezone.localdate(referral.sent_at)
    ended = referral.answered_at or referral.closed_at
    until = timezone.localdate(ended) if ended else today
    return max(0, working_days_between(sent, until))

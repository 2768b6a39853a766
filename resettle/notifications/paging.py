"""Keyset paging through a user's notifications, newest first (as the timeline pages).

A page is "the next N notifications older than (created_at, id)", read straight off the index
notification_newest (recipient, -created_at, -id), so paging far back costs no more than the
first page, however many notifications someone has collected.
"""

import datetime
import re

from django.db.models import Q

PAGE_SIZE = 25

# "20240501T093000123456-42": the time in UTC to the microsecond, then the id.
_CURSOR = re.compile(r"^(\d{8}T\d{12})-(\d{1,18})$")
_CURSOR_TIME = "%Y%m%dT%H%M%S%f"


def cursor_for(notification) -> str:
    at = notification.created_at.astimezone(datetime.UTC)
    return f"{at.strftime(_CURSOR_TIME)}-{notification.pk}"


def parse_cursor(value: str | None) -> tuple[datetime.datetime, int] | None:
    """The (created_at, id) a cursor points at, or None for anything that is not one we made."""
    match = _CURSOR.match(value or "")
    if match is None:
        return None
    try:
        at = datetime.datetime.strptime(match[1], _CURSOR_TIME).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    return at, int(match[2])


def page_of(notifications, cursor, size: int = PAGE_SIZE):
    """One page, newest first, and the cursor for the next (older) page or None."""
    if cursor is not None:
        at, pk = cursor
        # The redundant created_at <= at gives the database a range on the index to start from.
        notifications = notifications.filter(
            Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk), created_at__lte=at
        )
    rows = list(notifications.order_by("-created_at", "-pk")[: size + 1])
    if len(rows) > size:
        return rows[:size], cursor_for(rows[size - 1])
    return rows, None

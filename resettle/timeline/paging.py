"""Keyset paging through a person's timeline.

A page is "the next N events older than (at, id)", read straight off the index
event_person_newest (person, -at, -id). Its cost does not grow with how far back someone pages
or with how many events the person has, unlike OFFSET (which reads and throws away every
skipped row) or a page count (which counts them all).
"""

import datetime
import re

from django.db.models import Q

PAGE_SIZE = 50

# "20240501T093000123456-42": the event's time in UTC to the microsecond, then its id. Only
# digits and letters, so it needs no escaping in a link.
_CURSOR = re.compile(r"^(\d{8}T\d{12})-(\d{1,18})$")
_CURSOR_TIME = "%Y%m%dT%H%M%S%f"


def cursor_for(event) -> str:
    at = event.at.astimezone(datetime.UTC)
    return f"{at.strftime(_CURSOR_TIME)}-{event.pk}"


def parse_cursor(value: str | None) -> tuple[datetime.datetime, int] | None:
    """The (at, id) a cursor points at, or None for anything that is not one we made."""
    match = _CURSOR.match(value or "")
    if match is None:
        return None
    try:
        at = datetime.datetime.strptime(match[1], _CURSOR_TIME).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    return at, int(match[2])


def older_than(events, cursor: tuple[datetime.datetime, int] | None):
    """Events strictly after the cursor in newest-first order. The redundant `at <= x` gives
    the database a range on the index to start from; the OR alone would make it scan every
    newer event and filter them out."""
    if cursor is None:
        return events
    at, pk = cursor
    return events.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk), at__lte=at)


def page_of(events, cursor, size: int = PAGE_SIZE):
    """One page of events, newest first, and the cursor for the next page (or None). Reads
    one row more than it shows to know whether there is anything older."""
    rows = list(older_than(events, cursor).order_by("-at", "-pk")[: size + 1])
    if len(rows) > size:
        return rows[:size], cursor_for(rows[size - 1])
    return rows, None

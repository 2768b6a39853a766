import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.people.log import entries_about
from resettle.testing.factories import involve, member
from resettle.timeline import paging
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

NOON = timezone.make_aware(datetime.datetime(2025, 3, 14, 12, 0))


def url(person, **params):
    from urllib.parse import urlencode

    base = reverse("timeline:timeline", kwargs={"person_id": person.pk})
    return f"{base}?{urlencode(params, doseq=True)}" if params else base


def add_events(person, count, *, at=None, kind=Event.Kind.NOTE, actor=None, organisation=None):
    """Events a minute apart going back from noon, or all at exactly `at`."""
    with transaction.atomic():
        return [
            add_event(
                person,
                kind,
                f"Event {n}",
                actor=actor,
                organisation=organisation,
                at=at if at is not None else NOON - datetime.timedelta(minutes=n),
            )
            for n in range(count)
        ]


def test_it_shows_the_caseworker_events_newest_first_with_who_and_where(
    client, sign_in, person, caseworker, organisation
):
    add_events(person, 3, actor=caseworker, organisation=organisation)
    sign_in(caseworker)
    response = client.get(url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="moj-timeline"' in html
    assert html.index("Event 0") < html.index("Event 1") < html.index("Event 2")
    assert f"by {caseworker}, {organisation.name}" in html
    assert "Show older events" not in html


def test_it_gives_outsiders_a_404(client, sign_in, person, outsider):
    add_events(person, 1)
    sign_in(outsider)
    assert client.get(url(person)).status_code == 404


def test_it_gives_the_persons_mentor_a_404(client, sign_in, person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    sign_in(mentor)
    assert client.get(url(person)).status_code == 404


def test_it_records_who_viewed_the_timeline(client, sign_in, person, caseworker):
    sign_in(caseworker)
    client.get(url(person))
    entry = entries_about(person).get(action="person.viewed")
    assert entry.actor == caseworker
    assert entry.changes["page"] == "timeline"


def test_it_pages_with_an_older_events_link(client, sign_in, person, caseworker):
    add_events(person, paging.PAGE_SIZE + 5)
    sign_in(caseworker)
    first = client.get(url(person))
    assert first.status_code == 200
    assert len(first.context["events"]) == paging.PAGE_SIZE
    cursor = first.context["older_cursor"]
    assert cursor
    assert f"before={cursor}" in first.content.decode()
    second = client.get(url(person, before=cursor))
    titles = [event.title for event in second.context["events"]]
    assert titles == [f"Event {n}" for n in range(paging.PAGE_SIZE, paging.PAGE_SIZE + 5)]
    assert second.context["older_cursor"] is None
    assert "Back to the newest events" in second.content.decode()


def test_it_pages_correctly_across_events_at_the_same_moment(person):
    events = add_events(person, 7, at=NOON)
    seen, cursor = [], None
    while True:
        page, cursor = paging.page_of(person.events.all(), paging.parse_cursor(cursor), size=3)
        seen.extend(event.pk for event in page)
        if cursor is None:
            break
    assert seen == sorted((event.pk for event in events), reverse=True)


def test_it_keeps_the_kind_filter_while_paging(client, sign_in, person, caseworker):
    add_events(person, paging.PAGE_SIZE + 1, kind=Event.Kind.APPOINTMENT)
    add_events(person, 3, kind=Event.Kind.NOTE)
    sign_in(caseworker)
    response = client.get(url(person, kind="appointment"))
    assert {event.kind for event in response.context["events"]} == {"appointment"}
    html = response.content.decode()
    assert 'value="appointment" checked' in html
    assert "kind=appointment" in html.split("Show older events")[0].rsplit("href=", 1)[1]
    older = client.get(url(person, kind="appointment", before=response.context["older_cursor"]))
    assert len(older.context["events"]) == 1


@pytest.mark.parametrize(
    "garbage",
    ["nonsense", "20251399T999999999999-1", "20250314T120000000000-99999999999999999999", "'--"],
)
def test_it_shows_the_first_page_for_a_garbage_cursor(client, sign_in, person, caseworker, garbage):
    add_events(person, 2)
    sign_in(caseworker)
    response = client.get(url(person, before=garbage, kind=["nonsense", "note"]))
    assert response.status_code == 200
    assert len(response.context["events"]) == 2
    assert "newest events are shown" in response.content.decode()


def test_it_uses_the_same_number_of_queries_for_5_and_200_events(
    client, sign_in, organisation, caseworker
):
    from resettle.testing.factories import person_with

    small, large = person_with(organisation, caseworker), person_with(organisation, caseworker)
    add_events(small, 5, actor=caseworker, organisation=organisation)
    add_events(large, 200, actor=caseworker, organisation=organisation)
    sign_in(caseworker)

    def queries_for(person, **params):
        client.get(url(person, **params))  # settle the session and per-request caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(person, **params)).status_code == 200
        return len(queries)

    assert queries_for(small) == queries_for(large)
    cursor = paging.cursor_for(large.events.order_by("-at", "-id")[100])
    assert queries_for(large, before=cursor) == queries_for(small)


def test_it_never_counts_or_offsets_the_persons_events(client, sign_in, person, caseworker):
    add_events(person, 60)
    cursor = paging.cursor_for(person.events.all()[10])
    sign_in(caseworker)
    with CaptureQueriesContext(connection) as queries:
        client.get(url(person, before=cursor))
    event_queries = [q["sql"] for q in queries if 'FROM "timeline_event"' in q["sql"]]
    assert len(event_queries) == 1
    assert "COUNT(" not in event_queries[0].upper()
    assert "OFFSET" not in event_queries[0].upper()


def test_it_round_trips_a_cursor(person):
    (event,) = add_events(person, 1)
    event.refresh_from_db()
    assert paging.parse_cursor(paging.cursor_for(event)) == (event.at, event.pk)

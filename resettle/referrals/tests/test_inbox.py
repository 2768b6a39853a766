"""The receiving organisation's inbox and the referring organisation's sent list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.referrals import queries
from resettle.referrals.models import Referral, Status
from resettle.testing.factories import OrganisationFactory, ServiceFactory, member, need

INBOX = reverse("referrals:inbox")
SENT = reverse("referrals:sent")


def make_referrals(n, *, person, service, from_organisation, start=None, **fields):
    """n referrals straight into the table, one a minute apart, newest last. The actions are
    tested elsewhere; the lists only read rows, and at 50 a page of sends would be slow."""
    start = start or timezone.now() - datetime.timedelta(days=2)
    term = need("find-accommodation")
    return Referral.objects.bulk_create(
        Referral(
            person=person,
            pathway=term.parent,
            support_need=term,
            service=service,
            from_organisation=from_organisation,
            to_organisation=service.organisation,
            reason="Needs a home.",
            shared={"name": person.full_name},
            sent_at=start + datetime.timedelta(minutes=i),
            **fields,
        )
        for i in range(n)
    )


def one(**kwargs):
    return make_referrals(1, **kwargs)[0]


@pytest.fixture
def world(person, service, organisation, receiving_organisation, intake, receiving_manager):
    """One referral on each tab of the receiving organisation's inbox, and one to another
    organisation that must never show."""
    common = {"person": person, "service": service, "from_organisation": organisation}
    elsewhere = ServiceFactory(organisation=OrganisationFactory(name="Elsewhere Trust"))
    return {
        "unassigned": one(**common),
        "mine": one(**common, assigned_to=intake),
        "theirs": one(**common, assigned_to=receiving_manager),
        "closed": one(**common, status=Status.DECLINED, is_open=False, answered_at=timezone.now()),
        "completed": one(
            **common, status=Status.COMPLETED, is_open=False, answered_at=timezone.now()
        ),
        "elsewhere": one(person=person, service=elsewhere, from_organisation=organisation),
    }


def references(response) -> set[str]:
    return set(re.findall(r"R-[2-9A-HJ-NP-Z]{7}", response.content.decode()))


@pytest.mark.parametrize(
    "tab, expected",
    [
        ("unassigned", {"unassigned"}),
        ("mine", {"mine"}),
        ("open", {"unassigned", "mine", "theirs"}),
        ("completed", {"completed"}),
        ("closed", {"closed", "completed"}),
    ],
)
def test_it_shows_each_inbox_tab_its_own_referrals(client, sign_in, intake, world, tab, expected):
    sign_in(intake)
    response = client.get(INBOX, {"tab": tab})
    assert response.status_code == 200
    assert references(response) == {world[key].reference for key in expected}


def test_it_counts_the_open_tabs_and_marks_the_current_one(client, sign_in, intake, world):
    sign_in(intake)
    content = client.get(INBOX, {"tab": "open"}).content.decode()
    assert "Unassigned (1)" in content
    assert "Assigned to me (1)" in content
    assert re.search(r'aria-current="page">Open \(3\)', content)
    # The closed tabs grow for ever; they are not counted.
    assert "Completed (" not in content and "All closed (" not in content


def test_it_starts_on_the_unassigned_tab_and_ignores_an_unknown_one(client, sign_in, intake, world):
    sign_in(intake)
    assert references(client.get(INBOX)) == {world["unassigned"].reference}
    assert references(client.get(INBOX, {"tab": "nonsense"})) == {world["unassigned"].reference}


def test_it_shows_the_shared_name_service_need_urgency_and_waiting(
    client, sign_in, intake, person, service, organisation
):
    monday = timezone.make_aware(datetime.datetime(2026, 11, 2, 9))
    one(person=person, service=service, from_organisation=organisation, start=monday)
    sign_in(intake)
    content = client.get(INBOX).content.decode()
    assert person.full_name in content
    assert "Tenancy Ready" in content
    assert str(need("find-accommodation").name) in content
    assert "Routine" in content
    assert "Sent, waiting for an answer" in content
    today = timezone.localdate()
    from resettle.core.working_days import working_days_between

    days = working_days_between(datetime.date(2026, 11, 2), today)
    assert f"waiting {days} working day" in content


def test_it_shows_an_outsider_nothing_of_ours(client, sign_in, outsider, world, person):
    sign_in(outsider)
    for tab in ("unassigned", "mine", "open", "completed", "closed"):
        response = client.get(INBOX, {"tab": tab})
        assert response.status_code == 200
        assert references(response) == set()
        assert person.full_name.encode() not in response.content
    response = client.get(SENT)
    assert references(response) == set()


def test_it_keeps_each_receiving_organisation_to_its_own_inbox(
    client, sign_in, world, receiving_organisation
):
    elsewhere = world["elsewhere"].to_organisation
    sign_in(member(elsewhere, Role.INTAKE))
    assert references(client.get(INBOX, {"tab": "open"})) == {world["elsewhere"].reference}


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMISSIONER])
def test_it_has_no_inbox_for_roles_without_casework(
    client, sign_in, receiving_organisation, world, role
):
    sign_in(member(receiving_organisation, role))
    assert client.get(INBOX).status_code == 404
    assert client.get(SENT).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    for url in (INBOX, SENT):
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_it_lets_someone_in_two_organisations_switch_only_between_theirs(
    client, sign_in, world, intake, receiving_organisation
):
    elsewhere = world["elsewhere"].to_organisation
    from resettle.accounts.models import Membership

    Membership.objects.create(user=intake, organisation=elsewhere, role=Role.CASEWORKER)
    sign_in(intake)
    first, second = sorted([receiving_organisation, elsewhere], key=lambda o: o.name)
    shown = client.get(INBOX, {"tab": "open", "organisation": elsewhere.pk})
    assert references(shown) == {world["elsewhere"].reference}
    assert 'name="organisation"' in shown.content.decode()
    shown = client.get(INBOX, {"tab": "open", "organisation": receiving_organisation.pk})
    assert references(shown) == {world[k].reference for k in ("unassigned", "mine", "theirs")}
    # Someone else's organisation is not one of theirs: the first of their own is shown.
    stranger = OrganisationFactory(name="AAA Stranger Org")
    one(
        person=world["unassigned"].person,
        service=ServiceFactory(organisation=stranger),
        from_organisation=world["unassigned"].from_organisation,
    )
    shown = client.get(INBOX, {"tab": "open", "organisation": stranger.pk})
    assert shown.status_code == 200
    assert shown.context["organisation"] == first


def test_it_pages_newest_first_by_keyset(client, sign_in, intake, person, service, organisation):
    made = make_referrals(30, person=person, service=service, from_organisation=organisation)
    newest_first = [r.reference for r in reversed(made)]
    sign_in(intake)
    first = client.get(INBOX, {"tab": "open"})
    assert [r.reference for r in first.context["rows"]] == newest_first[:25]
    older = first.context["older_query"]
    assert older and "before=" in older
    second = client.get(INBOX + older)
    assert [r.reference for r in second.context["rows"]] == newest_first[25:]
    assert second.context["older_query"] is None
    assert "Back to the newest referrals" in second.content.decode()
    bad = client.get(INBOX, {"tab": "open", "before": "not-a-cursor"})
    assert "was not right" in bad.content.decode()
    assert len(bad.context["rows"]) == 25


def test_it_keeps_order_when_referrals_share_a_sent_time(
    intake, person, service, organisation, receiving_organisation
):
    same = timezone.now()
    made = make_referrals(5, person=person, service=service, from_organisation=organisation)
    Referral.objects.filter(pk__in=[r.pk for r in made]).update(sent_at=same)
    tab = queries.inbox_tab(intake, receiving_organisation, "open")
    seen, cursor = [], None
    while True:
        rows, cursor = queries.page_of(tab, cursor and queries.parse_cursor(cursor), size=2)
        seen += [r.pk for r in rows]
        if cursor is None:
            break
    assert sorted(seen) == sorted(r.pk for r in made) and len(set(seen)) == 5


def test_it_records_each_person_listed_in_one_insert(
    client, sign_in, intake, world, person, receiving_organisation
):
    sign_in(intake)
    client.get(INBOX, {"tab": "open"})
    listed = AuditEntry.objects.filter(action="person.listed", actor=intake)
    assert listed.count() == 3
    assert set(listed.values_list("object_id", flat=True)) == {str(person.pk)}
    assert set(listed.values_list("organisation_id", flat=True)) == {receiving_organisation.pk}


def test_the_inbox_reads_a_fixed_number_of_queries_however_many_referrals(
    client, sign_in, intake, person, service, organisation
):
    from resettle.testing.factories import PersonFactory

    sign_in(intake)
    client.get(INBOX)  # the session and the user, once

    def queries_for(n):
        Referral.objects.all().delete()
        people = [PersonFactory() for _ in range(min(n, 10))]
        for i in range(n):
            one(
                person=people[i % len(people)],
                service=service,
                from_organisation=organisation,
                assigned_to=intake if i % 2 else None,
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(INBOX, {"tab": "open"})
        assert response.status_code == 200
        return len(captured)

    assert queries_for(5) == queries_for(50)


# --- Sent ------------------------------------------------------------------------------------


def test_it_shows_the_referrer_where_each_sent_referral_stands(client, sign_in, caseworker, world):
    sign_in(caseworker)
    response = client.get(SENT)
    assert references(response) == {
        world[k].reference for k in ("unassigned", "mine", "theirs", "elsewhere")
    }
    content = response.content.decode()
    assert "Lambeth Housing Advice" in content and "Elsewhere Trust" in content
    assert re.search(r'aria-current="page">Open \(4\)', content)
    closed = client.get(SENT, {"tab": "closed"})
    assert references(closed) == {world["closed"].reference, world["completed"].reference}
    assert "Declined" in closed.content.decode()


def test_it_shows_the_receiving_organisation_nothing_on_its_sent_list_it_did_not_send(
    client, sign_in, intake, world
):
    sign_in(intake)
    assert references(client.get(SENT)) == set()
    assert references(client.get(SENT, {"tab": "closed"})) == set()


# --- The indexes ---------------------------------------------------------------------------


@pytest.fixture
def populous(person, organisation, intake, receiving_manager, service):
    """Referrals spread as a real directory spreads them (many organisations, most referrals
    closed, most open ones assigned), with the planner's statistics up to date: on a handful
    of rows the planner's choice of index says nothing."""
    term = need("find-accommodation")
    services = [service, *(ServiceFactory(organisation=OrganisationFactory()) for _ in range(19))]
    ours = [intake, receiving_manager, None]
    now = timezone.now()
    rows = []
    for i, each in enumerate(services):
        workers = ours if each == service else [member(each.organisation, Role.CASEWORKER), None]
        for n in range(150):
            open_ = n % 10 == 0
            rows.append(
                Referral(
                    person=person,
                    pathway=term.parent,
                    support_need=term,
                    service=each,
                    from_organisation=organisation,
                    to_organisation=each.organisation,
                    reason="Needs a home.",
                    shared={"name": person.full_name},
                    sent_at=now - datetime.timedelta(hours=n, minutes=i),
                    is_open=open_,
                    status=Status.SENT if open_ else Status.COMPLETED,
                    assigned_to=workers[n % len(workers)] if n % 20 else None,
                )
            )
    Referral.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE referrals_referral")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize(
    "tab, index",
    [
        ("unassigned", "referral_inbox_unassigned"),
        ("mine", "referral_assigned"),
        ("open", "referral_inbox"),
        ("completed", "referral_inbox_completed"),
        ("closed", "referral_inbox"),
    ],
)
def test_each_inbox_tab_reads_its_index(intake, receiving_organisation, populous, tab, index):
    query = queries.inbox_tab(intake, receiving_organisation, tab).order_by("-sent_at", "-pk")
    assert index in query[:26].explain()
    newest = query.first()
    cursor = queries.parse_cursor(queries.cursor_for(newest))
    assert index in queries.older_than(query, cursor)[:26].explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_sent_tabs_read_their_index(caseworker, organisation, populous):
    for tab in ("open", "closed"):
        query = queries.sent_tab(caseworker, organisation, tab).order_by("-sent_at", "-pk")
        assert "referral_sent" in query[:26].explain()

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.appointments.models import Appointment
from resettle.audit.models import AuditEntry
from resettle.places.models import Borough, Prison
from resettle.testing.factories import OrganisationFactory, add_need, involve, member, person_with

MINE = reverse("caseloads:mine")
TEAM = reverse("caseloads:team")
TODAY = timezone.localdate()

pytestmark = pytest.mark.django_db


def weeks(n):
    return TODAY + datetime.timedelta(weeks=n)


def names(response):
    return [row["person"].full_name for row in response.context["rows"]]


@pytest.fixture
def mentor(organisation):
    return member(organisation, Role.MENTOR)


# --- Who sees whom ----------------------------------------------------------------------------


def test_it_lists_the_caseworkers_own_allocations(
    client, sign_in, person, caseworker, organisation
):
    colleague = member(organisation, Role.CASEWORKER)
    person_with(organisation, colleague, given_name="Not", family_name="Mine")
    sign_in(caseworker)
    response = client.get(MINE)
    assert response.status_code == 200
    assert names(response) == ["Jordan Reyes"]
    assert reverse("people:person", args=[person.pk]) in response.content.decode()
    assert person.prison_number in response.content.decode()


def test_it_shows_an_outsider_nobody_of_ours(client, sign_in, person, outsider):
    sign_in(outsider)
    for url in (MINE, TEAM):
        response = client.get(url)
        assert response.status_code == 200
        assert names(response) == []
        assert "Jordan" not in response.content.decode()


def test_it_drops_a_person_whose_involvement_ended(client, sign_in, person, caseworker):
    person.involvements.update(ended_on=TODAY - datetime.timedelta(days=1))
    sign_in(caseworker)
    assert names(client.get(MINE)) == []
    assert names(client.get(TEAM)) == []


def test_it_shows_mentors_only_their_mentees_and_no_flags(client, sign_in, organisation, mentor):
    mentee = person_with(
        organisation, given_name="Mia", family_name="Mentee", sentence_band="under_12_months"
    )
    involve(mentee, organisation, "mentoring", mentor)
    add_need(mentee, "bank-account")
    other = person_with(organisation, given_name="Oscar", family_name="Other")
    involve(other, organisation, "mentoring", member(organisation, Role.MENTOR))
    Appointment.objects.create(
        person=mentee,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        mode="in_person",
        purpose="Coffee",
        worker=mentor,
    )
    sign_in(mentor)
    response = client.get(MINE)
    body = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["Mia Mentee"]
    assert response.context["mentor_only"]
    assert response.context["rows"][0]["flags"] == []
    assert mentee.prison_number not in body
    assert "Short sentence" not in body and "No bank account" not in body
    assert "None booked" not in body  # the coffee with the mentor is shown
    # Filters on what a mentor may not see are not offered, and ignored if sent.
    assert names(client.get(MINE, {"flag": "no_bank_account", "prison": "1"})) == ["Mia Mentee"]


def test_it_shows_a_mentor_who_is_also_a_caseworker_elsewhere_the_narrow_view_of_mentees(
    client, sign_in, person, caseworker
):
    charity = OrganisationFactory(name="Peer Mentors")
    from resettle.accounts.models import Membership

    Membership.objects.create(user=caseworker, organisation=charity, role=Role.MENTOR)
    mentee = person_with(
        charity, given_name="Mia", family_name="Mentee", sentence_band="under_12_months"
    )
    involve(mentee, charity, "mentoring", caseworker)
    sign_in(caseworker)
    response = client.get(MINE)
    rows = {row["person"].full_name: row for row in response.context["rows"]}
    assert set(rows) == {"Jordan Reyes", "Mia Mentee"}
    assert rows["Mia Mentee"]["casework"] is False and rows["Mia Mentee"]["flags"] == []
    assert mentee.prison_number not in response.content.decode()
    # Filtering by a flag must not reveal which mentees have it.
    assert names(client.get(MINE, {"flag": "short_sentence"})) == []


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_it_refuses_users_with_no_casework_or_mentor_role(client, sign_in, role):
    sign_in(member(OrganisationFactory(), role))
    assert client.get(MINE).status_code == 403
    assert client.get(TEAM).status_code == 403


def test_it_refuses_the_team_caseload_to_mentors(client, sign_in, mentor):
    sign_in(mentor)
    assert client.get(TEAM).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(MINE).status_code == 302


# --- Sorting ----------------------------------------------------------------------------------


@pytest.fixture
def three(organisation, caseworker):
    brixton, pentonville = (
        Prison.objects.get(name__contains="Brixton"),
        Prison.objects.get(name__contains="Pentonville"),
    )
    return [
        person_with(
            organisation,
            caseworker,
            given_name="Ada",
            family_name="Zed",
            release_date=weeks(20),
            last_contact_on=TODAY,
            current_prison=brixton,
        ),
        person_with(
            organisation,
            caseworker,
            given_name="Bo",
            family_name="Young",
            release_date=weeks(2),
            last_contact_on=None,
            current_prison=pentonville,
        ),
        person_with(
            organisation,
            caseworker,
            given_name="Cy",
            family_name="Xu",
            release_date=weeks(10),
            last_contact_on=TODAY - datetime.timedelta(days=40),
            current_prison=brixton,
        ),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Cy Xu", "Bo Young", "Ada Zed"]),
        ("name", ["Cy Xu", "Bo Young", "Ada Zed"]),
        ("-name", ["Ada Zed", "Bo Young", "Cy Xu"]),
        ("release", ["Bo Young", "Cy Xu", "Ada Zed"]),
        ("-release", ["Ada Zed", "Cy Xu", "Bo Young"]),
        ("contact", ["Bo Young", "Cy Xu", "Ada Zed"]),  # never contacted first
        ("-contact", ["Ada Zed", "Cy Xu", "Bo Young"]),
        ("prison", ["Cy Xu", "Ada Zed", "Bo Young"]),
    ],
)
def test_it_sorts(client, sign_in, caseworker, three, sort, expected):
    sign_in(caseworker)
    assert names(client.get(MINE, {"sort": sort} if sort else {})) == expected
    assert names(client.get(TEAM, {"sort": sort} if sort else {})) == expected


def test_it_marks_the_sorted_column_for_screen_readers(client, sign_in, caseworker, three):
    sign_in(caseworker)
    body = client.get(MINE, {"sort": "-release"}).content.decode()
    assert 'aria-sort="descending"' in body
    assert "?sort=release" in body  # the link reverses the order
    assert 'aria-sort="none"' in body
    assert "<caption" in body and 'scope="row"' in body and 'scope="col"' in body


# --- Filters ----------------------------------------------------------------------------------


def test_it_filters_by_release_window(client, sign_in, caseworker, three):
    sign_in(caseworker)
    assert names(client.get(MINE, {"window": "12"})) == ["Cy Xu", "Bo Young"]
    assert names(client.get(MINE, {"window": "24"})) == ["Cy Xu", "Bo Young", "Ada Zed"]


def test_it_filters_by_custody_prison_and_borough(client, sign_in, organisation, caseworker, three):
    southwark = Borough.objects.get(name="Southwark")
    person_with(
        organisation,
        caseworker,
        given_name="Dee",
        family_name="Wu",
        custody_status="in_community",
        current_prison=None,
        home_borough=southwark,
        release_date=TODAY - datetime.timedelta(days=30),
    )
    sign_in(caseworker)
    assert names(client.get(MINE, {"status": "in_community"})) == ["Dee Wu"]
    assert names(client.get(MINE, {"status": "in_custody"})) == ["Cy Xu", "Bo Young", "Ada Zed"]
    prison = three[1].current_prison_id
    assert names(client.get(MINE, {"prison": prison})) == ["Bo Young"]
    assert names(client.get(MINE, {"borough": southwark.pk})) == ["Dee Wu"]
    # The window is for people still in custody.
    assert "Dee Wu" not in names(client.get(MINE, {"window": "24"}))


def test_it_filters_by_flag(client, sign_in, caseworker, three):
    add_need(three[2], "id-documents")
    sign_in(caseworker)
    assert names(client.get(MINE, {"flag": "no_id"})) == ["Cy Xu"]
    assert names(client.get(MINE, {"flag": "no_contact"})) == ["Bo Young"]
    response = client.get(TEAM, {"flag": "no_id"})
    assert names(response) == ["Cy Xu"]
    assert "No ID" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "salary"},
        {"status": "on_the_moon"},
        {"prison": "abc"},
        {"prison": "99999"},
        {"borough": "1; drop table"},
        {"window": "52"},
        {"flag": "nope"},
        {"page": "last-ish"},
        {"page": "9999"},
        {"worker": "not-a-user"},
        {"organisation": "not-a-uuid"},
        {"sort": ["name", "-name"], "window": ["12", "x"]},
    ],
)
def test_it_answers_bad_parameters_with_a_list_and_a_message(
    client, sign_in, caseworker, three, params
):
    sign_in(caseworker)
    for url in (MINE, TEAM):
        response = client.get(url, params)
        assert response.status_code == 200
        assert len(names(response)) >= 1  # the bad filter is left out, the list still shows


def test_it_names_the_filter_that_has_a_problem(client, sign_in, caseworker, three):
    sign_in(caseworker)
    body = client.get(MINE, {"prison": "99999"}).content.decode()
    assert "There is a problem" in body
    assert "Choose a prison from the list" in body


def test_it_filters_the_team_by_worker_and_unallocated(
    client, sign_in, organisation, caseworker, manager, person
):
    colleague = member(organisation, Role.CASEWORKER, first_name="Col", last_name="League")
    person_with(organisation, colleague, given_name="Cole", family_name="Ward")
    person_with(organisation, None, given_name="Una", family_name="Lone")
    sign_in(manager)
    assert names(client.get(TEAM)) == ["Una Lone", "Jordan Reyes", "Cole Ward"]
    assert names(client.get(TEAM, {"worker": colleague.pk})) == ["Cole Ward"]
    assert names(client.get(TEAM, {"worker": "unallocated"})) == ["Una Lone"]
    body = client.get(TEAM).content.decode()
    assert "Col League" in body and "Not allocated" in body


def test_it_chooses_between_the_users_organisations(
    client, sign_in, organisation, caseworker, person
):
    second = OrganisationFactory(name="Second Chance")
    from resettle.accounts.models import Membership

    Membership.objects.create(user=caseworker, organisation=second, role=Role.INTAKE)
    person_with(second, None, given_name="Sam", family_name="Second")
    sign_in(caseworker)
    assert names(client.get(TEAM)) == ["Jordan Reyes", "Sam Second"]
    assert names(client.get(TEAM, {"organisation": str(second.pk)})) == ["Sam Second"]
    assert "Second Chance" in client.get(TEAM).content.decode()  # the chooser


# --- Empty states, audit, pagination, queries -------------------------------------------------


def test_it_says_kindly_when_nobody_is_allocated(client, sign_in, caseworker):
    sign_in(caseworker)
    body = client.get(MINE).content.decode()
    assert "Nobody is allocated to you yet" in body
    body = client.get(MINE, {"window": "12"}).content.decode()
    assert "Nobody matches these filters" in body


def test_it_records_who_was_listed_to_whom(client, sign_in, caseworker, person):
    sign_in(caseworker)
    client.get(MINE)
    entry = AuditEntry.objects.get(action="person.listed", object_id=str(person.pk))
    assert entry.actor == caseworker
    assert entry.changes == {"page": "caseload"}
    client.get(TEAM)
    assert (
        AuditEntry.objects.filter(action="person.listed", changes__page="team caseload").count()
        == 1
    )


def test_it_pages_25_at_a_time(client, sign_in, organisation, caseworker):
    for n in range(30):
        person_with(organisation, caseworker, given_name="P", family_name=f"Person{n:02d}")
    sign_in(caseworker)
    first = client.get(MINE)
    assert len(names(first)) == 25
    assert "govuk-pagination" in first.content.decode()
    assert len(names(client.get(MINE, {"page": 2}))) == 5


def people_for(organisation, caseworker, count):
    for n in range(count):
        person = person_with(
            organisation, caseworker, sentence_band="under_12_months" if n % 2 else "1_to_4_years"
        )
        if n % 3 == 0:
            add_need(person, "bank-account")


@pytest.mark.parametrize("url", [MINE, TEAM])
def test_it_runs_the_same_number_of_queries_for_3_or_60_people(
    client, sign_in, organisation, caseworker, url
):
    sign_in(caseworker)
    people_for(organisation, caseworker, 3)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"sort": "release"}).status_code == 200
    people_for(organisation, caseworker, 57)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"sort": "release"}).status_code == 200
    assert len(many) == len(few)

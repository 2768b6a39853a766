import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Membership, Role
from resettle.audit.models import AuditEntry
from resettle.caseloads.entries import refresh
from resettle.places.models import Prison
from resettle.testing.factories import OrganisationFactory, add_need, involve, member, person_with

WORKLIST = reverse("caseloads:worklist")
TODAY = timezone.localdate()

pytestmark = pytest.mark.django_db


def weeks(n, days=0):
    return TODAY + datetime.timedelta(weeks=n, days=days)


def names(response):
    return [row["person"].full_name for row in response.context["rows"]]


def settled(organisation, worker=None, **fields):
    """Someone with everything in place, so each test raises only the flags it means to."""
    defaults = {
        "last_contact_on": TODAY,
        "needs_assessed_on": TODAY,
        "sentence_band": "1_to_4_years",
    }
    return person_with(organisation, worker, **(defaults | fields))


@pytest.fixture
def releasing(organisation, caseworker):
    return {
        "soon": settled(
            organisation, caseworker, given_name="Sue", family_name="Soon", release_date=weeks(1)
        ),
        "edge": settled(
            organisation, caseworker, given_name="Ed", family_name="Edge", release_date=weeks(12)
        ),
        "later": settled(
            organisation, None, given_name="Lee", family_name="Later", release_date=weeks(12, 1)
        ),
        "far": settled(
            organisation, None, given_name="Fay", family_name="Far", release_date=weeks(30)
        ),
        "out": settled(
            organisation,
            None,
            given_name="Otto",
            family_name="Out",
            release_date=weeks(2),
            custody_status="in_community",
        ),
        "past": settled(
            organisation,
            None,
            given_name="Pat",
            family_name="Past",
            release_date=TODAY - datetime.timedelta(days=1),
        ),
    }


def test_it_lists_people_in_custody_releasing_within_12_weeks_soonest_first(
    client, sign_in, caseworker, releasing
):
    sign_in(caseworker)
    response = client.get(WORKLIST)
    assert response.status_code == 200
    assert names(response) == ["Sue Soon", "Ed Edge"]
    assert response.context["weeks"] == 12
    body = response.content.decode()
    assert reverse("people:person", args=[releasing["soon"].pk]) in body
    assert "in 1 week" in body


def test_it_looks_24_weeks_ahead_when_asked(client, sign_in, caseworker, releasing):
    sign_in(caseworker)
    response = client.get(WORKLIST, {"window": "24"})
    assert names(response) == ["Sue Soon", "Ed Edge", "Lee Later"]
    assert response.context["counts"]["total"] == 3


def test_it_shows_an_outsider_nobody_of_ours(client, sign_in, outsider, releasing):
    sign_in(outsider)
    response = client.get(WORKLIST, {"window": "24"})
    assert response.status_code == 200
    assert names(response) == []
    assert response.context["counts"]["total"] == 0
    assert "Soon" not in response.content.decode()


def test_it_drops_a_person_whose_involvement_ended(client, sign_in, caseworker, releasing):
    releasing["soon"].involvements.update(ended_on=TODAY)
    sign_in(caseworker)
    assert names(client.get(WORKLIST)) == ["Ed Edge"]


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_it_refuses_roles_without_casework(client, sign_in, organisation, role, releasing):
    user = member(organisation if role == Role.MENTOR else OrganisationFactory(), role)
    if role == Role.MENTOR:
        involve(releasing["soon"], organisation, "mentoring", user)
    sign_in(user)
    assert client.get(WORKLIST).status_code == 403


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE, Role.MANAGER])
def test_it_opens_for_every_casework_role(client, sign_in, organisation, role, releasing):
    sign_in(member(organisation, role))
    assert names(client.get(WORKLIST)) == ["Sue Soon", "Ed Edge"]


def test_it_counts_each_flag_and_links_to_it(client, sign_in, organisation, caseworker):
    settled(organisation, given_name="Calm", family_name="Person", release_date=weeks(3))
    settled(
        organisation,
        given_name="No",
        family_name="Contact",
        release_date=weeks(4),
        last_contact_on=None,
    )
    housing = settled(organisation, given_name="No", family_name="Home", release_date=weeks(5))
    add_need(housing, "release-day-accommodation")
    papers = settled(organisation, given_name="No", family_name="Papers", release_date=weeks(6))
    add_need(papers, "id-documents")
    add_need(papers, "bank-account", status="in_progress")
    settled(
        organisation,
        given_name="Short",
        family_name="Stay",
        release_date=weeks(7),
        sentence_band="under_12_months",
    )
    settled(
        organisation,
        given_name="Not",
        family_name="Assessed",
        release_date=weeks(8),
        needs_assessed_on=None,
    )
    sign_in(caseworker)
    response = client.get(WORKLIST)
    counts = response.context["counts"]
    assert counts == {
        "total": 6,
        "flagged": 5,
        "no_contact": 1,
        "no_accommodation": 1,
        "no_id": 1,
        "no_bank_account": 1,
        "short_sentence": 1,
        "not_assessed": 1,
    }
    body = response.content.decode()
    assert "?flag=no_id" in body
    rows = {
        row["person"].full_name: [f.key for f in row["flags"]] for row in response.context["rows"]
    }
    assert rows == {
        "Calm Person": [],
        "No Contact": ["no_contact"],
        "No Home": ["no_accommodation"],
        "No Papers": ["no_id", "no_bank_account"],
        "Short Stay": ["short_sentence"],
        "Not Assessed": ["not_assessed"],
    }
    assert names(client.get(WORKLIST, {"flag": "no_bank_account"})) == ["No Papers"]
    assert names(client.get(WORKLIST, {"flag": "no_accommodation"})) == ["No Home"]
    only = client.get(WORKLIST, {"flagged": "on"})
    assert "Calm Person" not in names(only) and len(names(only)) == 5
    assert only.context["page"].paginator.count == 5
    # Met needs raise no flag.
    housing.needs.update(status="met")
    refresh(housing)  # as the needs actions do; the test changed the rows directly
    assert names(client.get(WORKLIST, {"flag": "no_accommodation"})) == []


def test_it_filters_per_prison_and_per_organisation(client, sign_in, organisation, caseworker):
    brixton = Prison.objects.get(name__contains="Brixton")
    belmarsh = Prison.objects.get(name__contains="Belmarsh")
    settled(
        organisation,
        given_name="Bri",
        family_name="Xton",
        release_date=weeks(2),
        current_prison=brixton,
    )
    settled(
        organisation,
        given_name="Bel",
        family_name="Marsh",
        release_date=weeks(3),
        current_prison=belmarsh,
    )
    second = OrganisationFactory(name="Second Chance")
    Membership.objects.create(user=caseworker, organisation=second, role=Role.CASEWORKER)
    settled(
        second, given_name="Sec", family_name="Ond", release_date=weeks(4), current_prison=brixton
    )
    sign_in(caseworker)
    assert names(client.get(WORKLIST)) == ["Bri Xton", "Bel Marsh", "Sec Ond"]
    response = client.get(WORKLIST, {"prison": brixton.pk})
    assert names(response) == ["Bri Xton", "Sec Ond"]
    assert response.context["counts"]["total"] == 2
    assert names(client.get(WORKLIST, {"organisation": str(second.pk)})) == ["Sec Ond"]
    by_prison = {
        g["current_prison__name"]: g["total"] for g in client.get(WORKLIST).context["by_prison"]
    }
    assert by_prison == {brixton.name: 2, belmarsh.name: 1}


@pytest.mark.parametrize(
    "params",
    [
        {"window": "13"},
        {"window": ""},
        {"prison": "brixton"},
        {"organisation": "00000000-0000-0000-0000-000000000000"},
        {"flag": "<script>"},
        {"flagged": "false"},
        {"page": "-1"},
        {"page": "0x10"},
    ],
)
def test_it_answers_bad_parameters_with_the_list(client, sign_in, caseworker, releasing, params):
    sign_in(caseworker)
    response = client.get(WORKLIST, params)
    assert response.status_code == 200
    assert names(response) == ["Sue Soon", "Ed Edge"]


def test_it_says_which_filter_has_a_problem(client, sign_in, caseworker, releasing):
    sign_in(caseworker)
    body = client.get(WORKLIST, {"window": "13"}).content.decode()
    assert "There is a problem" in body and "Choose 12 or 24 weeks" in body


def test_it_says_kindly_when_nobody_is_releasing_soon(client, sign_in, caseworker):
    sign_in(caseworker)
    body = client.get(WORKLIST).content.decode()
    assert "Nobody is due for release in the next 12 weeks" in body
    assert "Look further ahead, to 24 weeks" in body


def test_it_records_who_was_listed(client, sign_in, caseworker, releasing, organisation):
    sign_in(caseworker)
    client.get(WORKLIST)
    listed = AuditEntry.objects.filter(action="person.listed", changes__page="worklist")
    assert {e.object_id for e in listed} == {str(releasing["soon"].pk), str(releasing["edge"].pk)}
    assert {e.organisation_id for e in listed} == {organisation.pk}


def releasing_people(organisation, caseworker, count):
    for n in range(count):
        person = person_with(
            organisation,
            caseworker if n % 2 else None,
            release_date=weeks(n % 20),
            sentence_band="under_12_months" if n % 3 else "remand",
        )
        if n % 4 == 0:
            add_need(person, "find-accommodation")


@pytest.mark.parametrize(
    "params", [{}, {"window": "24", "flagged": "on"}, {"flag": "no_accommodation"}]
)
def test_it_runs_the_same_number_of_queries_for_3_or_60_people(
    client, sign_in, organisation, caseworker, params
):
    sign_in(caseworker)
    releasing_people(organisation, caseworker, 3)
    client.get(WORKLIST)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(WORKLIST, params).status_code == 200
    releasing_people(organisation, caseworker, 57)
    with CaptureQueriesContext(connection) as many:
        response = client.get(WORKLIST, params)
        assert response.status_code == 200
    assert len(response.context["rows"]) > 3
    assert len(many) == len(few)

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.core import outcomes as vocabulary
from resettle.outcomes.actions import record_outcome
from resettle.outcomes.models import Outcome
from resettle.people.log import entries_about
from resettle.testing.factories import involve, member
from resettle.timeline.models import Event

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def list_url(person):
    return reverse("outcomes:list", kwargs={"person_id": person.pk})


def add_url(person, kind=None):
    url = reverse("outcomes:add", kwargs={"person_id": person.pk})
    return f"{url}?kind={kind}" if kind else url


def post(client, person, kind, **fields):
    data = {"kind": kind, "on": YESTERDAY.isoformat(), "source": "verified", **fields}
    return client.post(add_url(person), data)


@pytest.fixture
def mentor(person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    return mentor


def test_it_records_an_outcome_from_the_form(client, sign_in, person, caseworker, organisation):
    sign_in(caseworker)
    response = post(
        client,
        person,
        "employment_started",
        hours_per_week="30",
        sector="Construction",
        evidence_note="Saw the contract.",
    )
    assert response.status_code == 302
    assert response.url == list_url(person)
    outcome = Outcome.objects.get(person=person)
    assert (outcome.kind, outcome.on, outcome.hours_per_week, outcome.sector) == (
        "employment_started",
        YESTERDAY,
        30,
        "Construction",
    )
    assert (outcome.source, outcome.recorded_by, outcome.organisation) == (
        "verified",
        caseworker,
        organisation,
    )
    page = client.get(response.url).content.decode()
    assert "Outcome recorded" in page
    assert "Employment started" in page
    assert "30 hours a week" in page
    assert "Verified evidence" in page


def test_it_writes_an_audit_row_and_a_timeline_event(person, caseworker, organisation):
    outcome = record_outcome(
        caseworker,
        person,
        {
            "kind": "accommodation_secured",
            "on": YESTERDAY,
            "accommodation_type": "settled",
            "source": "person",
        },
    )
    entry = entries_about(person).get(action="outcome.recorded")
    assert (entry.actor, entry.organisation) == (caseworker, organisation)
    assert entry.changes["record_id"] == str(outcome.pk)
    assert entry.changes["kind"] == "accommodation_secured"
    event = person.events.get()
    assert (event.kind, event.pathway, event.object_id) == (
        Event.Kind.OUTCOME,
        "accommodation",
        str(outcome.pk),
    )
    assert event.title == "Accommodation secured: Settled"


def test_it_drops_details_the_kind_does_not_use(person, caseworker):
    outcome = record_outcome(
        caseworker,
        person,
        {"kind": "id_obtained", "on": YESTERDAY, "source": "person", "sector": "Catering"},
    )
    assert outcome.sector == ""


def test_it_refuses_someone_not_working_with_the_person(person, outsider):
    with pytest.raises(PermissionDenied):
        record_outcome(
            outsider, person, {"kind": "id_obtained", "on": YESTERDAY, "source": "person"}
        )
    assert not Outcome.objects.exists()


def test_it_shows_the_list_newest_first_and_writes_a_view_audit_row(
    client, sign_in, person, caseworker
):
    for days, kind in [(30, "id_obtained"), (2, "bank_account_opened")]:
        record_outcome(
            caseworker,
            person,
            {
                "kind": kind,
                "on": timezone.localdate() - datetime.timedelta(days=days),
                "source": "organisation",
            },
        )
    sign_in(caseworker)
    page = client.get(list_url(person)).content.decode()
    assert page.index("Bank account opened") < page.index("ID obtained")
    assert entries_about(person).filter(action="person.viewed", changes__page="outcomes").exists()


def test_it_shows_an_empty_list_kindly(client, sign_in, person, caseworker):
    sign_in(caseworker)
    assert "No outcomes recorded yet." in client.get(list_url(person)).content.decode()


@pytest.mark.parametrize("url", [list_url, add_url])
def test_it_is_a_404_for_an_outsider(client, sign_in, person, outsider, url):
    sign_in(outsider)
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize("url", [list_url, add_url])
def test_it_is_a_404_for_the_persons_mentor(client, sign_in, person, mentor, url):
    sign_in(mentor)
    assert client.get(url(person)).status_code == 404
    assert client.post(add_url(person), {"kind": "id_obtained"}).status_code == 404


def test_it_is_a_404_for_an_administrator(client, sign_in, person, administrator):
    sign_in(administrator)
    assert client.get(list_url(person)).status_code == 404


def test_it_asks_what_happened_first_then_only_the_details_it_needs(
    client, sign_in, person, caseworker
):
    sign_in(caseworker)
    first = client.get(add_url(person)).content.decode()
    assert "What happened?" in first
    assert "Recalled to custody" in first
    page = client.get(add_url(person, "qualification_gained")).content.decode()
    assert 'name="qualification_level"' in page
    assert 'name="qualification_title"' in page
    assert 'name="hours_per_week"' not in page
    assert 'name="accommodation_type"' not in page
    assert entries_about(person).filter(changes__page="record an outcome").exists()


def test_it_asks_again_for_an_unknown_kind(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.get(add_url(person, "lottery_won"))
    assert response.status_code == 200
    assert "Choose what happened from the list" in response.content.decode()
    response = post(client, person, "lottery_won")
    assert response.status_code == 200
    assert "Choose what happened from the list" in response.content.decode()
    assert not Outcome.objects.exists()


# Each kind with the details it needs, and what is said when they are missing.
NEEDS = {
    "accommodation_secured": {"accommodation_type": "settled"},
    "qualification_gained": {"qualification_level": "2", "qualification_title": "Food hygiene"},
    "employment_started": {"hours_per_week": "16", "sector": "Catering"},
}
MISSING = {
    "accommodation_type": "Say whether the accommodation is settled or temporary",
    "qualification_level": "Choose the level of the qualification",
    "qualification_title": "Enter the name of the qualification",
    "hours_per_week": "Enter how many hours a week the job is",
    "sector": "Enter the kind of work, for example construction or catering",
}


@pytest.mark.parametrize("kind", vocabulary.KINDS)
def test_it_records_each_kind_with_its_details(client, sign_in, person, caseworker, kind):
    sign_in(caseworker)
    response = post(client, person, kind, **NEEDS.get(kind, {}))
    assert response.status_code == 302, response.content.decode()
    assert Outcome.objects.get(person=person).kind == kind


@pytest.mark.parametrize("kind", vocabulary.KINDS)
def test_it_says_which_details_each_kind_is_missing(client, sign_in, person, caseworker, kind):
    sign_in(caseworker)
    response = post(client, person, kind, on="", source="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the date it happened" in page
    assert "Choose how you know" in page
    for detail in vocabulary.details_needed(kind):
        assert MISSING[detail] in page
    for detail in set(MISSING) - set(vocabulary.details_needed(kind)):
        assert MISSING[detail] not in page
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("accommodation_secured", {"accommodation_type": "castle"}, "Choose"),
        ("qualification_gained", {"qualification_level": "9", "qualification_title": "X"}, ""),
        ("employment_started", {"hours_per_week": "lots", "sector": "Retail"}, "whole number"),
        ("employment_started", {"hours_per_week": "0", "sector": "Retail"}, "between 1 and 100"),
        ("employment_started", {"hours_per_week": "168", "sector": "Retail"}, "between 1 and 100"),
        ("employment_started", {"hours_per_week": "20", "sector": "x" * 101}, "100 characters"),
        (
            "qualification_gained",
            {"qualification_level": "1", "qualification_title": "x" * 201},
            "200 characters",
        ),
    ],
)
def test_it_refuses_bad_details_with_a_clear_message(
    client, sign_in, person, caseworker, kind, fields, message
):
    sign_in(caseworker)
    response = post(client, person, kind, **fields)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ((timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "today or in the past"),
        ("31/02/2025", "Enter a real date"),
        ("1850-01-01", "after 1 January 1900"),
    ],
)
def test_it_refuses_bad_dates(client, sign_in, person, caseworker, on, message):
    sign_in(caseworker)
    response = post(client, person, "id_obtained", on=on)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_does_not_let_a_person_say_a_file_was_imported(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = post(client, person, "id_obtained", source="imported")
    assert response.status_code == 200
    assert "Choose how you know from the list" in response.content.decode()


def test_the_action_refuses_missing_details_too(person, caseworker):
    with pytest.raises(ValidationError) as refused:
        record_outcome(
            caseworker,
            person,
            {"kind": "employment_started", "on": YESTERDAY, "source": "person", "sector": "Care"},
        )
    assert "hours_per_week" in refused.value.message_dict
    assert not AuditEntry.objects.filter(action="outcome.recorded").exists()

"""Outcomes are shared across the organisations working with a person as their consent allows:
an organisation always sees its own, and others' only under a consent to share the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.consents.models import Consent
from resettle.outcomes.actions import record_outcome
from resettle.outcomes.models import Outcome
from resettle.testing.factories import OrganisationFactory, involve, member

TODAY = timezone.localdate()


@pytest.fixture
def housing(db):
    return OrganisationFactory(name="Camden Housing Project")


@pytest.fixture
def housing_worker(person, housing):
    involve(person, housing, "supporting")
    return member(housing, Role.CASEWORKER)


@pytest.fixture
def theirs(person, housing_worker):
    return record_outcome(
        housing_worker,
        person,
        {
            "kind": "accommodation_secured",
            "on": TODAY,
            "accommodation_type": "temporary",
            "source": "organisation",
        },
    )


@pytest.fixture
def ours(person, caseworker):
    return record_outcome(
        caseworker, person, {"kind": "id_obtained", "on": TODAY, "source": "verified"}
    )


def consent(person, organisation=None, *, given=TODAY, withdrawn=None):
    return Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.SHARE_RECORD,
        organisation=organisation,
        lawful_basis=Consent.LawfulBasis.CONSENT,
        how_recorded=Consent.HowRecorded.SIGNED,
        given_on=given,
        withdrawn_on=withdrawn,
    )


def visible(user, person):
    return set(Outcome.objects.visible_to(user, person))


def test_it_shows_an_organisation_only_its_own_outcomes_without_consent(
    person, caseworker, housing_worker, ours, theirs
):
    assert visible(caseworker, person) == {ours}
    assert visible(housing_worker, person) == {theirs}
    assert Outcome.objects.hidden_from(caseworker, person)


def test_it_shares_every_outcome_under_consent_for_any_organisation(
    person, caseworker, housing_worker, ours, theirs
):
    consent(person)
    assert visible(caseworker, person) == {ours, theirs}
    assert visible(housing_worker, person) == {ours, theirs}
    assert not Outcome.objects.hidden_from(caseworker, person)


def test_it_shares_with_the_organisation_the_consent_names_only(
    person, organisation, caseworker, housing_worker, ours, theirs
):
    consent(person, organisation)
    assert visible(caseworker, person) == {ours, theirs}
    assert visible(housing_worker, person) == {theirs}


def test_it_stops_sharing_when_consent_is_withdrawn(person, caseworker, ours, theirs):
    consent(person, given=TODAY - datetime.timedelta(days=30), withdrawn=TODAY)
    assert visible(caseworker, person) == {ours}


def test_it_shows_nothing_to_people_without_casework_access(
    person, organisation, outsider, administrator, ours, theirs
):
    consent(person)
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    assert visible(outsider, person) == set()
    assert visible(administrator, person) == set()
    assert visible(mentor, person) == set()


def test_it_hides_outcomes_of_an_organisation_that_stopped_working_with_the_person(
    person, caseworker, housing, housing_worker, theirs
):
    person.involvements.filter(organisation=housing).update(ended_on=TODAY)
    assert visible(housing_worker, person) == set()


def test_the_page_says_some_are_hidden_without_revealing_them(
    client, sign_in, person, caseworker, ours, theirs
):
    sign_in(caseworker)
    page = client.get(reverse("outcomes:list", kwargs={"person_id": person.pk})).content.decode()
    assert "ID obtained" in page
    assert "Accommodation secured" not in page
    assert "Camden Housing Project" not in page
    assert "has not agreed to share their record" in page


def test_the_page_shows_shared_outcomes_with_who_recorded_them(
    client, sign_in, person, caseworker, ours, theirs
):
    consent(person)
    sign_in(caseworker)
    page = client.get(reverse("outcomes:list", kwargs={"person_id": person.pk})).content.decode()
    assert "Accommodation secured" in page
    assert "Camden Housing Project" in page
    assert "has not agreed" not in page

"""Referral personas: the referring caseworker (conftest's `caseworker` at `organisation`), the
receiving organisation's intake worker and manager, and an outsider at an unrelated one."""

import datetime

import pytest
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.consents import actions as consent_actions
from resettle.referrals import actions
from resettle.testing.factories import (
    OrganisationFactory,
    ServiceFactory,
    add_need,
    member,
    need,
    person_with,
)


@pytest.fixture
def receiving_organisation(db):
    return OrganisationFactory(name="Lambeth Housing Advice")


@pytest.fixture
def intake(receiving_organisation):
    return member(receiving_organisation, Role.INTAKE)


@pytest.fixture
def receiving_manager(receiving_organisation):
    return member(receiving_organisation, Role.MANAGER)


@pytest.fixture
def service(receiving_organisation):
    return ServiceFactory(
        organisation=receiving_organisation,
        name="Tenancy Ready",
        needs=[need("find-accommodation")],
    )


def give_consent(actor, person, purpose="referrals", organisation=None):
    return consent_actions.record_consent(
        actor,
        person,
        {
            "purpose": purpose,
            "organisation": organisation,
            "lawful_basis": "consent",
            "how_recorded": "signed",
            "given_on": timezone.localdate() - datetime.timedelta(days=3),
            "note": "",
        },
    )


@pytest.fixture
def person(organisation, caseworker):
    person = person_with(organisation, caseworker, phone="07700 900123")
    give_consent(caseworker, person)
    return person


@pytest.fixture
def accommodation_need(person):
    return add_need(person, "find-accommodation")


def accommodation_need_of(person):
    return person.needs.filter(support_need=need("find-accommodation")).first() or add_need(
        person, "find-accommodation"
    )


def send(caseworker, person, service, for_need=None, **details):
    return actions.send_referral(
        caseworker,
        person,
        service=service,
        need=for_need or accommodation_need_of(person),
        desired_outcomes=details.pop("desired_outcomes", ["A settled home", "Housing benefit"]),
        reason=details.pop("reason", "Needs somewhere to live from release day."),
        **details,
    )


@pytest.fixture
def referral(caseworker, person, service, accommodation_need):
    return send(caseworker, person, service, accommodation_need)

"""API personas: the referring caseworker (conftest's `caseworker` at `organisation`), the
receiving organisation's intake worker, an outsider (a manager at an unrelated organisation)
and a commissioner. `api(user)` calls the API as someone with a personal token."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.api import actions as token_actions
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
    return member(receiving_organisation, Role.INTAKE, first_name="Ines", last_name="Intake")


@pytest.fixture
def receiving_caseworker(receiving_organisation):
    return member(receiving_organisation, Role.CASEWORKER, first_name="Cal", last_name="Worker")


@pytest.fixture
def commissioner(db):
    return member(OrganisationFactory(name="Funder"), Role.COMMISSIONER)


@pytest.fixture
def service(receiving_organisation):
    return ServiceFactory(
        organisation=receiving_organisation,
        name="Tenancy Ready",
        needs=[need("find-accommodation")],
    )


def give_consent(actor, person, purpose="referrals"):
    return consent_actions.record_consent(
        actor,
        person,
        {
            "purpose": purpose,
            "organisation": None,
            "lawful_basis": "consent",
            "how_recorded": "signed",
            "given_on": timezone.localdate() - datetime.timedelta(days=3),
            "note": "",
        },
    )


@pytest.fixture
def person(organisation, caseworker):
    person = person_with(
        organisation, caseworker, given_name="Jordan", family_name="Reyes", phone="07700 900123"
    )
    give_consent(caseworker, person)
    return person


@pytest.fixture
def accommodation_need(person):
    return add_need(person, "find-accommodation")


def send(caseworker, person, service, **details):
    return actions.send_referral(
        caseworker,
        person,
        service=service,
        need=details.pop("need", None),
        pathway=details.pop("pathway", need("find-accommodation").parent),
        support_need=details.pop("support_need", need("find-accommodation")),
        desired_outcomes=details.pop("desired_outcomes", ["A settled home", "Housing benefit"]),
        reason=details.pop("reason", "Needs somewhere to live from release day."),
        **details,
    )


@pytest.fixture
def referral(caseworker, person, service, accommodation_need):
    return send(caseworker, person, service, need=accommodation_need, shared_fields=["contact"])


class Api:
    """A client calling the API with one user's personal token."""

    def __init__(self, user, secret):
        self.user = user
        self.secret = secret
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(self, url, params=None):
        return self.client.get(url, params or {})

    def post(self, url, body=None, *, raw=None, content_type="application/json"):
        data = raw if raw is not None else json.dumps({} if body is None else body)
        return self.client.post(url, data, content_type=content_type)


@pytest.fixture
def api(db):
    made = {}

    def for_user(user) -> Api:
        if user.pk not in made:
            _token, secret = token_actions.create_token(user, user, "Tests")
            made[user.pk] = Api(user, secret)
        return made[user.pk]

    return for_user


def referral_url(referral, change=None):
    base = f"/api/v1/referrals/{referral.pk}/"
    return f"{base}{change}/" if change else base

"""A world of released people for evaluating a service from the platform's records."""

import datetime
import random

import pytest
from django.utils import timezone

from resettle.outcomes.models import Outcome
from resettle.referrals.models import Referral, Status
from resettle.taxonomy.seed import term_id
from resettle.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    add_need,
    need,
)

TODAY = datetime.date(2026, 11, 22)


def _referral(person, service, status=Status.COMPLETED, sent=None):
    organisation = service.organisation
    return Referral.objects.create(
        person=person,
        pathway_id=term_id("needs", "accommodation"),
        service=service,
        from_organisation=organisation,
        to_organisation=organisation,
        status=status,
        is_open=False,
        reason="Housing",
        sent_at=timezone.make_aware(
            datetime.datetime.combine(sent or person.release_date, datetime.time(10))
        ),
    )


def _before_release(recorded, released):
    at = datetime.datetime.combine(released - datetime.timedelta(days=30), datetime.time())
    type(recorded).objects.filter(pk=recorded.pk).update(created_at=timezone.make_aware(at))


@pytest.fixture
def world(db):
    """People released 13 to 30 months ago. Those with an accommodation need are likelier to
    be referred and likelier to re-offend (confounding); the service lowers re-offending."""
    rng = random.Random(7)
    service = ServiceFactory(needs=[need("find-accommodation")])
    other = ServiceFactory(organisation=OrganisationFactory())
    treated, pool = [], []
    for i in range(400):
        released = TODAY - datetime.timedelta(days=rng.randint(400, 900))
        person = PersonFactory(
            release_date=released,
            custody_status="in_community",
            date_of_birth=released - datetime.timedelta(days=rng.randint(20, 50) * 365),
            prison_number=f"A{i:04d}ZZ",
            sentence_band=rng.choice(["under_12_months", "1_to_4_years", "4_to_10_years"]),
        )
        if rng.random() < 0.3:
            _before_release(add_need(person, "id-documents"), released)
        housing = rng.random() < 0.5
        if housing:
            _before_release(add_need(person, "find-accommodation"), released)
        is_treated = rng.random() < (0.45 if housing else 0.15)
        risk = 0.5 if housing else 0.3
        if is_treated:
            _referral(person, service)
            treated.append(person)
            risk -= 0.15
        else:
            pool.append(person)
        if rng.random() < risk:
            Outcome.objects.create(
                person=person,
                kind="reoffence_reported",
                on=released + datetime.timedelta(days=100),
                source="imported",
            )
    # Referred but not completed: neither treated nor comparison.
    dropped = pool.pop()
    _referral(dropped, service, status=Status.WITHDRAWN)
    # Referred to another service only: still a fair comparison.
    _referral(pool[0], other)
    return service, treated, pool

"""Evaluating a service from the platform's own records."""

import datetime

import pytest

from resettle.core.evaluation import EvaluationError
from resettle.evaluation.platform import COVARIATES, cohorts_for, evaluate_services
from resettle.outcomes.models import Outcome
from resettle.testing.factories import ServiceFactory

TODAY = datetime.date(2026, 11, 22)


def test_it_builds_the_treated_cohort_and_pool_from_records(world):
    service, treated, pool = world
    cohorts = cohorts_for([service], today=TODAY)
    assert len(cohorts.treated["age_at_release"]) == len(treated)
    assert len(cohorts.pool["age_at_release"]) == len(pool)
    assert set(COVARIATES) <= set(cohorts.treated)
    assert cohorts.treated["accommodation_need"].mean() > cohorts.pool["accommodation_need"].mean()


def test_it_counts_only_outcomes_within_a_year_of_release(world):
    service, treated, _pool = world
    person = treated[0]
    Outcome.objects.filter(person=person).delete()
    Outcome.objects.create(
        person=person,
        kind="reoffence_reported",
        on=person.release_date + datetime.timedelta(days=400),
        source="imported",
    )
    before = cohorts_for([service], today=TODAY).treated["reoffended_1y"].sum()
    Outcome.objects.create(
        person=person,
        kind="recalled_to_custody",
        on=person.release_date + datetime.timedelta(days=20),
        source="imported",
    )
    assert cohorts_for([service], today=TODAY).treated["reoffended_1y"].sum() == before + 1


def test_it_evaluates_a_service_from_its_completed_referrals(world):
    service, treated, _pool = world
    cohorts, result = evaluate_services([service], today=TODAY)
    reoffending = result.to_dict()
    assert reoffending["outcomes"][0]["name"] == "reoffended_1y"
    assert len(treated) >= 60


def test_it_says_plainly_when_too_few_people_completed_a_referral(db):
    service = ServiceFactory()
    with pytest.raises(EvaluationError):
        evaluate_services([service], today=TODAY)

import datetime

import pytest

from resettle.core.distance import Verdict
from resettle.soft_outcomes.actions import record_check_in
from resettle.soft_outcomes.cohort import cohort_change
from resettle.testing.factories import person_with

START = datetime.date(2026, 1, 5)
ONS = {"life_satisfaction": 5, "worthwhile": 5, "happiness": 5}


def check_in(caseworker, person, anxiety, days):
    record_check_in(
        caseworker, person, "ons4", {**ONS, "anxiety": anxiety}, START + datetime.timedelta(days)
    )


def test_it_compares_each_persons_first_and_latest_answer(organisation, caseworker):
    journeys = [(8, 6, 4), (7, 5), (9, 7), (6, 4), (8, 5), (5,)]  # the last was asked once
    for scores in journeys:
        someone = person_with(organisation, caseworker)
        for day, score in enumerate(scores):
            check_in(caseworker, someone, score, day * 30)
    result = cohort_change(organisation, "ons4", "anxiety")
    # Differences -4, -2, -2, -2, -3: anxiety fell, which is better.
    assert result.n == 5
    assert result.mean_change == pytest.approx(-2.6)
    assert result.high < 0
    assert result.verdict is Verdict.IMPROVED
    assert (result.better, result.worse) == (5, 0)
    unchanged = cohort_change(organisation, "ons4", "life_satisfaction")
    assert (unchanged.mean_change, unchanged.verdict) == (0, Verdict.UNCLEAR)


def test_it_reports_too_few_for_a_small_group_and_ignores_other_organisations(
    organisation, caseworker, other_organisation, outsider
):
    for _ in range(4):
        someone = person_with(organisation, caseworker)
        check_in(caseworker, someone, 8, 0)
        check_in(caseworker, someone, 2, 30)
    for _ in range(3):
        elsewhere = person_with(other_organisation, outsider)
        check_in(outsider, elsewhere, 8, 0)
        check_in(outsider, elsewhere, 2, 30)
    result = cohort_change(organisation, "ons4", "anxiety")
    assert result.too_few
    assert (result.n, result.mean_change, result.low) == (None, None, None)
    assert cohort_change(other_organisation, "ons4", "anxiety").too_few


def test_it_counts_two_answers_on_one_day_as_no_journey(organisation, caseworker):
    for _ in range(5):
        someone = person_with(organisation, caseworker)
        check_in(caseworker, someone, 8, 0)
        check_in(caseworker, someone, 3, 0)
    assert cohort_change(organisation, "ons4", "anxiety").too_few


def test_it_refuses_an_unknown_question(organisation):
    with pytest.raises(KeyError):
        cohort_change(organisation, "ons4", "joy")

"""What a report draws from a result: score overlap, what can and cannot be said, and a
result that survives being stored as JSON and read back."""

import json

import numpy as np
import pytest

from resettle.core.evaluation import EvaluationOptions, EvaluationResult, Outcome, Status, evaluate
from resettle.core.evaluation.reporting import what_can_be_said
from resettle.core.evaluation.simulation import simulate
from resettle.core.evaluation.tests.test_reporting import estimate


@pytest.fixture(scope="module")
def result():
    treated, pool, covariates, _ = simulate(300, 4000, 4, effect=-0.12, confounding=1.5, seed=3)
    return evaluate(
        treated,
        pool,
        covariates,
        [Outcome.reoffending(), Outcome.days_employed()],
        EvaluationOptions(),
    )


def test_it_summarises_the_scores_as_shares_of_each_group(result):
    overlap = result.overlap
    assert len(overlap.edges) == 21
    assert overlap.edges == sorted(overlap.edges)
    for shares in (
        overlap.treated_before,
        overlap.comparison_before,
        overlap.treated_after,
        overlap.comparison_after,
    ):
        assert len(shares) == 20
        assert sum(shares) == pytest.approx(1.0)
        assert min(shares) >= 0
    probabilities = overlap.probabilities
    assert 0 < probabilities[0] < probabilities[-1] < 1


def test_it_shows_matching_bringing_the_comparison_scores_to_the_treated(result):
    overlap = result.overlap
    centres = np.array(overlap.edges[:-1]) + np.diff(overlap.edges) / 2

    def mean(shares):
        return float(np.dot(centres, shares))

    gap_before = mean(overlap.treated_before) - mean(overlap.comparison_before)
    gap_after = mean(overlap.treated_after) - mean(overlap.comparison_after)
    # Selection on risk puts the treated well above the pool; matching closes the gap.
    assert gap_before > 1.0
    assert abs(gap_after) < 0.1 * gap_before


def test_it_handles_everyone_having_the_same_score():
    from resettle.core.evaluation.matching import nearest_neighbours
    from resettle.core.evaluation.overlap import score_overlap

    treated, pool = np.zeros(5), np.zeros(50)
    overlap = score_overlap(treated, pool, nearest_neighbours(treated, pool))
    assert sum(overlap.treated_before) == pytest.approx(1.0)
    assert overlap.edges[0] < 0 < overlap.edges[-1]


def test_it_says_what_can_and_cannot_be_said_for_a_significant_fall():
    can, cannot = what_can_be_said(
        Outcome.reoffending(), Status.SIGNIFICANT, estimate(0.38, 0.45, -0.12, -0.02, 0.005)
    )
    assert [s.text for s in can] == [
        "This analysis provides evidence that receiving the support may lower the number who "
        "re-offend."
    ]
    assert "cannot show that the support caused the difference" in cannot[0].text


def test_it_says_a_longer_time_to_reoffence_in_days_words():
    can, _ = what_can_be_said(
        Outcome.time_to_reoffence(), Status.SIGNIFICANT, estimate(200, 170, 10, 50, 0.01)
    )
    assert "may lengthen the time to first re-offence" in can[0].text


def test_it_says_no_evidence_either_way_when_not_significant():
    can, cannot = what_can_be_said(
        Outcome.reoffending(), Status.NOT_SIGNIFICANT, estimate(0.4, 0.42, -0.1, 0.06, 0.6)
    )
    assert "does not provide evidence" in can[0].text
    assert "for better or for worse" in cannot[0].text


@pytest.mark.parametrize(
    "status", [Status.COHORT_TOO_SMALL, Status.COUNTS_TOO_SMALL, Status.TOO_FEW_EVENTS]
)
def test_it_says_nothing_can_be_concluded_from_too_few_people(status):
    can, cannot = what_can_be_said(Outcome.reoffending(), status, None)
    assert "too few of them" in can[0].text
    assert "cannot say whether the support made any difference" in cannot[0].text


def test_it_puts_what_can_be_said_on_every_outcome(result):
    for outcome in result.outcomes:
        assert outcome.can_say and outcome.cannot_say
        assert all(s.template and s.text for s in outcome.can_say + outcome.cannot_say)


def test_it_reads_a_stored_result_back_as_the_same_result(result):
    stored = json.loads(json.dumps(result.to_dict()))
    again = EvaluationResult.from_dict(stored)
    assert again.to_dict() == result.to_dict()
    assert again.to_csv_rows() == result.to_csv_rows()
    assert again.balance_csv_rows() == result.balance_csv_rows()
    assert again.outcomes[0].status is result.outcomes[0].status
    assert again.overlap.probabilities == result.overlap.probabilities

"""The engine against simulated cohorts whose true effect is known."""

import csv
import json

import numpy as np
import pytest

from resettle.core.evaluation import EvaluationOptions, Outcome, Status, evaluate
from resettle.core.evaluation.simulation import simulate

OUTCOMES = [
    Outcome.reoffending(),
    Outcome.frequency(),
    Outcome.days_employed(),
    Outcome.time_to_reoffence(),
]


@pytest.fixture(scope="module")
def confounded():
    # Strong selection: treated people sit about 1.5 SD up the risk scale.
    return simulate(600, 6000, 4, effect=-0.1, confounding=1.5, seed=11)


@pytest.mark.parametrize(
    "options",
    [
        EvaluationOptions(),
        EvaluationOptions(replacement=False),
        EvaluationOptions(ratio=3),
        EvaluationOptions(ratio=2, replacement=False, order="descending"),
    ],
    ids=["1:1 with", "1:1 without", "3:1 with", "2:1 without"],
)
def test_it_recovers_the_true_effect_where_the_naive_difference_is_badly_wrong(confounded, options):
    treated, pool, covariates, truth = confounded
    naive_rate = treated["reoffended"].mean() - pool["reoffended"].mean()
    naive_days = treated["days_employed"].mean() - pool["days_employed"].mean()
    # The naive comparison says the support raises re-offending and cuts employment.
    assert naive_rate > 0 > truth["reoffended"]
    assert naive_days < 0 < truth["days_employed"]

    result = evaluate(treated, pool, covariates, OUTCOMES[:3], options)
    by_name = {outcome.name: outcome for outcome in result.outcomes}
    assert by_name["reoffended"].difference == pytest.approx(truth["reoffended"], abs=0.05)
    assert by_name["reoffences"].difference == pytest.approx(truth["reoffences"], abs=0.2)
    assert by_name["days_employed"].difference == pytest.approx(truth["days_employed"], abs=6)
    for name, outcome in by_name.items():
        assert outcome.ci_low <= truth[name] <= outcome.ci_high
        assert outcome.status is Status.SIGNIFICANT
    expected_method = "abadie-imbens" if options.replacement else "paired"
    assert {outcome.variance_method for outcome in result.outcomes} == {expected_method}
    assert result.propensity.converged and not result.propensity.separation


def test_it_improves_balance_after_matching(confounded):
    treated, pool, covariates, _ = confounded
    result = evaluate(treated, pool, covariates, OUTCOMES[:1])
    assert [row.covariate for row in result.balance] == covariates
    for row in result.balance:
        assert row.imbalanced_before and abs(row.smd_before) > 0.2
        assert not row.imbalanced_after
        assert abs(row.smd_after) < abs(row.smd_before) / 4
        assert 0.8 < row.variance_ratio_after < 1.25
    assert result.imbalanced_covariates == []


@pytest.mark.parametrize("replacement", [True, False], ids=["with", "without"])
def test_it_gives_95_percent_intervals_that_cover_the_truth_about_95_percent_of_the_time(
    replacement,
):
    outcomes = [Outcome.reoffending(), Outcome.days_employed()]
    covered = dict.fromkeys(["reoffended", "days_employed"], 0)
    repetitions = 200
    for seed in range(repetitions):
        treated, pool, covariates, truth = simulate(
            100, 800, 3, effect=-0.1, confounding=1.0, seed=1000 + seed
        )
        result = evaluate(
            treated, pool, covariates, outcomes, EvaluationOptions(replacement=replacement)
        )
        for outcome in result.outcomes:
            covered[outcome.name] += outcome.ci_low <= truth[outcome.name] <= outcome.ci_high
    for name, hits in covered.items():
        assert 0.90 <= hits / repetitions <= 0.99, (name, hits / repetitions)


def test_it_estimates_time_to_first_reoffence_among_reoffenders(confounded):
    treated, pool, covariates, _ = confounded
    # No caliper and no trimming: everyone is matched, so the treated figures are checkable.
    options = EvaluationOptions(caliper_sd=None, common_support=False)
    result = evaluate(treated, pool, covariates, [OUTCOMES[3]], options)
    (outcome,) = result.outcomes
    assert outcome.variance_method == "weighted-two-group"
    reoffenders = treated["reoffended"] == 1
    assert outcome.treated_events == reoffenders.sum()
    assert outcome.treated_value == pytest.approx(treated["days_to_reoffence"][reoffenders].mean())
    # Treated people who re-offend do so later in the simulation (by design of the effect).
    assert outcome.difference > 0 and outcome.ci_low > 0
    assert "longer by between" in outcome.statements[-1].text


def test_it_uses_each_comparison_once_without_replacement(confounded):
    treated, pool, covariates, _ = confounded
    result = evaluate(
        treated, pool, covariates, OUTCOMES[:1], EvaluationOptions(ratio=2, replacement=False)
    )
    matching = result.matching
    assert matching.comparisons_used <= 2 * matching.treated_matched
    assert matching.comparisons_used > matching.treated_matched
    assert "greedy without replacement in random order" in matching.method
    assert (
        matching.treated_supplied
        == matching.treated_matched
        + matching.treated_unmatched_within_caliper
        + matching.treated_outside_common_support
    )


def test_it_offers_a_bootstrap_interval_close_to_the_analytic_one(confounded):
    treated, pool, covariates, _ = confounded
    result = evaluate(
        treated,
        pool,
        covariates,
        [Outcome.days_employed()],
        EvaluationOptions(replacement=False, bootstrap=400, seed=3),
    )
    (outcome,) = result.outcomes
    assert outcome.bootstrap_se == pytest.approx(outcome.standard_error, rel=0.25)
    assert outcome.bootstrap_ci_low < outcome.difference < outcome.bootstrap_ci_high


def test_it_reads_csv_files_and_gives_the_same_answer_as_arrays(tmp_path):
    treated, pool, covariates, _ = simulate(120, 1200, 3, seed=5)
    paths = {}
    for name, group in [("treated", treated), ("pool", pool)]:
        paths[name] = tmp_path / f"{name}.csv"
        with open(paths[name], "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(group)
            for row in zip(*group.values(), strict=True):
                writer.writerow(["" if np.isnan(v) else repr(float(v)) for v in row])
    from_arrays = evaluate(treated, pool, covariates, OUTCOMES)
    from_files = evaluate(paths["treated"], paths["pool"], covariates, OUTCOMES)
    assert from_files.to_dict() == from_arrays.to_dict()


def test_it_serialises_to_json_and_csv_rows(confounded):
    treated, pool, covariates, _ = confounded
    result = evaluate(treated, pool, covariates, OUTCOMES, EvaluationOptions(ratio=2))
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["outcomes"][0]["status"] == "significant"
    assert data["matching"]["ratio"] == 2
    assert data["propensity"]["iterations"] == result.propensity.iterations
    rows = result.to_csv_rows()
    assert rows[0][:3] == ["outcome", "type", "status"]
    assert [row[0] for row in rows[1:]] == [o.name for o in OUTCOMES]
    assert all(len(row) == len(rows[0]) for row in rows)
    balance = result.balance_csv_rows()
    assert [row[0] for row in balance[1:]] == covariates

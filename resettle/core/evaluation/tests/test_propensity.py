"""The unpenalised logistic regression behind the propensity score."""

import numpy as np
import pytest
from scipy.special import expit

from resettle.core.evaluation import (
    CollinearCovariatesError,
    ConstantCovariateError,
    EvaluationOptions,
    NoOverlapError,
    Outcome,
    evaluate,
)
from resettle.core.evaluation.propensity import fit_propensity
from resettle.core.evaluation.simulation import simulate


def logistic_sample(n, coefficients, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(coefficients) - 1)) * [2.0, 0.5, 10.0] + [1.0, 0.0, 50.0]
    treated = rng.random(n) < expit(coefficients[0] + x @ coefficients[1:])
    return x[treated], x[~treated]


def test_it_solves_the_score_equations_and_recovers_the_coefficients():
    truth = np.array([-4.0, 0.5, -1.0, 0.05])
    x_treated, x_pool = logistic_sample(60_000, truth)
    fit, logits = fit_propensity(x_treated, x_pool, ["a", "b", "c"])
    assert fit.converged and not fit.separation and fit.iterations < 12
    # At the maximum the score X'(y - p) is zero.
    x = np.vstack([x_treated, x_pool])
    y = np.r_[np.ones(len(x_treated)), np.zeros(len(x_pool))]
    design = np.column_stack([np.ones(len(x)), x])
    assert np.abs(design.T @ (y - expit(logits))).max() < 1e-6 * len(x)
    coefficients = np.array(list(fit.original_scale().values()))
    np.testing.assert_allclose(coefficients, truth, atol=0.15, rtol=0.1)
    np.testing.assert_allclose(logits, design @ coefficients, atol=1e-8)


def test_it_reports_quasi_separation_and_still_matches_the_rest():
    treated, pool, covariates, _ = simulate(200, 2000, 2, seed=3)
    # Only some treated people have this flag (e.g. a programme-only referral route).
    flag_treated = np.zeros(200)
    flag_treated[:20] = 1
    treated = treated | {"referred_by_programme": flag_treated}
    pool = pool | {"referred_by_programme": np.zeros(2000)}
    result = evaluate(
        treated, pool, [*covariates, "referred_by_programme"], [Outcome.reoffending()]
    )
    assert result.propensity.separation and not result.propensity.converged
    assert "separation" in result.propensity.message
    assert result.matching.treated_matched <= 180
    assert any("separation" in caveat.text for caveat in result.caveats)


def test_it_refuses_complete_separation_as_no_overlap():
    treated, pool, covariates, _ = simulate(100, 1000, 2, seed=4)
    treated["x1"] = treated["x1"] + 100
    with pytest.raises(NoOverlapError, match="separate the two groups completely"):
        evaluate(treated, pool, covariates, [Outcome.reoffending()])


def test_it_refuses_a_constant_covariate():
    treated, pool, covariates, _ = simulate(100, 1000, 2, seed=4)
    treated["female"], pool["female"] = np.ones(100), np.ones(1000)
    with pytest.raises(ConstantCovariateError, match="'female' has the same value for everyone"):
        evaluate(treated, pool, [*covariates, "female"], [Outcome.reoffending()])


def test_it_refuses_collinear_covariates_and_names_them():
    treated, pool, covariates, _ = simulate(100, 1000, 3, seed=4)
    for group in (treated, pool):
        group["total"] = group["x1"] + group["x2"]
    with pytest.raises(CollinearCovariatesError) as error:
        evaluate(treated, pool, [*covariates, "total"], [Outcome.reoffending()])
    message = str(error.value)
    assert all(f"'{name}'" in message for name in ("x1", "x2", "total"))
    assert "'x3'" not in message


def test_it_reports_convergence_in_the_result():
    treated, pool, covariates, _ = simulate(100, 1000, 2, seed=4)
    result = evaluate(treated, pool, covariates, [Outcome.reoffending()], EvaluationOptions())
    assert result.propensity.converged
    assert result.propensity.message == (
        f"The propensity model converged after {result.propensity.iterations} iterations."
    )
    assert set(result.propensity.coefficients) == {"(intercept)", *covariates}

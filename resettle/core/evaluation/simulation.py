"""Simulated cohorts with a known effect and strong confounding, for tests and benchmarks."""

import numpy as np
from scipy.special import expit


def simulate(
    n_treated: int,
    n_pool: int,
    n_covariates: int = 3,
    *,
    effect: float = -0.1,
    confounding: float = 1.0,
    seed: int = 0,
):
    """Return (treated, pool, covariates, truth) as columns by name.

    Selection into treatment and every outcome rise with the same covariate score, so a naive
    comparison is biased while matching on the covariates recovers the effect. ``effect`` is
    the true change in the probability of re-offending; the count falls by 3 x effect per
    person, days employed rise by -200 x effect and time to re-offence by -300 x effect days.
    """
    rng = np.random.default_rng(seed)
    covariates = [f"x{j + 1}" for j in range(n_covariates)]
    weights = np.linspace(1.0, 0.3, n_covariates) / np.sqrt(n_covariates)

    def people(n, treated):
        x = rng.normal(size=(n, n_covariates))
        if treated:
            # Treated people are drawn from the high-risk end: selection on observables.
            x = x + confounding * weights / np.linalg.norm(weights)
        risk = x @ weights
        p0 = 0.15 + 0.6 * expit(1.5 * risk)
        shift = effect if treated else 0.0
        reoffended = (rng.random(n) < p0 + shift).astype(float)
        count_mean = 3 * p0 + 3 * shift
        reoffences = rng.poisson(np.maximum(count_mean, 0.01)).astype(float)
        days_employed = 150 - 120 * risk - 200 * shift + rng.normal(0, 40, size=n)
        days_to = np.where(
            reoffended == 1,
            np.clip(200 - 60 * risk - 300 * shift + rng.normal(0, 60, n), 1, 365),
            np.nan,
        )
        columns = {name: x[:, j] for j, name in enumerate(covariates)}
        columns |= {
            "reoffended": reoffended,
            "reoffences": reoffences,
            "days_employed": days_employed,
            "days_to_reoffence": days_to,
        }
        return columns

    truth = {
        "reoffended": effect,
        "reoffences": 3 * effect,
        "days_employed": -200 * effect,
        "days_to_reoffence": -300 * effect,
    }
    return people(n_treated, True), people(n_pool, False), covariates, truth

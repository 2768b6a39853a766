"""The average treatment effect on the treated (ATT), its variance, and covariate balance."""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .matching import Matches

ABADIE_IMBENS = "abadie-imbens"
PAIRED = "paired"
WEIGHTED_TWO_GROUP = "weighted-two-group"

VARIANCE_DESCRIPTIONS = {
    ABADIE_IMBENS: (
        "Abadie-Imbens (2006) variance for matching with replacement, allowing for comparison "
        "people used more than once (propensity score treated as known); normal approximation"
    ),
    PAIRED: (
        "paired variance of the differences between each treated person and the mean of their "
        "matched comparisons (matching without replacement); t distribution"
    ),
    WEIGHTED_TWO_GROUP: (
        "weighted two-group variance among those with the event, comparison people weighted by "
        "how often they were matched; normal approximation"
    ),
}


@dataclass
class Estimate:
    treated_value: float
    comparison_value: float
    difference: float
    standard_error: float
    ci_low: float
    ci_high: float
    p_value: float
    method: str
    treated_n: int  # people (or, for time outcomes, people with the event) behind the figure
    comparison_n: float  # effective number of comparison people behind the figure
    bootstrap_se: float | None = None
    bootstrap_ci_low: float | None = None
    bootstrap_ci_high: float | None = None


@dataclass
class SetTotals:
    """Per matched set sums whose ratio gives each group's figure; the bootstrap resamples them.

    The estimate is sum(treated_sum) / sum(treated_n) - sum(comparison_sum) / sum(comparison_n).
    """

    treated_sum: np.ndarray
    treated_n: np.ndarray
    comparison_sum: np.ndarray
    comparison_n: np.ndarray


def matched_set_totals(
    matches: Matches, y_treated, y_pool, event_treated=None, event_pool=None
) -> SetTotals:
    filled = matches.filled
    weights = matches.slot_weights
    controls = np.where(filled, matches.controls, 0)
    yt = y_treated[matches.treated]
    yc = y_pool[controls]
    if event_treated is None:
        ones = np.ones(len(yt))
        return SetTotals(yt, ones, (weights * yc).sum(axis=1), ones)
    et = event_treated[matches.treated]
    ec = event_pool[controls] * weights
    return SetTotals(
        np.where(et == 1, yt, 0.0),
        et,
        (ec * np.where(ec > 0, yc, 0.0)).sum(axis=1),
        ec.sum(axis=1),
    )


def estimate_att(
    matches: Matches,
    y_treated: np.ndarray,
    y_pool: np.ndarray,
    *,
    replacement: bool,
    event_treated: np.ndarray | None = None,
    event_pool: np.ndarray | None = None,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
    confidence: float = 0.95,
) -> Estimate:
    totals = matched_set_totals(matches, y_treated, y_pool, event_treated, event_pool)
    treated_value = totals.treated_sum.sum() / totals.treated_n.sum()
    if not totals.comparison_n.sum():
        # Only possible for a time outcome whose matched comparisons never had the event.
        return _not_estimable(treated_value, len(matches.treated))
    comparison_value = totals.comparison_sum.sum() / totals.comparison_n.sum()
    difference = treated_value - comparison_value
    n = len(matches.treated)
    control_weights = matches.control_weights(len(y_pool))

    if event_treated is not None:
        method = WEIGHTED_TWO_GROUP
        et = event_treated[matches.treated] == 1
        times = y_treated[matches.treated][et]
        weights = control_weights * (event_pool == 1)
        used = np.flatnonzero(weights)
        w, yc = weights[used], y_pool[used]
        var_treated = times.var(ddof=1) / len(times) if len(times) > 1 else np.nan
        var_comparison = np.sum(w**2 * (yc - comparison_value) ** 2) / w.sum() ** 2
        se = float(np.sqrt(var_treated + var_comparison))
        treated_n, comparison_n = int(et.sum()), float(w.sum() ** 2 / np.sum(w**2))
        critical = stats.norm.ppf(0.5 + confidence / 2)
        p_value = _p_value(difference, se, stats.norm)
    elif replacement:
        method = ABADIE_IMBENS
        d = totals.treated_sum - totals.comparison_sum
        first = np.sum((d - difference) ** 2)
        # Reuse of a comparison person correlates the sets they join: Abadie and Imbens's
        # K(K-1)/M^2 term, written for unequal weights as (sum of w)^2 - sum of w^2.
        squared = np.bincount(
            matches.controls[matches.filled],
            weights=matches.slot_weights[matches.filled] ** 2,
            minlength=len(y_pool),
        )
        extra = control_weights**2 - squared
        used = np.flatnonzero(extra > 1e-12)
        # Abadie-Imbens conditional variance: half the squared gap to the nearest other control.
        neighbour_variance = (y_pool[used] - y_pool[matches.pool_neighbours(used)]) ** 2 / 2
        second = np.sum(extra[used] * neighbour_variance)
        se = float(np.sqrt(first + second) / n)
        treated_n = n
        comparison_n = _effective_n(control_weights)
        critical = stats.norm.ppf(0.5 + confidence / 2)
        p_value = _p_value(difference, se, stats.norm)
    else:
        method = PAIRED
        d = totals.treated_sum - totals.comparison_sum
        se = float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
        treated_n = n
        comparison_n = _effective_n(control_weights)
        distribution = stats.t(df=max(n - 1, 1))
        critical = distribution.ppf(0.5 + confidence / 2)
        p_value = _p_value(difference, se, distribution)

    estimate = Estimate(
        treated_value=float(treated_value),
        comparison_value=float(comparison_value),
        difference=float(difference),
        standard_error=se,
        ci_low=float(difference - critical * se),
        ci_high=float(difference + critical * se),
        p_value=p_value,
        method=method,
        treated_n=treated_n,
        comparison_n=round(float(comparison_n), 1),
    )
    if bootstrap:
        _bootstrap(estimate, totals, bootstrap, rng or np.random.default_rng(0), confidence)
    return estimate


def _not_estimable(treated_value, n) -> Estimate:
    nan = float("nan")
    return Estimate(float(treated_value), nan, nan, nan, nan, nan, nan, WEIGHTED_TWO_GROUP, n, 0.0)


def _bootstrap(estimate, totals, replicates, rng, confidence):
    # Resamples matched sets (a treated person with their comparisons), holding the matches
    # fixed; with replacement this understates the variance from reused comparisons slightly.
    n = len(totals.treated_sum)
    counts = rng.multinomial(n, np.full(n, 1 / n), size=replicates).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        draws = (counts @ totals.treated_sum) / (counts @ totals.treated_n) - (
            counts @ totals.comparison_sum
        ) / (counts @ totals.comparison_n)
    draws = draws[np.isfinite(draws)]
    tail = (1 - confidence) / 2 * 100
    estimate.bootstrap_se = float(draws.std(ddof=1))
    estimate.bootstrap_ci_low = float(np.percentile(draws, tail))
    estimate.bootstrap_ci_high = float(np.percentile(draws, 100 - tail))


def _effective_n(weights: np.ndarray) -> float:
    w = weights[weights > 0]
    return float(w.sum() ** 2 / np.sum(w**2)) if len(w) else 0.0


def _p_value(difference: float, se: float, distribution) -> float:
    if not np.isfinite(se):
        return float("nan")
    if se == 0:
        return 1.0 if difference == 0 else 0.0
    return float(2 * distribution.sf(abs(difference) / se))


@dataclass
class BalanceRow:
    covariate: str
    treated_mean_before: float
    comparison_mean_before: float
    smd_before: float
    variance_ratio_before: float
    treated_mean_after: float
    comparison_mean_after: float
    smd_after: float
    variance_ratio_after: float
    imbalanced_before: bool
    imbalanced_after: bool


def balance_table(
    names, x_treated, x_pool, matches: Matches, threshold: float = 0.1
) -> list[BalanceRow]:
    """Standardised mean differences and variance ratios before and after matching.

    Both SMDs divide by the same pre-matching pooled SD, so a change between them reflects a
    change in the means and not in the yardstick.
    """
    weights = matches.control_weights(len(x_pool))
    used = np.flatnonzero(weights)
    w = weights[used]
    matched_treated = x_treated[matches.treated]
    matched_pool = x_pool[used]
    mean_t0, mean_c0 = x_treated.mean(axis=0), x_pool.mean(axis=0)
    var_t0, var_c0 = x_treated.var(axis=0, ddof=1), x_pool.var(axis=0, ddof=1)
    mean_t1 = matched_treated.mean(axis=0)
    var_t1 = matched_treated.var(axis=0, ddof=1) if len(matched_treated) > 1 else var_t0 * np.nan
    mean_c1 = w @ matched_pool / w.sum()
    # Reliability-weight correction so a comparison used twice is not counted as two people.
    denominator = w.sum() - np.sum(w**2) / w.sum()
    var_c1 = (w @ (matched_pool - mean_c1) ** 2) / denominator if denominator > 0 else np.nan
    scale = np.sqrt((var_t0 + var_c0) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        smd0 = (mean_t0 - mean_c0) / scale
        smd1 = (mean_t1 - mean_c1) / scale
        vr0 = var_t0 / var_c0
        vr1 = var_t1 / var_c1
    return [
        BalanceRow(
            covariate=name,
            treated_mean_before=float(mean_t0[j]),
            comparison_mean_before=float(mean_c0[j]),
            smd_before=float(smd0[j]),
            variance_ratio_before=float(vr0[j]),
            treated_mean_after=float(mean_t1[j]),
            comparison_mean_after=float(mean_c1[j]),
            smd_after=float(smd1[j]),
            variance_ratio_after=float(np.asarray(vr1)[j] if np.ndim(vr1) else vr1),
            imbalanced_before=bool(abs(smd0[j]) >= threshold),
            imbalanced_after=bool(abs(smd1[j]) >= threshold),
        )
        for j, name in enumerate(names)
    ]

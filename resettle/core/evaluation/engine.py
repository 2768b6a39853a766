"""evaluate(): did this service make a difference, answered the Justice Data Lab way."""

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from numbers import Integral
from pathlib import Path

import numpy as np

from . import reporting
from .data import (
    Outcome,
    OutcomeKind,
    check_columns,
    check_outcome_values,
    group_columns,
    numeric_column,
    read_csv,
    require_complete,
)
from .errors import InvalidOptionError, InvalidOutcomeError, NoOverlapError, TooFewTreatedError
from .estimates import VARIANCE_DESCRIPTIONS, balance_table, estimate_att
from .matching import common_support, nearest_neighbours, pooled_sd
from .overlap import score_overlap
from .propensity import fit_propensity
from .results import (
    EvaluationResult,
    MatchingSummary,
    OutcomeResult,
    PropensitySummary,
    Status,
)

TREATED = "treated cohort"
POOL = "comparison pool"


@dataclass(frozen=True)
class EvaluationOptions:
    ratio: int = 1
    replacement: bool = True
    caliper_sd: float | None = 0.2
    order: str = "random"
    common_support: bool = True
    bootstrap: int = 0
    seed: int = 0
    min_cohort: int = 60
    alpha: float = 0.05
    min_count: int = 10
    min_time_events: int = 30
    power: float = 0.8
    smd_threshold: float = 0.1

    def __post_init__(self):
        problems = []
        if not isinstance(self.ratio, Integral) or self.ratio < 1:
            problems.append("ratio must be a whole number of 1 or more")
        if self.caliper_sd is not None and not self.caliper_sd > 0:
            problems.append("caliper_sd must be more than 0 (or None for no caliper)")
        if self.order not in ("random", "descending"):
            problems.append("order must be 'random' or 'descending'")
        if self.bootstrap < 0 or (0 < self.bootstrap < 100):
            problems.append("bootstrap must be 0 (none) or at least 100 replicates")
        if self.min_cohort < 1:
            problems.append("min_cohort must be 1 or more")
        if not 0 < self.alpha < 1 or not 0 < self.power < 1:
            problems.append("alpha and power must be between 0 and 1")
        if problems:
            raise InvalidOptionError("Invalid evaluation options: " + "; ".join(problems) + ".")

    @property
    def rules(self) -> reporting.ReportingRules:
        return reporting.ReportingRules(
            min_cohort=self.min_cohort,
            alpha=self.alpha,
            min_count=self.min_count,
            min_time_events=self.min_time_events,
            power=self.power,
            smd_threshold=self.smd_threshold,
        )


def evaluate(
    treated,
    pool,
    covariates: Sequence[str],
    outcomes: Sequence[Outcome],
    options: EvaluationOptions | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> EvaluationResult:
    """Compare a treated cohort with matched people from a comparison pool.

    ``treated`` and ``pool`` are columns by name (a mapping, a structured array, the result
    of read_csv) or a path to a CSV file. Raises an EvaluationError subclass, with a message
    saying what to fix, for any input that cannot give a trustworthy answer.

    ``progress(done, total, stage)``, if given, is called as each stage starts (and with
    done == total at the end) so that a long run can show how far it has got.
    """
    options = options or EvaluationOptions()
    covariates, outcomes = _check_specification(covariates, outcomes)
    stages = 3 + len(outcomes)
    report = progress or (lambda done, total, stage: None)
    report(0, stages, "checking the data")
    treated_columns = _load(treated, TREATED)
    pool_columns = _load(pool, POOL)
    needed = list(covariates) + [c for outcome in outcomes for c in outcome.columns()]
    n_treated = check_columns(treated_columns, needed, TREATED)
    n_pool = check_columns(pool_columns, needed, POOL)
    if n_treated < options.min_cohort:
        raise TooFewTreatedError(
            f"The treated cohort has {n_treated} {'person' if n_treated == 1 else 'people'}; "
            f"at least {options.min_cohort} are needed for a Justice Data Lab style evaluation."
        )
    if n_pool < max(2, options.ratio):
        raise TooFewTreatedError(
            f"The comparison pool has {n_pool} {'person' if n_pool == 1 else 'people'}; it "
            f"needs many more people than the treated cohort ({n_treated}) to find matches."
        )

    x_treated = _matrix(treated_columns, covariates, TREATED)
    x_pool = _matrix(pool_columns, covariates, POOL)
    values = {
        outcome.name: (
            _outcome(treated_columns, outcome, TREATED),
            _outcome(pool_columns, outcome, POOL),
        )
        for outcome in outcomes
    }

    report(1, stages, "fitting the propensity model")
    fit, logits = fit_propensity(x_treated, x_pool, covariates)
    treated_logits, pool_logits = logits[:n_treated], logits[n_treated:]
    supported = (
        common_support(treated_logits, pool_logits)
        if options.common_support
        else np.ones(n_treated, dtype=bool)
    )
    if not supported.any():
        raise NoOverlapError(
            "Nobody in the treated cohort has a propensity score within the range of the "
            "comparison pool's, so nobody can be matched. The pool needs people like those "
            "who received the support."
        )
    caliper = (
        options.caliper_sd * pooled_sd(treated_logits, pool_logits)
        if options.caliper_sd
        else np.inf
    )
    report(2, stages, "matching")
    rng = np.random.default_rng(options.seed)
    supported_index = np.flatnonzero(supported)
    matches = nearest_neighbours(
        treated_logits[supported],
        pool_logits,
        ratio=options.ratio,
        replacement=options.replacement,
        caliper=caliper,
        order=options.order,
        rng=rng,
    )
    if len(matches.treated) == 0:
        raise NoOverlapError(
            "Nobody in the treated cohort has anyone in the comparison pool with a close enough "
            f"propensity score (caliper {options.caliper_sd} SD of the logit). The pool needs "
            "people like those who received the support."
        )
    matches.treated = supported_index[matches.treated]
    matched_n = len(matches.treated)

    rules = options.rules
    balance = balance_table(covariates, x_treated, x_pool, matches, rules.smd_threshold)
    results = []
    for done, outcome in enumerate(outcomes, start=3):
        report(done, stages, f"estimating {outcome.name}")
        results.append(_outcome_result(outcome, values[outcome.name], matches, options, rng))
    report(stages, stages, "done")
    caveats = [reporting.statement("causation", reporting.CAUSATION)]
    unmatched = n_treated - matched_n
    if unmatched:
        caveats.append(
            reporting.statement(
                "unmatched",
                reporting.UNMATCHED,
                unmatched=unmatched,
                supplied=n_treated,
                matched=matched_n,
            )
        )
    imbalanced = [row.covariate for row in balance if row.imbalanced_after]
    if imbalanced:
        caveats.append(
            reporting.statement(
                "imbalanced",
                reporting.IMBALANCED,
                covariates=", ".join(imbalanced),
                threshold=rules.smd_threshold,
            )
        )
    if not fit.converged:
        caveats.append(reporting.statement("model", reporting.MODEL_WARNING, message=fit.message))

    return EvaluationResult(
        propensity=PropensitySummary(
            method="unpenalised logistic regression (Newton-Raphson / IRLS) on standardised "
            "covariates",
            covariates=list(covariates),
            coefficients=fit.original_scale(),
            standardised_coefficients={
                name: float(value)
                for name, value in zip(["(intercept)", *covariates], fit.coefficients, strict=True)
            },
            converged=fit.converged,
            iterations=fit.iterations,
            separation=fit.separation,
            log_likelihood=fit.log_likelihood,
            message=fit.message,
        ),
        matching=MatchingSummary(
            method=f"nearest neighbour on the logit of the propensity score, {options.ratio}:1, "
            + (
                "with replacement"
                if options.replacement
                else f"greedy without replacement in {options.order} order"
            ),
            ratio=options.ratio,
            replacement=options.replacement,
            order=None if options.replacement else options.order,
            caliper_sd=options.caliper_sd,
            caliper=float(caliper) if np.isfinite(caliper) else None,
            treated_supplied=n_treated,
            pool_supplied=n_pool,
            treated_outside_common_support=int(n_treated - supported.sum()),
            treated_unmatched_within_caliper=int(supported.sum() - matched_n),
            treated_matched=matched_n,
            comparisons_used=int(len(np.unique(matches.controls[matches.filled]))),
            mean_logit_distance=float(np.nanmean(matches.distances)),
        ),
        balance=balance,
        outcomes=results,
        caveats=caveats,
        settings=asdict(options) | {"covariates": list(covariates)},
        overlap=score_overlap(treated_logits, pool_logits, matches),
    )


def _outcome_result(outcome, values, matches, options, rng) -> OutcomeResult:
    (y_treated, event_treated), (y_pool, event_pool) = values
    matched_n = len(matches.treated)
    events = None
    if outcome.kind is OutcomeKind.TIME:
        events = int(event_treated[matches.treated].sum())
    elif outcome.kind is OutcomeKind.BINARY:
        events = int(y_treated[matches.treated].sum())
    estimate = None
    if outcome.kind is not OutcomeKind.TIME or events >= options.min_time_events:
        estimate = estimate_att(
            matches,
            y_treated,
            y_pool,
            replacement=options.replacement,
            event_treated=event_treated,
            event_pool=event_pool,
            bootstrap=options.bootstrap,
            rng=rng,
        )
    status, statements, needed = reporting.judge(
        outcome, estimate, matched_n=matched_n, events=events, rules=options.rules
    )
    can_say, cannot_say = reporting.what_can_be_said(outcome, status, estimate)
    figures = (
        {
            "comparison_n": estimate.comparison_n,
            "treated_value": estimate.treated_value,
            "comparison_value": estimate.comparison_value,
            "difference": estimate.difference,
            "standard_error": estimate.standard_error,
            "ci_low": estimate.ci_low,
            "ci_high": estimate.ci_high,
            "p_value": estimate.p_value,
            "variance_method": estimate.method,
            "variance_description": VARIANCE_DESCRIPTIONS[estimate.method],
            "bootstrap_se": estimate.bootstrap_se,
            "bootstrap_ci_low": estimate.bootstrap_ci_low,
            "bootstrap_ci_high": estimate.bootstrap_ci_high,
        }
        if estimate and status is not Status.NOT_ESTIMABLE
        else dict.fromkeys(
            [
                "comparison_n",
                "treated_value",
                "comparison_value",
                "difference",
                "standard_error",
                "ci_low",
                "ci_high",
                "p_value",
                "variance_method",
                "variance_description",
            ]
        )
    )
    return OutcomeResult(
        name=outcome.name,
        kind=str(outcome.kind),
        label=outcome.label,
        status=status,
        significant=status is Status.SIGNIFICANT,
        treated_n=matched_n,
        treated_events=events,
        sample_size_needed=needed,
        statements=statements,
        can_say=can_say,
        cannot_say=cannot_say,
        **figures,
    )


def _check_specification(covariates, outcomes):
    if isinstance(covariates, str):
        covariates = [covariates]
    covariates = list(covariates)
    if isinstance(outcomes, Outcome):
        outcomes = [outcomes]
    outcomes = list(outcomes)
    if not covariates:
        raise InvalidOptionError("Name at least one covariate to match people on.")
    if not outcomes:
        raise InvalidOptionError("Name at least one outcome to compare.")
    not_outcomes = [o for o in outcomes if not isinstance(o, Outcome)]
    if not_outcomes:
        raise InvalidOptionError(
            f"Outcomes must be described with Outcome(...), not {not_outcomes[0]!r}."
        )
    names = [o.name for o in outcomes]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidOptionError(f"Outcome {', '.join(map(repr, repeated))} is listed twice.")
    repeated = sorted({c for c in covariates if covariates.count(c) > 1})
    if repeated:
        raise InvalidOptionError(f"Covariate {', '.join(map(repr, repeated))} is listed twice.")
    both = sorted({c for o in outcomes for c in o.columns()} & set(covariates))
    if both:
        raise InvalidOptionError(
            f"{', '.join(map(repr, both))} cannot be both a covariate and an outcome: "
            "matching on an outcome would hide any effect."
        )
    for outcome in outcomes:
        if outcome.kind is OutcomeKind.TIME and not outcome.event:
            raise InvalidOptionError(
                f"Time outcome '{outcome.name}' needs event= naming the 0/1 column that says "
                "whether the event (for example a re-offence) happened."
            )
    return covariates, outcomes


def _load(data, group):
    if isinstance(data, str | Path):
        data = read_csv(data)
    return group_columns(data, group)


def _matrix(columns, covariates, group) -> np.ndarray:
    # Column-major: each covariate is converted and checked as one contiguous block.
    x = np.empty((check_columns(columns, covariates, group), len(covariates)), order="F")
    for j, name in enumerate(covariates):
        x[:, j] = numeric_column(columns[name], group=group, column=name)
        require_complete(x[:, j], group=group, column=name)
    return x


def _outcome(columns, outcome: Outcome, group):
    values = numeric_column(columns[outcome.name], group=group, column=outcome.name)
    if outcome.kind is not OutcomeKind.TIME:
        require_complete(values, group=group, column=outcome.name)
        check_outcome_values(outcome, values, group)
        return values, None
    event = numeric_column(columns[outcome.event], group=group, column=outcome.event)
    require_complete(event, group=group, column=outcome.event)
    wrong = (event != 0) & (event != 1)
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0]) + 1
        raise InvalidOutcomeError(
            f"Event column '{outcome.event}' must be 0 or 1 (did the event happen?); the "
            f"{group} has {event[row - 1]:g} at row {row}."
        )
    require_complete(values, group=group, column=outcome.name, where=event == 1)
    check_outcome_values(outcome, values, group, event=event)
    # Times for people without the event are never used; zero keeps NaN out of the sums.
    return np.where(event == 1, values, 0.0), event

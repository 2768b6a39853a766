"""Justice Data Lab reporting rules and the plain-English statements that follow from them.

Templates are English msgids marked with gettext_noop (see i18n.py) so that makemessages
collects them and a web layer can translate each Statement and fill in its parameters.
"""

import math
from dataclasses import dataclass

from scipy import stats

from .data import Outcome, OutcomeKind
from .estimates import Estimate
from .i18n import gettext_noop
from .results import Statement, Status


@dataclass(frozen=True)
class ReportingRules:
    min_cohort: int = 60
    alpha: float = 0.05
    min_count: int = 10
    min_time_events: int = 30
    power: float = 0.8
    smd_threshold: float = 0.1


HEADLINE = {
    OutcomeKind.BINARY: gettext_noop(
        "For 100 typical people who received this support, %(treated)s %(measure)s, "
        "compared with %(comparison)s of 100 similar people who did not."
    ),
    OutcomeKind.COUNT: gettext_noop(
        "For 100 typical people who received this support, there were %(treated)s "
        "%(measure)s, compared with %(comparison)s for 100 similar people who did not."
    ),
    OutcomeKind.TIME: gettext_noop(
        "Among people who %(measure)s, those who received this support did so after "
        "%(treated)s days on average, compared with %(comparison)s days for similar people "
        "who did not."
    ),
    OutcomeKind.CONTINUOUS: gettext_noop(
        "People who received this support averaged %(treated)s %(measure)s, compared with "
        "%(comparison)s for similar people who did not."
    ),
}
RANGE = {
    "higher": gettext_noop("%(subject)s could be higher by between %(low)s and %(high)s."),
    "lower": gettext_noop("%(subject)s could be lower by between %(low)s and %(high)s."),
    "longer": gettext_noop("%(subject)s could be longer by between %(low)s and %(high)s days."),
    "shorter": gettext_noop("%(subject)s could be shorter by between %(low)s and %(high)s days."),
}
NOT_SIGNIFICANT = gettext_noop(
    "The difference is not statistically significant, so we cannot say whether the support "
    "made a difference to %(subject)s."
)
SAMPLE_SIZE = gettext_noop(
    "To detect a difference of this size (with 80%% power at the 5%% significance level), "
    "about %(needed)s matched people who received the support would be needed; this "
    "analysis had %(n)s."
)
NO_DIFFERENCE = gettext_noop(
    "There was no difference between the groups, so no sample size would show one."
)
COHORT_TOO_SMALL = gettext_noop(
    "Only %(n)s people who received the support could be matched, and at least %(minimum)s "
    "are needed, so we cannot draw conclusions about %(subject)s from these figures."
)
COUNTS_TOO_SMALL = {
    OutcomeKind.BINARY: gettext_noop(
        "Of the %(n)s matched people who received the support, %(events)s %(measure)s and "
        "%(non_events)s did not; at least %(minimum)s of each are needed for a reliable test, "
        "so we cannot say whether the support made a difference to %(subject)s."
    ),
    OutcomeKind.COUNT: gettext_noop(
        "Only %(events)s %(measure)s were recorded for the %(n)s matched people who received "
        "the support; at least %(minimum)s are needed for a reliable test, so we cannot say "
        "whether the support made a difference to %(subject)s."
    ),
    OutcomeKind.CONTINUOUS: gettext_noop(
        "Only %(n)s matched people who received the support had this outcome recorded; at "
        "least %(minimum)s are needed for a reliable test, so we cannot say whether the "
        "support made a difference to %(subject)s."
    ),
}
TOO_FEW_EVENTS = gettext_noop(
    "Only %(events)s matched people who received the support %(measure)s; at least "
    "%(minimum)s are needed to compare %(subject)s, so no figure is given."
)
NO_COMPARISON_EVENTS = gettext_noop(
    "None of the matched comparison people %(measure)s, so %(subject)s cannot be compared."
)
CAUSATION = gettext_noop(
    "These results compare people who received the support with similar people who did not, "
    "matched on the recorded characteristics listed. Differences that were not recorded, such "
    "as motivation, cannot be allowed for, so the results cannot prove that the support "
    "caused any difference."
)
UNMATCHED = gettext_noop(
    "%(unmatched)s of the %(supplied)s people who received the support could not be matched "
    "to similar people and are left out; the results describe the %(matched)s who were."
)
IMBALANCED = gettext_noop(
    "After matching, the groups still differed on %(covariates)s (a standardised difference "
    "of %(threshold)s or more), so the results may be biased."
)
MODEL_WARNING = gettext_noop("%(message)s")

# "What you can say" and "what you cannot say", as the Data Lab's reports put them.
CAN_SAY_SIGNIFICANT = {
    "higher": gettext_noop(
        "This analysis provides evidence that receiving the support may raise %(subject)s."
    ),
    "lower": gettext_noop(
        "This analysis provides evidence that receiving the support may lower %(subject)s."
    ),
    "longer": gettext_noop(
        "This analysis provides evidence that receiving the support may lengthen %(subject)s."
    ),
    "shorter": gettext_noop(
        "This analysis provides evidence that receiving the support may shorten %(subject)s."
    ),
}
CANNOT_SAY_SIGNIFICANT = gettext_noop(
    "This analysis cannot show that the support caused the difference in %(subject)s, or "
    "that it would have the same effect for people unlike those who were compared."
)
CAN_SAY_NOT_SIGNIFICANT = gettext_noop(
    "This analysis does not provide evidence that the support makes a difference to "
    "%(subject)s. The number of people may have been too small to show an effect of this size."
)
CANNOT_SAY_NOT_SIGNIFICANT = gettext_noop(
    "This analysis does not show that receiving the support changes %(subject)s, for better "
    "or for worse."
)
CAN_SAY_TOO_FEW = gettext_noop(
    "These figures describe the people who were compared, but there are too few of them to "
    "test whether the support made a difference to %(subject)s."
)
CANNOT_SAY_TOO_FEW = gettext_noop(
    "This analysis cannot say whether the support made any difference to %(subject)s."
)


def statement(code: str, template: str, **params) -> Statement:
    return Statement(code=code, template=template, params=params, text=template % params)


def sample_size_needed(estimate: Estimate, n: int, rules: ReportingRules) -> int | None:
    """Matched treated people needed for a difference this size to reach significance.

    Uses the design actually analysed: the variance per treated person is n * SE^2, so the
    answer reflects the matching ratio, reuse of comparisons and the outcome's spread.
    """
    if not estimate.difference or not math.isfinite(estimate.standard_error):
        return None
    z = stats.norm.ppf(1 - rules.alpha / 2) + stats.norm.ppf(rules.power)
    return math.ceil(z**2 * n * estimate.standard_error**2 / estimate.difference**2)


def judge(
    outcome: Outcome,
    estimate: Estimate | None,
    *,
    matched_n: int,
    events: int | None,
    rules: ReportingRules,
) -> tuple[Status, list[Statement], int | None]:
    """Apply the Data Lab's rules; return the status, the statements and any sample size."""
    subject = outcome.subject
    if outcome.kind is OutcomeKind.TIME and events < rules.min_time_events:
        return (
            Status.TOO_FEW_EVENTS,
            [
                statement(
                    "too_few_events",
                    TOO_FEW_EVENTS,
                    events=events,
                    measure=outcome.measure,
                    minimum=rules.min_time_events,
                    subject=subject,
                )
            ],
            None,
        )
    if not math.isfinite(estimate.comparison_value):
        return (
            Status.NOT_ESTIMABLE,
            [
                statement(
                    "not_estimable",
                    NO_COMPARISON_EVENTS,
                    measure=outcome.measure,
                    subject=subject,
                )
            ],
            None,
        )
    statements = [headline(outcome, estimate)]
    if matched_n < rules.min_cohort:
        statements.append(
            statement(
                "cohort_too_small",
                COHORT_TOO_SMALL,
                n=matched_n,
                minimum=rules.min_cohort,
                subject=subject,
            )
        )
        return Status.COHORT_TOO_SMALL, statements, None
    shortfall = _counts_shortfall(outcome, estimate, matched_n, rules)
    if shortfall:
        statements.append(shortfall)
        return Status.COUNTS_TOO_SMALL, statements, None
    if estimate.p_value <= rules.alpha:
        statements.append(range_statement(outcome, estimate))
        return Status.SIGNIFICANT, statements, None
    statements.append(statement("not_significant", NOT_SIGNIFICANT, subject=subject))
    needed = sample_size_needed(estimate, matched_n, rules)
    if needed is not None:
        statements.append(statement("sample_size", SAMPLE_SIZE, needed=needed, n=matched_n))
    elif not estimate.difference:
        statements.append(statement("no_difference", NO_DIFFERENCE))
    return Status.NOT_SIGNIFICANT, statements, needed


def what_can_be_said(
    outcome: Outcome, status: Status, estimate: Estimate | None
) -> tuple[list[Statement], list[Statement]]:
    """What readers may conclude from this outcome's result, and what they may not."""
    subject = outcome.subject
    if status is Status.SIGNIFICANT:
        if outcome.kind is OutcomeKind.TIME:
            direction = "longer" if estimate.difference > 0 else "shorter"
        else:
            direction = "higher" if estimate.difference > 0 else "lower"
        return (
            [statement("can_say", CAN_SAY_SIGNIFICANT[direction], subject=subject)],
            [statement("cannot_say", CANNOT_SAY_SIGNIFICANT, subject=subject)],
        )
    if status is Status.NOT_SIGNIFICANT:
        return (
            [statement("can_say", CAN_SAY_NOT_SIGNIFICANT, subject=subject)],
            [statement("cannot_say", CANNOT_SAY_NOT_SIGNIFICANT, subject=subject)],
        )
    return (
        [statement("can_say", CAN_SAY_TOO_FEW, subject=subject)],
        [statement("cannot_say", CANNOT_SAY_TOO_FEW, subject=subject)],
    )


def headline(outcome: Outcome, estimate: Estimate) -> Statement:
    treated = _value(outcome, estimate.treated_value)
    comparison = _value(outcome, estimate.comparison_value)
    return statement(
        f"headline_{outcome.kind}",
        HEADLINE[outcome.kind],
        treated=treated,
        comparison=comparison,
        measure=outcome.measure,
    )


def range_statement(outcome: Outcome, estimate: Estimate) -> Statement:
    if outcome.kind is OutcomeKind.TIME:
        direction = "longer" if estimate.difference > 0 else "shorter"
    else:
        direction = "higher" if estimate.difference > 0 else "lower"
    bounds = sorted([abs(estimate.ci_low), abs(estimate.ci_high)])
    low, high = (_value(outcome, bound) for bound in bounds)
    return statement(
        "significant",
        RANGE[direction],
        subject=outcome.subject[:1].upper() + outcome.subject[1:],
        low=low,
        high=high,
    )


def _value(outcome: Outcome, value: float) -> str:
    """Per 100 people for rates and counts, whole days for time, money or one decimal."""
    if outcome.kind in (OutcomeKind.BINARY, OutcomeKind.COUNT):
        return f"{round(value * 100):,}"
    if outcome.kind is OutcomeKind.TIME:
        return f"{round(value):,}"
    if outcome.unit_prefix:
        return f"{outcome.unit_prefix}{round(value):,}"
    return f"{value:,.1f}"


def _counts_shortfall(outcome, estimate, n, rules) -> Statement | None:
    subject, minimum = outcome.subject, rules.min_count
    if outcome.kind is OutcomeKind.BINARY:
        events = round(estimate.treated_value * n)
        if n < minimum or events < minimum or n - events < minimum:
            return statement(
                "counts_too_small",
                COUNTS_TOO_SMALL[OutcomeKind.BINARY],
                n=n,
                events=events,
                non_events=n - events,
                measure=outcome.measure,
                minimum=minimum,
                subject=subject,
            )
    elif outcome.kind is OutcomeKind.COUNT:
        events = round(estimate.treated_value * n)
        if n < minimum or events < minimum:
            return statement(
                "counts_too_small",
                COUNTS_TOO_SMALL[OutcomeKind.COUNT],
                n=n,
                events=events,
                measure=outcome.measure,
                minimum=minimum,
                subject=subject,
            )
    elif outcome.kind is OutcomeKind.CONTINUOUS and n < minimum:
        return statement(
            "counts_too_small",
            COUNTS_TOO_SMALL[OutcomeKind.CONTINUOUS],
            n=n,
            minimum=minimum,
            subject=subject,
        )
    return None

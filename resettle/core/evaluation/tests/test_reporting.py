"""Justice Data Lab reporting rules and the wording of the statements."""

import numpy as np
import pytest

from resettle.core.evaluation import EvaluationOptions, Outcome, Status, evaluate
from resettle.core.evaluation.estimates import Estimate
from resettle.core.evaluation.reporting import ReportingRules, judge
from resettle.core.evaluation.simulation import simulate

RULES = ReportingRules()


def estimate(treated, comparison, low, high, p_value, se=0.025):
    return Estimate(
        treated_value=treated,
        comparison_value=comparison,
        difference=treated - comparison,
        standard_error=se,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        method="paired",
        treated_n=200,
        comparison_n=200,
    )


def text(statements):
    return " ".join(statement.text for statement in statements)


def test_it_words_a_significant_fall_in_reoffending_the_data_lab_way():
    status, statements, needed = judge(
        Outcome.reoffending(),
        estimate(0.38, 0.45, -0.12, -0.02, 0.005),
        matched_n=200,
        events=76,
        rules=RULES,
    )
    assert status is Status.SIGNIFICANT and needed is None
    assert text(statements) == (
        "For 100 typical people who received this support, 38 re-offended within a year, "
        "compared with 45 of 100 similar people who did not. The number who re-offend could "
        "be lower by between 2 and 12."
    )


def test_it_counts_p_of_exactly_005_as_significant_and_just_above_as_not():
    outcome = Outcome.reoffending()
    at, _, _ = judge(
        outcome, estimate(0.38, 0.45, -0.14, 0, 0.05), matched_n=200, events=76, rules=RULES
    )
    above, _, _ = judge(
        outcome, estimate(0.38, 0.45, -0.14, 0.001, 0.0501), matched_n=200, events=76, rules=RULES
    )
    assert at is Status.SIGNIFICANT
    assert above is Status.NOT_SIGNIFICANT


def test_it_says_what_cannot_be_said_and_the_sample_size_needed():
    status, statements, needed = judge(
        Outcome.reoffending(),
        estimate(0.40, 0.45, -0.148, 0.048, 0.32, se=0.05),
        matched_n=100,
        events=40,
        rules=RULES,
    )
    assert status is Status.NOT_SIGNIFICANT
    # (1.96 + 0.8416)^2 x 100 x 0.05^2 / 0.05^2 = 784.9: 80% power at the 5% level.
    assert needed == 785
    assert text(statements[1:]) == (
        "The difference is not statistically significant, so we cannot say whether the "
        "support made a difference to the number who re-offend. To detect a difference of "
        "this size (with 80% power at the 5% significance level), about 785 matched people "
        "who received the support would be needed; this analysis had 100."
    )


def test_it_needs_a_minimum_matched_cohort():
    status, statements, _ = judge(
        Outcome.reoffending(),
        estimate(0.30, 0.50, -0.3, -0.1, 0.0001),
        matched_n=59,
        events=18,
        rules=RULES,
    )
    assert status is Status.COHORT_TOO_SMALL
    assert statements[-1].text == (
        "Only 59 people who received the support could be matched, and at least 60 are "
        "needed, so we cannot draw conclusions about the number who re-offend from these "
        "figures."
    )


@pytest.mark.parametrize("rate, events, non_events", [(0.09, 9, 91), (0.95, 95, 5)])
def test_it_needs_at_least_ten_with_and_without_the_outcome(rate, events, non_events):
    status, statements, _ = judge(
        Outcome.reoffending(),
        estimate(rate, rate + 0.04, -0.1, -0.01, 0.01),
        matched_n=100,
        events=events,
        rules=RULES,
    )
    assert status is Status.COUNTS_TOO_SMALL
    assert statements[-1].text.startswith(
        f"Of the 100 matched people who received the support, {events} re-offended within a "
        f"year and {non_events} did not; at least 10 of each are needed"
    )


def test_it_needs_at_least_ten_reoffences_for_frequency():
    status, statements, _ = judge(
        Outcome.frequency(),
        estimate(0.08, 0.5, -0.6, -0.2, 0.001),
        matched_n=100,
        events=None,
        rules=RULES,
    )
    assert status is Status.COUNTS_TOO_SMALL
    assert statements[-1].text.startswith(
        "Only 8 proven re-offences within a year were recorded for the 100 matched people"
    )
    enough, statements, _ = judge(
        Outcome.frequency(),
        estimate(0.85, 1.10, -0.45, -0.05, 0.01),
        matched_n=100,
        events=None,
        rules=RULES,
    )
    assert enough is Status.SIGNIFICANT
    assert text(statements) == (
        "For 100 typical people who received this support, there were 85 proven re-offences "
        "within a year, compared with 110 for 100 similar people who did not. The number of "
        "re-offences could be lower by between 5 and 45."
    )


def test_it_compares_time_to_reoffence_only_with_thirty_treated_reoffenders():
    outcome = Outcome.time_to_reoffence()
    status, statements, _ = judge(outcome, None, matched_n=200, events=29, rules=RULES)
    assert status is Status.TOO_FEW_EVENTS
    assert text(statements) == (
        "Only 29 matched people who received the support re-offended; at least 30 are needed "
        "to compare the time to first re-offence, so no figure is given."
    )
    status, statements, _ = judge(
        outcome,
        estimate(160, 132, 12.4, 42.6, 0.001, se=7.7),
        matched_n=200,
        events=30,
        rules=RULES,
    )
    assert status is Status.SIGNIFICANT
    assert text(statements) == (
        "Among people who re-offended, those who received this support did so after 160 days "
        "on average, compared with 132 days for similar people who did not. The time to first "
        "re-offence could be longer by between 12 and 43 days."
    )


def test_it_says_when_no_matched_comparison_had_the_event():
    treated, pool, covariates, _ = simulate(100, 1000, 3, seed=21)
    pool["reoffended"] = np.zeros(1000)
    pool["days_to_reoffence"] = np.full(1000, np.nan)
    result = evaluate(treated, pool, covariates, [Outcome.time_to_reoffence()])
    (outcome,) = result.outcomes
    assert outcome.status is Status.NOT_ESTIMABLE and outcome.difference is None
    assert text(outcome.statements) == (
        "None of the matched comparison people re-offended, so the time to first re-offence "
        "cannot be compared."
    )


def test_it_words_money_with_its_unit():
    _, statements, _ = judge(
        Outcome.earnings(),
        estimate(12_300, 11_000, 480.2, 2_119.8, 0.002, se=400),
        matched_n=200,
        events=None,
        rules=RULES,
    )
    assert text(statements) == (
        "People who received this support averaged £12,300 in earnings in the year after "
        "release, compared with £11,000 for similar people who did not. Earnings could be "
        "higher by between £480 and £2,120."
    )


def test_it_withholds_time_to_reoffence_from_an_evaluation_with_few_reoffenders():
    treated, pool, covariates, _ = simulate(100, 1000, 3, seed=21)
    reoffended = np.zeros(100)
    reoffended[:25] = 1
    treated["reoffended"] = reoffended
    treated["days_to_reoffence"] = np.where(reoffended == 1, 120.0, np.nan)
    result = evaluate(
        treated, pool, covariates, [Outcome.reoffending(), Outcome.time_to_reoffence()]
    )
    rate, time = result.outcomes
    assert time.status is Status.TOO_FEW_EVENTS and time.difference is None
    assert time.treated_events <= 25
    assert rate.difference is not None
    assert result.to_dict()["outcomes"][1]["ci_low"] is None


def test_it_marks_a_cohort_that_shrinks_below_the_minimum_after_matching_as_too_small():
    treated, pool, covariates, _ = simulate(70, 700, 3, confounding=2.0, seed=2)
    result = evaluate(
        treated, pool, covariates, [Outcome.reoffending()], EvaluationOptions(caliper_sd=0.02)
    )
    assert result.matching.treated_matched < 60
    (outcome,) = result.outcomes
    assert outcome.status is Status.COHORT_TOO_SMALL and not outcome.significant
    assert any(caveat.code == "unmatched" for caveat in result.caveats)


def test_it_keeps_every_statement_translatable():
    treated, pool, covariates, _ = simulate(150, 1500, 3, seed=9)
    result = evaluate(
        treated,
        pool,
        covariates,
        [Outcome.reoffending(), Outcome.days_employed(), Outcome.time_to_reoffence()],
    )
    statements = result.caveats + [s for o in result.outcomes for s in o.statements]
    assert statements
    for statement in statements:
        assert statement.text == statement.template % statement.params
        assert "{" not in statement.template

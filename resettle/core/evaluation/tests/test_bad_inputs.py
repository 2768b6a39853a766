"""Every kind of unusable input gives an EvaluationError that says what to fix."""

import io

import numpy as np
import pytest

from resettle.core.evaluation import (
    EvaluationError,
    EvaluationOptions,
    InvalidOptionError,
    InvalidOutcomeError,
    MismatchedColumnsError,
    MissingValuesError,
    NonNumericError,
    NoOverlapError,
    Outcome,
    TooFewTreatedError,
    columns_from_array,
    evaluate,
    read_csv,
)
from resettle.core.evaluation.simulation import simulate

REOFFENDING = [Outcome.reoffending()]


@pytest.fixture
def cohorts():
    return simulate(100, 1000, 3, seed=8)


def test_it_names_a_column_missing_from_one_group(cohorts):
    treated, pool, covariates, _ = cohorts
    del pool["x2"]
    with pytest.raises(MismatchedColumnsError, match="The comparison pool has no column 'x2'"):
        evaluate(treated, pool, covariates, REOFFENDING)


def test_it_names_columns_of_different_lengths(cohorts):
    treated, pool, covariates, _ = cohorts
    treated["x1"] = treated["x1"][:-1]
    with pytest.raises(MismatchedColumnsError, match="'x1' has 99, 'x2' has 100"):
        evaluate(treated, pool, covariates, REOFFENDING)


def test_it_reports_missing_values_with_group_column_and_rows(cohorts):
    treated, pool, covariates, _ = cohorts
    pool["x3"] = pool["x3"].copy()
    pool["x3"][[3, 8]] = np.nan
    with pytest.raises(MissingValuesError) as error:
        evaluate(treated, pool, covariates, REOFFENDING)
    assert str(error.value).startswith(
        "Column 'x3' of the comparison pool has 2 missing values (row 4, 9)."
    )


def test_it_reports_a_missing_outcome(cohorts):
    treated, pool, covariates, _ = cohorts
    treated["reoffended"] = treated["reoffended"].copy()
    treated["reoffended"][0] = np.nan
    with pytest.raises(MissingValuesError, match="'reoffended' of the treated cohort has 1"):
        evaluate(treated, pool, covariates, REOFFENDING)


def test_it_refuses_a_non_numeric_outcome_from_csv(cohorts):
    treated, pool, covariates, _ = cohorts
    text = "x1,x2,x3,reoffended\n" + "".join(
        f"{a},{b},{c},{'yes' if i == 4 else int(y)}\n"
        for i, (a, b, c, y) in enumerate(
            zip(treated["x1"], treated["x2"], treated["x3"], treated["reoffended"], strict=True)
        )
    )
    with pytest.raises(NonNumericError) as error:
        evaluate(read_csv(io.StringIO(text)), pool, covariates, REOFFENDING)
    assert str(error.value) == (
        "Column 'reoffended' of the treated cohort must hold numbers, but row 5 is 'yes'."
    )


def test_it_treats_blank_csv_cells_as_missing(cohorts):
    treated, pool, covariates, _ = cohorts
    rows = [",".join(str(v) for v in row) for row in zip(*treated.values(), strict=True)]
    rows[2] = rows[2].replace(str(treated["x1"][2]), " ", 1)
    text = ",".join(treated) + "\n" + "\n".join(rows)
    with pytest.raises(MissingValuesError, match="'x1' of the treated cohort has 1 missing"):
        evaluate(read_csv(io.StringIO(text)), pool, covariates, REOFFENDING)


def test_it_refuses_a_binary_outcome_that_is_not_zero_or_one(cohorts):
    treated, pool, covariates, _ = cohorts
    pool["reoffended"] = pool["reoffended"].copy()
    pool["reoffended"][6] = 2
    with pytest.raises(InvalidOutcomeError) as error:
        evaluate(treated, pool, covariates, REOFFENDING)
    assert str(error.value) == (
        "Outcome 'reoffended' is a binary outcome, so every value must be 0 or 1; "
        "the comparison pool has 2 at row 7."
    )


def test_it_refuses_a_fractional_count(cohorts):
    treated, pool, covariates, _ = cohorts
    treated["reoffences"] = treated["reoffences"] + 0.5
    with pytest.raises(InvalidOutcomeError, match="a whole number of 0 or more"):
        evaluate(treated, pool, covariates, [Outcome.frequency()])


def test_it_needs_a_time_for_everyone_who_had_the_event(cohorts):
    treated, pool, covariates, _ = cohorts
    first = int(np.flatnonzero(treated["reoffended"] == 1)[0])
    treated["days_to_reoffence"] = treated["days_to_reoffence"].copy()
    treated["days_to_reoffence"][first] = np.nan
    with pytest.raises(MissingValuesError, match=f"'days_to_reoffence'.*row {first + 1}"):
        evaluate(treated, pool, covariates, [Outcome.time_to_reoffence()])


def test_it_refuses_a_treated_cohort_below_the_minimum(cohorts):
    treated, pool, covariates, _ = cohorts
    small = {name: values[:45] for name, values in treated.items()}
    with pytest.raises(TooFewTreatedError) as error:
        evaluate(small, pool, covariates, REOFFENDING)
    assert str(error.value) == (
        "The treated cohort has 45 people; at least 60 are needed for a Justice Data Lab "
        "style evaluation."
    )


def test_it_refuses_a_comparison_pool_of_one(cohorts):
    treated, pool, covariates, _ = cohorts
    tiny = {name: values[:1] for name, values in pool.items()}
    with pytest.raises(TooFewTreatedError, match="The comparison pool has 1 person"):
        evaluate(treated, tiny, covariates, REOFFENDING)


def test_it_refuses_groups_that_do_not_overlap_within_the_caliper(cohorts):
    treated, pool, covariates, _ = cohorts
    # Overlapping ranges (a few pool people reach up to the treated) but no close partners.
    treated = treated | {"x1": treated["x1"] + 6}
    pool = pool | {"x1": np.r_[pool["x1"][:-1], 12.0]}
    with pytest.raises(NoOverlapError):
        evaluate(treated, pool, covariates, REOFFENDING, EvaluationOptions(caliper_sd=0.01))


def test_it_refuses_an_outcome_used_as_a_covariate(cohorts):
    treated, pool, covariates, _ = cohorts
    with pytest.raises(InvalidOptionError, match="'reoffended' cannot be both"):
        evaluate(treated, pool, [*covariates, "reoffended"], REOFFENDING)


def test_it_refuses_an_unknown_outcome_type_and_a_repeated_outcome(cohorts):
    treated, pool, covariates, _ = cohorts
    with pytest.raises(InvalidOptionError, match="must be one of 'binary', 'count'"):
        Outcome("reoffended", "yes/no")
    with pytest.raises(InvalidOptionError, match="'reoffended' is listed twice"):
        evaluate(treated, pool, covariates, REOFFENDING * 2)


def test_it_needs_an_event_column_for_a_time_outcome(cohorts):
    treated, pool, covariates, _ = cohorts
    with pytest.raises(InvalidOptionError, match="needs event="):
        evaluate(treated, pool, covariates, [Outcome("days_to_reoffence", "time")])


@pytest.mark.parametrize(
    "options, message",
    [
        ({"ratio": 0}, "ratio must be a whole number"),
        ({"caliper_sd": -1}, "caliper_sd must be more than 0"),
        ({"order": "sideways"}, "order must be 'random' or 'descending'"),
        ({"bootstrap": 5}, "bootstrap must be 0"),
    ],
)
def test_it_refuses_invalid_options(options, message):
    with pytest.raises(InvalidOptionError, match=message):
        EvaluationOptions(**options)


def test_it_explains_how_to_pass_an_unnamed_array(cohorts):
    _, pool, covariates, _ = cohorts
    with pytest.raises(MismatchedColumnsError, match="columns by name"):
        evaluate(np.zeros((100, 4)), pool, covariates, REOFFENDING)
    named = columns_from_array(np.zeros((100, 4)), [*covariates, "reoffended"])
    assert set(named) == {*covariates, "reoffended"}
    with pytest.raises(MismatchedColumnsError, match="shape"):
        columns_from_array(np.zeros((100, 3)), [*covariates, "reoffended"])


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The CSV file is empty"),
        ("a,b,a\n1,2,3\n", "repeats the column name(s) 'a'"),
        ("a,b\n1,2\n3\n", "Line 3 of the CSV file has 1 values"),
    ],
)
def test_it_explains_malformed_csv(text, message):
    with pytest.raises(MismatchedColumnsError) as error:
        read_csv(io.StringIO(text))
    assert message in str(error.value)


def test_it_raises_only_evaluation_errors_for_bad_inputs(cohorts):
    treated, pool, covariates, _ = cohorts
    broken = treated | {"x1": np.array(["old"] * 100, dtype=object)}
    with pytest.raises(EvaluationError):
        evaluate(broken, pool, covariates, REOFFENDING)
    infinite = treated | {"x2": np.r_[np.inf, treated["x2"][1:]]}
    with pytest.raises(NonNumericError, match="infinite value at row 1"):
        evaluate(infinite, pool, covariates, REOFFENDING)

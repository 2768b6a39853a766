import pytest
from scipy import stats

from resettle.core.distance import Direction, Verdict, cohort_change, person_change


def test_it_measures_a_persons_change_from_first_to_latest_and_each_step():
    change = person_change([3, 5, 4, 6])
    assert (change.first, change.latest, change.change) == (3, 6, 3)
    assert change.direction is Direction.BETTER
    assert [(s.before, s.after, s.change, s.direction) for s in change.steps] == [
        (3, 5, 2, Direction.BETTER),
        (5, 4, -1, Direction.WORSE),
        (4, 6, 2, Direction.BETTER),
    ]
    assert change.measurements == 4


def test_it_counts_a_fall_in_anxiety_as_better():
    change = person_change([8, 3], higher_is_better=False)
    assert change.change == -5
    assert change.direction is Direction.BETTER
    assert person_change([2, 6], higher_is_better=False).direction is Direction.WORSE


def test_it_treats_one_score_as_no_change_yet():
    change = person_change([7])
    assert (change.change, change.direction, change.steps, change.measurements) == (
        0,
        Direction.SAME,
        (),
        1,
    )


def test_it_refuses_no_scores():
    with pytest.raises(ValueError):
        person_change([])


def test_it_gives_the_paired_t_interval_for_known_values():
    # Differences 1, 2, 3, 4, 5: mean 3, SD sqrt(2.5), t(0.975, 4) = 2.7764451.
    result = cohort_change([(2, 3), (2, 4), (1, 4), (3, 7), (0, 5)])
    assert result.n == 5
    assert result.mean_change == pytest.approx(3)
    assert result.standard_deviation == pytest.approx(1.5811388)
    assert result.standard_error == pytest.approx(0.7071068)
    assert result.low == pytest.approx(3 - 2.7764451 * 0.7071068)
    assert result.high == pytest.approx(3 + 2.7764451 * 0.7071068)
    assert (result.mean_first, result.mean_latest) == (pytest.approx(1.6), pytest.approx(4.6))
    assert (result.better, result.same, result.worse) == (5, 0, 0)
    assert result.verdict is Verdict.IMPROVED


def test_it_agrees_with_scipys_paired_t_test():
    first = [4, 6, 5, 3, 7, 5, 2, 6]
    latest = [5, 6, 7, 3, 6, 8, 4, 6]
    result = cohort_change(zip(first, latest, strict=True))
    expected = stats.ttest_rel(latest, first).confidence_interval(0.95)
    assert (result.low, result.high) == (pytest.approx(expected.low), pytest.approx(expected.high))
    assert (result.better, result.same, result.worse) == (4, 3, 1)


def test_it_says_improved_when_anxiety_falls_and_worsened_when_it_rises():
    falls = [(8, 4), (7, 3), (9, 6), (6, 3), (8, 5)]
    assert cohort_change(falls, higher_is_better=False).verdict is Verdict.IMPROVED
    assert cohort_change(falls, higher_is_better=True).verdict is Verdict.WORSENED
    rises = [(latest, first) for first, latest in falls]
    assert cohort_change(rises, higher_is_better=False).verdict is Verdict.WORSENED


def test_it_says_unclear_when_the_interval_includes_no_change():
    result = cohort_change([(5, 6), (5, 4), (5, 7), (5, 3), (5, 5)])
    assert result.mean_change == 0
    assert result.low < 0 < result.high
    assert result.verdict is Verdict.UNCLEAR


def test_it_gives_a_zero_width_interval_when_everyone_changed_alike():
    result = cohort_change([(2, 4)] * 6)
    assert (result.low, result.high, result.verdict) == (2, 2, Verdict.IMPROVED)


def test_it_reports_nothing_about_too_few_people():
    result = cohort_change([(2, 9), (3, 9), (1, 8), (2, 7)])
    assert result.too_few and result.verdict is Verdict.TOO_FEW
    assert result.minimum == 5
    assert (result.n, result.mean_change, result.low, result.high, result.better) == (None,) * 5
    assert cohort_change([(1, 2)] * 3, minimum=3).n == 3


@pytest.mark.parametrize("options", [{"minimum": 1}, {"confidence": 1.0}, {"confidence": 0}])
def test_it_refuses_settings_that_make_no_interval(options):
    with pytest.raises(ValueError):
        cohort_change([(1, 2)] * 10, **options)

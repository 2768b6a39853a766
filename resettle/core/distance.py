"""Distance travelled: how a score changed for one person, and on average for a group.

A change is always measured as latest minus first, in the scale's own units. Whether that is
better or worse depends on the question: for most a higher score is better, for ONS anxiety a
lower one is, so every result says which way it went in words ("better", "worse", "same")
rather than leaving the reader to work out what a minus sign means.

For a group the mean change comes with a paired t confidence interval. Below a minimum number
of people nothing is worked out or returned: a small group's average is too uncertain to act
on and too easy to trace back to the people in it.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scipy import stats

MINIMUM_PEOPLE = 5
CONFIDENCE = 0.95


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


class Verdict(StrEnum):
    """What a group's confidence interval lets us say."""

    IMPROVED = "improved"  # the whole interval is on the better side of no change
    WORSENED = "worsened"  # the whole interval is on the worse side
    UNCLEAR = "unclear"  # the interval includes no change
    TOO_FEW = "too_few"  # fewer people than the minimum: nothing is reported


def direction(change: float, *, higher_is_better: bool = True) -> Direction:
    if change == 0:
        return Direction.SAME
    return Direction.BETTER if (change > 0) == higher_is_better else Direction.WORSE


@dataclass(frozen=True)
class Step:
    before: float
    after: float
    change: float
    direction: Direction


@dataclass(frozen=True)
class PersonChange:
    first: float
    latest: float
    change: float
    direction: Direction
    steps: tuple[Step, ...]

    @property
    def measurements(self) -> int:
        return len(self.steps) + 1


def person_change(scores: Sequence[float], *, higher_is_better: bool = True) -> PersonChange:
    """The change from the first score to the latest, and at each step between, for scores
    in the order they were measured. A single score is no change yet."""
    if not scores:
        raise ValueError("At least one score is needed to describe a change.")
    steps = tuple(
        Step(
            before,
            after,
            after - before,
            direction(after - before, higher_is_better=higher_is_better),
        )
        for before, after in zip(scores, scores[1:], strict=False)
    )
    change = scores[-1] - scores[0]
    return PersonChange(
        first=scores[0],
        latest=scores[-1],
        change=change,
        direction=direction(change, higher_is_better=higher_is_better),
        steps=steps,
    )


@dataclass(frozen=True)
class CohortChange:
    """The mean change across a group. When `too_few` every figure is None, n included, so a
    small group's size is not given away either."""

    verdict: Verdict
    higher_is_better: bool
    minimum: int
    confidence: float
    n: int | None = None
    mean_first: float | None = None
    mean_latest: float | None = None
    mean_change: float | None = None
    standard_deviation: float | None = None
    standard_error: float | None = None
    low: float | None = None
    high: float | None = None
    better: int | None = None
    same: int | None = None
    worse: int | None = None

    @property
    def too_few(self) -> bool:
        return self.verdict is Verdict.TOO_FEW


def cohort_change(
    pairs: Iterable[tuple[float, float]],
    *,
    higher_is_better: bool = True,
    minimum: int = MINIMUM_PEOPLE,
    confidence: float = CONFIDENCE,
) -> CohortChange:
    """Mean change over (first, latest) pairs, one pair per person, with a paired t interval
    (the t interval of the differences)."""
    if minimum < 2:
        raise ValueError("A confidence interval needs at least two people.")
    if not 0 < confidence < 1:
        raise ValueError("The confidence level must be between 0 and 1.")
    pairs = [(float(first), float(latest)) for first, latest in pairs]
    n = len(pairs)
    if n < minimum:
        return CohortChange(
            Verdict.TOO_FEW,
            higher_is_better=higher_is_better,
            minimum=minimum,
            confidence=confidence,
        )
    differences = [latest - first for first, latest in pairs]
    mean = math.fsum(differences) / n
    sd = math.sqrt(math.fsum((d - mean) ** 2 for d in differences) / (n - 1))
    se = sd / math.sqrt(n)
    margin = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * se
    low, high = mean - margin, mean + margin
    directions = [direction(d, higher_is_better=higher_is_better) for d in differences]
    return CohortChange(
        verdict=_verdict(low, high, higher_is_better),
        higher_is_better=higher_is_better,
        minimum=minimum,
        confidence=confidence,
        n=n,
        mean_first=math.fsum(first for first, _ in pairs) / n,
        mean_latest=math.fsum(latest for _, latest in pairs) / n,
        mean_change=mean,
        standard_deviation=sd,
        standard_error=se,
        low=low,
        high=high,
        better=directions.count(Direction.BETTER),
        same=directions.count(Direction.SAME),
        worse=directions.count(Direction.WORSE),
    )


def _verdict(low: float, high: float, higher_is_better: bool) -> Verdict:
    if low > 0 or high < 0:
        went_up = low > 0
        return Verdict.IMPROVED if went_up == higher_is_better else Verdict.WORSENED
    return Verdict.UNCLEAR

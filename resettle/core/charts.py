"""The geometry of charts that templates draw as inline SVG: where the plot sits in the
picture, and how a value becomes a position. No drawing here and no JavaScript anywhere, so a
chart looks the same on screen, in print and in a PDF, and its figures are always in a table
beside it.

Used by the progress journey (resettle/soft_outcomes/chart.py) and the impact evaluation
report's overlap and balance charts (resettle/evaluation/charts.py).
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """A `width` x `height` picture (the SVG viewBox) with margins around the plot for axis
    labels. `right` and `bottom` are the plot's far edges, in picture units."""

    width: int
    height: int
    left: int
    top: int
    right_margin: int
    bottom_margin: int

    @property
    def right(self) -> float:
        return self.width - self.right_margin

    @property
    def bottom(self) -> float:
        return self.height - self.bottom_margin


@dataclass(frozen=True)
class Scale:
    """A straight-line map from values in [low, high] to positions from `start` to `end`
    (either may be the larger: SVG's y axis runs downwards)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (self.end - self.start) * (value - self.low) / (self.high - self.low)


def nice_step(span: float, most: int = 5) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that cuts `span` into at most
    `most` steps."""
    if span <= 0:
        return 1.0
    rough = span / most
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= rough - 1e-12:
            return multiple * power
    return 10 * power


def nice_ceiling(value: float, most: int = 5) -> float:
    """`value` rounded up to a whole number of nice steps from zero, for an axis's end."""
    if value <= 0:
        return 1.0
    step = nice_step(value, most)
    return math.ceil(value / step - 1e-9) * step


def ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round values from `low` to `high` (inclusive) at a nice step."""
    step = nice_step(high - low, most)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(n * step, 10) for n in range(first, last + 1)]

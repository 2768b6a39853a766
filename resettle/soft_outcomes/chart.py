"""The geometry of a journey chart, drawn as inline SVG by the template: no JavaScript, and
the same figures are always in a table beside it."""

import datetime
from dataclasses import dataclass

from resettle.core.charts import Frame, Scale

FRAME = Frame(width=640, height=260, left=48, top=16, right_margin=24, bottom_margin=40)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: datetime.date
    score: int


@dataclass(frozen=True)
class Gridline:
    y: float
    score: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    points: tuple[Point, ...]
    gridlines: tuple[Gridline, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def journey_chart(measurements, minimum: int, maximum: int) -> Chart:
    """`measurements` are (date, score) pairs, oldest first. Dates are spaced by the time
    between them, so a gap of months looks like one."""
    frame = FRAME
    first, last = measurements[0][0], measurements[-1][0]
    days = (last - first).days
    across = Scale(0, days or max(len(measurements) - 1, 0), frame.left, frame.right)

    def x(on, index):
        # Several check-ins on one day: spread them out so each point shows (one is centred).
        return across((on - first).days if days else index)

    y = Scale(minimum, maximum, frame.bottom, frame.top)
    step = 1 if maximum - minimum <= 10 else 2
    return Chart(
        width=frame.width,
        height=frame.height,
        left=frame.left,
        right=frame.right,
        top=frame.top,
        bottom=frame.bottom,
        points=tuple(
            Point(x(on, index), y(score), on, score)
            for index, (on, score) in enumerate(measurements)
        ),
        gridlines=tuple(Gridline(y(score), score) for score in range(minimum, maximum + 1, step)),
    )

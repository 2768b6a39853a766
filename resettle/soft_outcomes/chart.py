"""The geometry of a journey chart, drawn as inline SVG by the template: no JavaScript, and
the same figures are always in a table beside it."""

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 16, 40


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
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    first, last = measurements[0][0], measurements[-1][0]
    days = (last - first).days

    def x(on, index):
        if days:
            return LEFT + (right - LEFT) * (on - first).days / days
        if len(measurements) == 1:
            return (LEFT + right) / 2
        # Several check-ins on one day: spread them out so each point shows.
        return LEFT + (right - LEFT) * index / (len(measurements) - 1)

    def y(score):
        return bottom - (bottom - TOP) * (score - minimum) / (maximum - minimum)

    step = 1 if maximum - minimum <= 10 else 2
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        points=tuple(
            Point(x(on, index), y(score), on, score)
            for index, (on, score) in enumerate(measurements)
        ),
        gridlines=tuple(Gridline(y(score), score) for score in range(minimum, maximum + 1, step)),
    )

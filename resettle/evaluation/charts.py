"""The geometry of an evaluation report's two charts, drawn as inline SVG by
evaluation/_overlap_chart.html and evaluation/_balance_chart.html with the shared scales in
resettle.core.charts (as the progress journey chart is). Every figure drawn is also in a
table beside the chart."""

import math
from dataclasses import dataclass

from resettle.core.charts import Frame, Scale, nice_ceiling, ticks

# Propensity scores worth labelling on the axis; those inside the range and not crowded are.
SCORE_LABELS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
TREATED_COLOUR = "#1d70b8"  # GOV.UK blue
COMPARISON_COLOUR = "#505a5f"  # GOV.UK dark grey: 7:1 on white, and apart from the blue
THRESHOLD_COLOUR = "#d4351c"  # GOV.UK red


def percent(share: float) -> str:
    """A share or chance as a percentage with sensible precision: 38%, 4.5%, 0.12%."""
    value = share * 100
    if value == 0:
        return "0%"
    if value >= 10:
        return f"{value:.0f}%"
    if value >= 1:
        return f"{value:.1f}%"
    return f"{value:.2g}%"


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    share: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Panel:
    """One mirrored histogram: the treated group's bars rise from the middle line, the
    comparison group's hang below it."""

    frame: Frame
    baseline: float
    treated: tuple[Bar, ...]
    comparison: tuple[Bar, ...]
    gridlines: tuple[Tick, ...]  # y positions labelled with the share they mark
    x_ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class OverlapRow:
    low: str
    high: str
    treated_before: str
    comparison_before: str
    treated_after: str
    comparison_after: str


@dataclass(frozen=True)
class OverlapChart:
    before: Panel
    after: Panel
    rows: tuple[OverlapRow, ...]
    treated_colour: str = TREATED_COLOUR
    comparison_colour: str = COMPARISON_COLOUR


OVERLAP_FRAME = Frame(width=640, height=220, left=56, top=12, right_margin=16, bottom_margin=36)


def overlap_chart(overlap) -> OverlapChart | None:
    """Before and after panels on one shared scale, so the two can be compared by eye."""
    if overlap is None:
        return None
    frame = OVERLAP_FRAME
    edges = overlap.edges
    across = Scale(edges[0], edges[-1], frame.left, frame.right)
    tallest = max(
        *overlap.treated_before,
        *overlap.comparison_before,
        *overlap.treated_after,
        *overlap.comparison_after,
    )
    top = nice_ceiling(tallest, 2)
    baseline = (frame.top + frame.bottom) / 2
    up = Scale(0, top, baseline, frame.top)
    down = Scale(0, top, baseline, frame.bottom)
    gridlines = []
    for value in ticks(0, top, 2):
        if value:
            gridlines += [Tick(up(value), percent(value)), Tick(down(value), percent(value))]
    x_ticks = _score_ticks(edges[0], edges[-1], across)

    def bars(shares, scale, rising):
        drawn = []
        for i, share in enumerate(shares):
            if not share:
                continue
            x0, x1 = across(edges[i]), across(edges[i + 1])
            end = scale(share)
            y, height = (end, baseline - end) if rising else (baseline, end - baseline)
            # A hairline gap between bars, and at least a sliver for a tiny share.
            drawn.append(Bar(x0 + 0.5, max(x1 - x0 - 1, 0.5), y, max(height, 0.75), share))
        return tuple(drawn)

    def panel(treated, comparison):
        return Panel(
            frame=frame,
            baseline=baseline,
            treated=bars(treated, up, True),
            comparison=bars(comparison, down, False),
            gridlines=tuple(gridlines),
            x_ticks=x_ticks,
        )

    chances = overlap.probabilities
    rows = tuple(
        OverlapRow(
            low=percent(chances[i]),
            high=percent(chances[i + 1]),
            treated_before=percent(overlap.treated_before[i]),
            comparison_before=percent(overlap.comparison_before[i]),
            treated_after=percent(overlap.treated_after[i]),
            comparison_after=percent(overlap.comparison_after[i]),
        )
        for i in range(len(edges) - 1)
    )
    return OverlapChart(
        before=panel(overlap.treated_before, overlap.comparison_before),
        after=panel(overlap.treated_after, overlap.comparison_after),
        rows=rows,
    )


def _score_ticks(low_logit, high_logit, across) -> tuple[Tick, ...]:
    """Ticks at round propensity scores, placed on the logit axis, at least 48 units apart;
    the range's ends when no round score falls inside it."""
    chosen, last = [], -math.inf
    for chance in SCORE_LABELS:
        logit = math.log(chance / (1 - chance))
        if low_logit <= logit <= high_logit and across(logit) - last >= 48:
            chosen.append(Tick(across(logit), f"{chance * 100:g}%"))
            last = across(logit)
    if len(chosen) < 2:
        ends = (low_logit, high_logit)
        chosen = [Tick(across(x), percent(1 / (1 + math.exp(-x)))) for x in ends]
    return tuple(chosen)


@dataclass(frozen=True)
class BalancePoint:
    y: float
    label_y: float
    covariate: str
    before: float | None  # x of |SMD| before matching; None where it is undefined
    after: float | None
    smd_before: float | None
    smd_after: float | None
    imbalanced: bool


@dataclass(frozen=True)
class BalanceChart:
    frame: Frame
    points: tuple[BalancePoint, ...]
    threshold: float
    threshold_x: float
    x_ticks: tuple[Tick, ...]
    treated_colour: str = TREATED_COLOUR
    comparison_colour: str = COMPARISON_COLOUR
    threshold_colour: str = THRESHOLD_COLOUR


ROW_HEIGHT = 28


def balance_chart(balance, threshold: float = 0.1) -> BalanceChart | None:
    """A dot per characteristic before matching (hollow) and after (filled), on the size of
    the standardised difference, with the line at `threshold` that the Data Lab flags."""
    if not balance:
        return None
    longest = max(len(row.covariate) for row in balance)
    # Names are written left of the plot at about 8 units a character, within reason.
    left = min(240, max(96, 16 + 8 * longest))
    frame = Frame(
        width=640,
        height=16 + ROW_HEIGHT * len(balance) + 44,
        left=left,
        top=16,
        right_margin=24,
        bottom_margin=44,
    )
    sizes = [abs(v) for row in balance for v in (row.smd_before, row.smd_after) if _finite(v)]
    end = nice_ceiling(max([*sizes, threshold * 1.5]), 5)
    across = Scale(0, end, frame.left, frame.right)
    points = []
    for index, row in enumerate(balance):
        y = frame.top + ROW_HEIGHT * index + ROW_HEIGHT / 2
        points.append(
            BalancePoint(
                y=y,
                label_y=y + 5,
                covariate=row.covariate,
                before=across(abs(row.smd_before)) if _finite(row.smd_before) else None,
                after=across(abs(row.smd_after)) if _finite(row.smd_after) else None,
                smd_before=row.smd_before if _finite(row.smd_before) else None,
                smd_after=row.smd_after if _finite(row.smd_after) else None,
                imbalanced=bool(row.imbalanced_after),
            )
        )
    return BalanceChart(
        frame=frame,
        points=tuple(points),
        threshold=threshold,
        threshold_x=across(threshold),
        x_ticks=tuple(Tick(across(value), f"{value:g}") for value in ticks(0, end, 5)),
    )


def _finite(value) -> bool:
    return value is not None and math.isfinite(value)

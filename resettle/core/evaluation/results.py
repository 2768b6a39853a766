"""Plain dataclasses holding an evaluation's results, ready for JSON or CSV."""

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from .estimates import BalanceRow
from .overlap import ScoreOverlap


class Status(StrEnum):
    SIGNIFICANT = "significant"
    NOT_SIGNIFICANT = "not_significant"
    COHORT_TOO_SMALL = "cohort_too_small"
    COUNTS_TOO_SMALL = "counts_too_small"
    TOO_FEW_EVENTS = "too_few_events"
    NOT_ESTIMABLE = "not_estimable"


@dataclass
class Statement:
    """A sentence for readers, kept as template and parameters so it can be translated.

    ``template`` is the English msgid (marked with gettext_noop where it is defined); a web
    layer translates it and fills in ``params`` with %-formatting. ``text`` is the English.
    """

    code: str
    template: str
    params: dict
    text: str


@dataclass
class OutcomeResult:
    name: str
    kind: str
    label: str
    status: Status
    significant: bool
    treated_n: int
    comparison_n: float | None
    treated_events: int | None
    treated_value: float | None
    comparison_value: float | None
    difference: float | None
    standard_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    variance_method: str | None
    variance_description: str | None
    sample_size_needed: int | None
    statements: list[Statement]
    bootstrap_se: float | None = None
    bootstrap_ci_low: float | None = None
    bootstrap_ci_high: float | None = None
    # What readers may and may not conclude, in the Data Lab's "what you can say" style.
    can_say: list[Statement] = field(default_factory=list)
    cannot_say: list[Statement] = field(default_factory=list)


@dataclass
class PropensitySummary:
    method: str
    covariates: list[str]
    coefficients: dict[str, float]
    standardised_coefficients: dict[str, float]
    converged: bool
    iterations: int
    separation: bool
    log_likelihood: float
    message: str


@dataclass
class MatchingSummary:
    method: str
    ratio: int
    replacement: bool
    order: str | None
    caliper_sd: float | None
    caliper: float | None
    treated_supplied: int
    pool_supplied: int
    treated_outside_common_support: int
    treated_unmatched_within_caliper: int
    treated_matched: int
    comparisons_used: int
    mean_logit_distance: float


@dataclass
class EvaluationResult:
    propensity: PropensitySummary
    matching: MatchingSummary
    balance: list[BalanceRow]
    outcomes: list[OutcomeResult]
    caveats: list[Statement]
    settings: dict = field(default_factory=dict)
    overlap: ScoreOverlap | None = None

    @property
    def imbalanced_covariates(self) -> list[str]:
        return [row.covariate for row in self.balance if row.imbalanced_after]

    def to_dict(self) -> dict:
        """JSON-ready: NaN and infinity (undefined ratios) become None."""
        return _finite(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "EvaluationResult":
        """The result again from to_dict()'s output (for example read back from storage).
        Figures that were NaN or infinite come back as None."""

        def statements(items):
            return [Statement(**item) for item in items or []]

        def outcome(item):
            item = dict(item)
            item["status"] = Status(item["status"])
            for key in ("statements", "can_say", "cannot_say"):
                item[key] = statements(item.get(key))
            return OutcomeResult(**item)

        return cls(
            propensity=PropensitySummary(**data["propensity"]),
            matching=MatchingSummary(**data["matching"]),
            balance=[BalanceRow(**row) for row in data["balance"]],
            outcomes=[outcome(item) for item in data["outcomes"]],
            caveats=statements(data["caveats"]),
            settings=data.get("settings") or {},
            overlap=ScoreOverlap(**data["overlap"]) if data.get("overlap") else None,
        )

    def to_csv_rows(self) -> list[list]:
        """One header row, then one row per outcome, for csv.writer."""
        header = [
            "outcome",
            "type",
            "status",
            "significant",
            "treated_n",
            "comparison_n",
            "treated_value",
            "comparison_value",
            "difference",
            "standard_error",
            "ci_low",
            "ci_high",
            "p_value",
            "variance_method",
            "sample_size_needed",
            "statement",
        ]
        rows = [header]
        for outcome in self.outcomes:
            row = _finite(
                [
                    outcome.name,
                    str(outcome.kind),
                    str(outcome.status),
                    outcome.significant,
                    outcome.treated_n,
                    outcome.comparison_n,
                    outcome.treated_value,
                    outcome.comparison_value,
                    outcome.difference,
                    outcome.standard_error,
                    outcome.ci_low,
                    outcome.ci_high,
                    outcome.p_value,
                    outcome.variance_method,
                    outcome.sample_size_needed,
                    " ".join(statement.text for statement in outcome.statements),
                ]
            )
            rows.append(["" if value is None else value for value in row])
        return rows

    def balance_csv_rows(self) -> list[list]:
        header = [
            "covariate",
            "treated_mean_before",
            "comparison_mean_before",
            "smd_before",
            "variance_ratio_before",
            "treated_mean_after",
            "comparison_mean_after",
            "smd_after",
            "variance_ratio_after",
            "imbalanced_after",
        ]
        rows = [header]
        for row in self.balance:
            values = _finite([getattr(row, name) for name in header])
            rows.append(["" if value is None else value for value in values])
        return rows


def _finite(value):
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value

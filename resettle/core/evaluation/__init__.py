"""Impact evaluation in the style of the Ministry of Justice's Justice Data Lab.

Propensity-score matching of a treated cohort to a comparison pool, the effect on the treated
for each outcome with its uncertainty, balance diagnostics and plain-English statements of
what can and cannot be said. Plain Python on NumPy and SciPy: no Django.
"""

from .data import Outcome, OutcomeKind, columns_from_array, read_csv
from .engine import EvaluationOptions, evaluate
from .errors import (
    CollinearCovariatesError,
    ConstantCovariateError,
    EvaluationError,
    InvalidOptionError,
    InvalidOutcomeError,
    MismatchedColumnsError,
    MissingValuesError,
    NonNumericError,
    NoOverlapError,
    TooFewTreatedError,
)
from .overlap import ScoreOverlap
from .results import EvaluationResult, OutcomeResult, Statement, Status

__all__ = [
    "CollinearCovariatesError",
    "ConstantCovariateError",
    "EvaluationError",
    "EvaluationOptions",
    "EvaluationResult",
    "InvalidOptionError",
    "InvalidOutcomeError",
    "MismatchedColumnsError",
    "MissingValuesError",
    "NoOverlapError",
    "NonNumericError",
    "Outcome",
    "OutcomeKind",
    "OutcomeResult",
    "ScoreOverlap",
    "Statement",
    "Status",
    "TooFewTreatedError",
    "columns_from_array",
    "evaluate",
    "read_csv",
]

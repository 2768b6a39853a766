"""Describing outcomes, reading cohorts (CSV or arrays) and checking them before any maths."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from .errors import (
    InvalidOptionError,
    InvalidOutcomeError,
    MismatchedColumnsError,
    MissingValuesError,
    NonNumericError,
)
from .i18n import gettext_noop

MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "."})


class OutcomeKind(StrEnum):
    BINARY = "binary"
    COUNT = "count"
    TIME = "time"
    CONTINUOUS = "continuous"


@dataclass(frozen=True)
class Outcome:
    """One outcome to compare, and the words used to describe it.

    ``measure`` and ``subject`` feed the plain-English statements: for a binary or time outcome
    ``measure`` is what people did ("re-offended within a year", "re-offended"), for a count or
    continuous one what was counted ("proven re-offences within a year"); ``subject`` is what
    could change ("the number who re-offend"). A time outcome needs ``event``: a 0/1 column saying
    whether the event happened at all; times are only read where it did.
    """

    name: str
    kind: OutcomeKind
    label: str = ""
    measure: str = ""
    subject: str = ""
    higher_is_better: bool = False
    event: str | None = None
    unit_prefix: str = ""

    def __post_init__(self):
        try:
            object.__setattr__(self, "kind", OutcomeKind(self.kind))
        except ValueError:
            kinds = ", ".join(repr(str(kind)) for kind in OutcomeKind)
            raise InvalidOptionError(
                f"Outcome '{self.name}' has type {self.kind!r}; it must be one of {kinds}."
            ) from None
        if not self.label:
            object.__setattr__(self, "label", self.name)
        if not self.measure:
            object.__setattr__(self, "measure", self.label)
        if not self.subject:
            object.__setattr__(self, "subject", f"the {self.label}")

    @classmethod
    def reoffending(cls, name: str = "reoffended") -> "Outcome":
        return cls(
            name,
            OutcomeKind.BINARY,
            label=gettext_noop("one-year proven re-offending rate"),
            measure=gettext_noop("re-offended within a year"),
            subject=gettext_noop("the number who re-offend"),
        )

    @classmethod
    def frequency(cls, name: str = "reoffences") -> "Outcome":
        return cls(
            name,
            OutcomeKind.COUNT,
            label=gettext_noop("frequency of one-year proven re-offending"),
            measure=gettext_noop("proven re-offences within a year"),
            subject=gettext_noop("the number of re-offences"),
        )

    @classmethod
    def time_to_reoffence(
        cls, name: str = "days_to_reoffence", event: str = "reoffended"
    ) -> "Outcome":
        return cls(
            name,
            OutcomeKind.TIME,
            label=gettext_noop("time to first proven re-offence"),
            measure=gettext_noop("re-offended"),
            subject=gettext_noop("the time to first re-offence"),
            higher_is_better=True,
            event=event,
        )

    @classmethod
    def employment(cls, name: str = "employed") -> "Outcome":
        return cls(
            name,
            OutcomeKind.BINARY,
            label=gettext_noop("employment within a year"),
            measure=gettext_noop("were employed within a year"),
            subject=gettext_noop("the number employed"),
            higher_is_better=True,
        )

    @classmethod
    def days_employed(cls, name: str = "days_employed") -> "Outcome":
        return cls(
            name,
            OutcomeKind.CONTINUOUS,
            label=gettext_noop("days employed"),
            measure=gettext_noop("days in employment in the year after release"),
            subject=gettext_noop("the number of days in employment"),
            higher_is_better=True,
        )

    @classmethod
    def earnings(cls, name: str = "earnings") -> "Outcome":
        return cls(
            name,
            OutcomeKind.CONTINUOUS,
            label=gettext_noop("earnings"),
            measure=gettext_noop("in earnings in the year after release"),
            subject=gettext_noop("earnings"),
            higher_is_better=True,
            unit_prefix="£",
        )

    def columns(self) -> list[str]:
        return [self.name] + ([self.event] if self.event else [])


def read_csv(source) -> dict[str, np.ndarray]:
    """Read a CSV file (path or open text file) into columns of strings, keyed by header."""
    if isinstance(source, str | Path):
        with open(source, newline="", encoding="utf-8-sig") as handle:
            return read_csv(handle)
    if isinstance(source, bytes):
        source = io.StringIO(source.decode("utf-8-sig"))
    reader = csv.reader(source)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise MismatchedColumnsError("The CSV file is empty: it needs a header row.") from None
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise MismatchedColumnsError(
            f"The CSV header repeats the column name(s) {_names(duplicates)}; "
            "each column needs a different name."
        )
    rows = []
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise MismatchedColumnsError(
                f"Line {line_number} of the CSV file has {len(row)} values "
                f"but the header has {len(header)} columns."
            )
        rows.append(row)
    table = np.array(rows, dtype=object).reshape(len(rows), len(header))
    return {name: table[:, i] for i, name in enumerate(header)}


def columns_from_array(matrix, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Name the columns of a 2-D array so it can be passed as a cohort."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[1] != len(names):
        raise MismatchedColumnsError(
            f"The array has shape {matrix.shape} but {len(names)} column names were given; "
            "it needs one row per person and one column per name."
        )
    return {name: matrix[:, i] for i, name in enumerate(names)}


def group_columns(data, group: str) -> Mapping[str, object]:
    if isinstance(data, np.ndarray) and data.dtype.names:
        return {name: data[name] for name in data.dtype.names}
    if isinstance(data, Mapping):
        return data
    raise MismatchedColumnsError(
        f"The {group} must be given as columns by name (a mapping of column name to values, "
        "a structured array, or columns_from_array(matrix, names)), or read with read_csv()."
    )


def check_columns(columns: Mapping, needed: Sequence[str], group: str) -> int:
    """Check every needed column is present and all have the same length; return it."""
    missing = [name for name in needed if name not in columns]
    if missing:
        available = sorted(str(name) for name in columns)
        raise MismatchedColumnsError(
            f"The {group} has no column {_names(missing)}. "
            f"Its columns are: {_names(available) if available else 'none'}."
        )
    lengths = {name: len(columns[name]) for name in needed}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"'{name}' has {n}" for name, n in lengths.items())
        raise MismatchedColumnsError(
            f"The columns of the {group} have different numbers of rows ({detail})."
        )
    return next(iter(lengths.values()), 0)


def numeric_column(values, *, group: str, column: str) -> np.ndarray:
    """Convert one column to float64, with NaN for blanks; name the first bad cell."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise MismatchedColumnsError(
            f"Column '{column}' of the {group} must be one-dimensional (one value per person)."
        )
    if array.dtype.kind in "biuf":
        result = array.astype(np.float64, copy=False)
    else:
        try:
            result = array.astype(np.float64)
        except (TypeError, ValueError):
            result = np.empty(len(array), dtype=np.float64)
            for i, value in enumerate(array):
                result[i] = _to_float(value, group=group, column=column, row=i + 1)
    if np.isfinite(result.sum()):
        # One pass with no temporary array: a finite sum means every value is finite.
        return result
    infinite = np.isinf(result)
    if infinite.any():
        row = int(np.flatnonzero(infinite)[0]) + 1
        raise NonNumericError(
            f"Column '{column}' of the {group} has an infinite value at row {row}; "
            "every value must be a finite number."
        )
    return result


def require_complete(values: np.ndarray, *, group: str, column: str, where=None) -> None:
    if where is None and np.isfinite(values.sum()):
        return
    missing = np.isnan(values) if where is None else np.isnan(values) & where
    count = int(missing.sum())
    if count:
        rows = ", ".join(str(int(r) + 1) for r in np.flatnonzero(missing)[:5])
        more = " and others" if count > 5 else ""
        raise MissingValuesError(
            f"Column '{column}' of the {group} has {count} missing value"
            f"{'s' if count != 1 else ''} (row {rows}{more}). Fill them in, or remove those "
            "people from both groups, before evaluating."
        )


def check_outcome_values(outcome: Outcome, values: np.ndarray, group: str, event=None) -> None:
    def bad(mask, rule):
        row = int(np.flatnonzero(mask)[0]) + 1
        raise InvalidOutcomeError(
            f"Outcome '{outcome.name}' is a {outcome.kind} outcome, so every value must be "
            f"{rule}; the {group} has {_format(values[row - 1])} at row {row}."
        )

    if outcome.kind is OutcomeKind.BINARY:
        wrong = (values != 0) & (values != 1)
        if wrong.any():
            bad(wrong, "0 or 1")
    elif outcome.kind is OutcomeKind.COUNT:
        wrong = (values < 0) | (values != np.floor(values))
        if wrong.any():
            bad(wrong, "a whole number of 0 or more")
    elif outcome.kind is OutcomeKind.TIME:
        wrong = (event == 1) & (values < 0)
        if wrong.any():
            bad(wrong, "0 or more days")


def _to_float(value, *, group: str, column: str, row: int) -> float:
    if value is None:
        return np.nan
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.lower() in MISSING_MARKERS:
            return np.nan
    else:
        text = value
    try:
        return float(text)
    except (TypeError, ValueError):
        raise NonNumericError(
            f"Column '{column}' of the {group} must hold numbers, but row {row} is "
            f"{_format(value)}."
        ) from None


def _format(value) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _names(names) -> str:
    return ", ".join(f"'{name}'" for name in names)

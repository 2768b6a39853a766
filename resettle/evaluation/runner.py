"""What `manage.py evaluate` does, apart from parsing its arguments.

Reads the two CSV files (with progress), works out which outcomes and covariates were meant,
runs resettle.core.evaluation and writes its results as JSON, CSV, a standalone HTML report
and a PDF of the same report. Every problem with the input is raised as an EvaluationError
with a one-line message. The JSON and CSV writers also serve stored evaluations' downloads.
"""

import csv
import json
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.template.loader import render_to_string

from resettle.core.evaluation import (
    EvaluationError,
    EvaluationOptions,
    EvaluationResult,
    InvalidOptionError,
    MismatchedColumnsError,
    Outcome,
    OutcomeKind,
    evaluate,
    read_csv,
)
from resettle.core.evaluation.data import numeric_column
from resettle.evaluation.report import report_context, translate  # noqa: F401 (re-exported)

# Named types give the Justice Data Lab's wording in the statements; plain kinds use the
# column name. "time" needs the 0/1 column saying whether the event happened: time:EVENT.
NAMED_TYPES = {
    "reoffending": Outcome.reoffending,
    "frequency": Outcome.frequency,
    "employment": Outcome.employment,
    "days_employed": Outcome.days_employed,
    "earnings": Outcome.earnings,
}
PLAIN_TYPES = {"binary", "count", "continuous"}
TYPES_HELP = ", ".join([*NAMED_TYPES, *sorted(PLAIN_TYPES), "time:EVENT_COLUMN"])

# Reading the files is most of a large run's time; the engine's stages share the rest.
READING_SHARE = 0.8


class ProgressBar:
    """A one-line text bar on a terminal, drawn only once a run has taken over `delay` s."""

    def __init__(self, stream=None, *, enabled=None, delay=1.0, width=30):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.width = width
        self.started = time.monotonic()
        self.drawn = False
        self.last = None

    def update(self, fraction: float, label: str) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        filled = round(self.width * min(max(fraction, 0.0), 1.0))
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} {label}"
        if line == self.last:
            return
        # Pad to the previous line's length so a shorter label leaves nothing behind.
        self.stream.write("\r" + line.ljust(len(self.last or "")))
        self.stream.flush()
        self.drawn, self.last = True, line

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class Run:
    result: EvaluationResult
    covariates: list[str]
    outcomes: list[Outcome]
    treated_path: Path
    pool_path: Path
    seconds: float


def run(
    treated_path,
    pool_path,
    outcome_specs,
    covariates=None,
    options: EvaluationOptions | None = None,
    progress: ProgressBar | None = None,
) -> Run:
    started = time.perf_counter()
    treated_path, pool_path = Path(treated_path), Path(pool_path)
    progress = progress or ProgressBar(enabled=False)
    sizes = [_size(treated_path, "treated cohort"), _size(pool_path, "comparison pool")]
    total = max(sum(sizes), 1)
    treated = _read(treated_path, progress, 0, total)
    pool = _read(pool_path, progress, sizes[0], total)
    outcomes = [parse_outcome(spec, treated, pool) for spec in outcome_specs]
    covariates = (
        parse_covariates(covariates)
        if covariates is not None
        else default_covariates(treated, pool, outcomes)
    )

    def engine_progress(done, stages, stage):
        progress.update(READING_SHARE + (1 - READING_SHARE) * done / stages, stage)

    result = evaluate(treated, pool, covariates, outcomes, options, progress=engine_progress)
    progress.finish()
    return Run(result, covariates, outcomes, treated_path, pool_path, time.perf_counter() - started)


def parse_outcome(spec: str, treated, pool) -> Outcome:
    name, _, kind = (part.strip() for part in spec.partition(":"))
    if not name:
        raise InvalidOptionError(f"--outcome {spec!r} has no column name: use COLUMN[:TYPE].")
    if kind in NAMED_TYPES:
        return NAMED_TYPES[kind](name)
    if kind in PLAIN_TYPES:
        return _plain_outcome(name, OutcomeKind(kind))
    if kind.startswith("time"):
        event = kind.partition(":")[2].strip()
        if not event:
            raise InvalidOptionError(
                f"--outcome {spec!r}: a time outcome needs the 0/1 column saying whether the "
                f"event happened, as {name}:time:EVENT_COLUMN."
            )
        return Outcome.time_to_reoffence(name, event=event)
    if kind:
        raise InvalidOptionError(
            f"--outcome {spec!r}: unknown type {kind!r}; use one of {TYPES_HELP}."
        )
    return _plain_outcome(name, _infer_kind(name, treated, pool))


def _plain_outcome(name, kind) -> Outcome:
    # Without a named type only the column name is known; "had X" reads as a sentence.
    measure = f"had {name}" if kind is OutcomeKind.BINARY else name
    return Outcome(name, kind, measure=measure)


def _infer_kind(name, treated, pool) -> OutcomeKind:
    # Missing columns and non-numbers are left to the engine, which names the group and row.
    if name not in treated or name not in pool:
        return OutcomeKind.CONTINUOUS
    values = np.concatenate(
        [
            numeric_column(treated[name], group="treated cohort", column=name),
            numeric_column(pool[name], group="comparison pool", column=name),
        ]
    )
    values = values[~np.isnan(values)]
    if np.isin(values, (0.0, 1.0)).all():
        return OutcomeKind.BINARY
    if (values >= 0).all() and (values == np.floor(values)).all():
        return OutcomeKind.COUNT
    return OutcomeKind.CONTINUOUS


def parse_covariates(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise InvalidOptionError("--covariates names no columns: give them as a,b,c.")
    return names


def default_covariates(treated, pool, outcomes) -> list[str]:
    """Every column in both files except the outcomes and identifiers."""
    used = {column for outcome in outcomes for column in outcome.columns()}
    names = [
        name for name in treated if name in pool and name not in used and not _is_identifier(name)
    ]
    if not names:
        raise MismatchedColumnsError(
            "The two files share no columns to match people on besides the outcomes; "
            "name them with --covariates a,b,c."
        )
    return names


def _is_identifier(name: str) -> bool:
    name = name.lower()
    return name in ("id", "identifier", "prison_number", "pnc", "pnc_id") or name.endswith("_id")


def _size(path: Path, group: str) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise EvaluationError(f"The {group} file {path} does not exist.") from None
    except OSError as error:
        raise EvaluationError(f"Cannot read the {group} file {path}: {error.strerror}.") from None


def _read(path: Path, progress: ProgressBar, offset: int, total: int):
    group = "treated cohort" if offset == 0 else "comparison pool"
    label = f"reading {path.name}"
    done = offset

    def lines(handle):
        nonlocal done
        for number, line in enumerate(handle):
            done += len(line)
            if number % 20_000 == 0:
                progress.update(READING_SHARE * done / total, label)
            yield line

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            columns = read_csv(lines(handle))
    except IsADirectoryError:
        raise EvaluationError(f"The {group} file {path} is a folder, not a CSV file.") from None
    except UnicodeDecodeError:
        raise EvaluationError(
            f"The {group} file {path} is not UTF-8 text: save it as CSV (UTF-8)."
        ) from None
    except csv.Error as error:
        raise EvaluationError(f"The {group} file {path} is not valid CSV: {error}.") from None
    except OSError as error:
        raise EvaluationError(f"Cannot read the {group} file {path}: {error.strerror}.") from None
    except EvaluationError as error:
        raise type(error)(f"{path}: {error}") from None
    progress.update(READING_SHARE * done / total, label)
    return columns


def headline(run: Run) -> list[str]:
    """What to print: who was compared, then each outcome's statements, then the caveats."""
    matching = run.result.matching
    lines = [
        f"Compared {matching.treated_matched:,} of {matching.treated_supplied:,} people who "
        f"received the support with similar people from a pool of "
        f"{matching.pool_supplied:,}, matched on {', '.join(run.covariates)}.",
        "",
    ]
    for outcome in run.result.outcomes:
        lines.append(f"{_upper_first(outcome.label)} ({outcome.name}): {_status(outcome)}")
        lines += [f"  {statement.text}" for statement in outcome.statements]
        lines.append("")
    lines += [statement.text for statement in run.result.caveats]
    return lines


def _status(outcome) -> str:
    if outcome.difference is None:
        return str(outcome.status).replace("_", " ")
    return (
        f"{str(outcome.status).replace('_', ' ')}; difference {outcome.difference:+.4g} "
        f"(95% CI {outcome.ci_low:+.4g} to {outcome.ci_high:+.4g}, p = {outcome.p_value:.3g})"
    )


def to_json(run: Run) -> dict:
    return results_json(
        run.result,
        treated=str(run.treated_path),
        comparison=str(run.pool_path),
        outcomes=run.outcomes,
        covariates=run.covariates,
    )


def results_json(result: EvaluationResult, *, treated, comparison, outcomes=None, covariates=None):
    """The full results with what went in: the JSON download and what a stored evaluation
    keeps. Without `outcomes` (the engine's Outcome specs) the result's own names are used."""
    if outcomes is None:
        described = [{"name": o.name, "kind": str(o.kind), "event": None} for o in result.outcomes]
    else:
        described = [{"name": o.name, "kind": str(o.kind), "event": o.event} for o in outcomes]
    return {
        "inputs": {
            "treated": treated,
            "comparison": comparison,
            "covariates": list(covariates or result.propensity.covariates),
            "outcomes": described,
        },
        **result.to_dict(),
    }


def jsonable(results: dict) -> dict:
    """The results as plain JSON values (NumPy numbers become Python ones), for storing."""
    return json.loads(json.dumps(results, default=_plain))


def dump_json(results: dict, handle) -> None:
    json.dump(results, handle, indent=2, ensure_ascii=False, default=_plain)
    handle.write("\n")


def dump_csv(result: EvaluationResult, handle) -> None:
    """The outcomes table, a blank line, then the balance table: both open in a spreadsheet."""
    writer = csv.writer(handle)
    writer.writerows(result.to_csv_rows())
    writer.writerow([])
    writer.writerows(result.balance_csv_rows())


def write_json(run: Run, path) -> None:
    with _open_for_writing(path) as handle:
        dump_json(to_json(run), handle)


def write_csv(run: Run, path) -> None:
    with _open_for_writing(path, newline="") as handle:
        dump_csv(run.result, handle)


def run_report_context(run: Run, *, for_print=False) -> dict:
    return report_context(
        run.result,
        treated=run.treated_path.name,
        comparison=run.pool_path.name,
        generated=datetime.now(UTC),
        for_print=for_print,
    )


def write_report(run: Run, path) -> None:
    html = render_to_string("evaluation/report.html", run_report_context(run))
    with _open_for_writing(path) as handle:
        handle.write(html)


def write_pdf(run: Run, path) -> None:
    from resettle.pdf import render_pdf

    pdf = render_pdf("evaluation/report.html", run_report_context(run, for_print=True))
    path = Path(path)
    try:
        path.write_bytes(pdf)
    except OSError as error:
        raise EvaluationError(f"Cannot write {path}: {error.strerror}.") from None


def _open_for_writing(path, **kwargs):
    path = Path(path)
    try:
        return open(path, "w", encoding="utf-8", **kwargs)
    except OSError as error:
        raise EvaluationError(f"Cannot write {path}: {error.strerror}.") from None


def _plain(value):
    # NumPy scalars that reach the results are plain numbers to JSON.
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]

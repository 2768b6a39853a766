"""manage.py evaluate: headline, JSON, CSV and HTML outputs, and one-line errors."""

import csv
import io
import json
import shutil
import subprocess

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from resettle.core.evaluation.simulation import simulate
from resettle.evaluation.runner import ProgressBar


@pytest.fixture(autouse=True)
def installed(settings):
    # The command and the report template are found through INSTALLED_APPS.
    if "resettle.evaluation" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "resettle.evaluation"]


def write_cohort(path, columns):
    names = list(columns)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *names])
        for i, row in enumerate(zip(*(columns[name] for name in names), strict=True)):
            writer.writerow([i + 1, *("" if np.isnan(v) else f"{v:g}" for v in row)])
    return path


@pytest.fixture
def cohorts():
    return simulate(300, 3_000, 3, effect=-0.15, seed=4)


@pytest.fixture
def files(tmp_path, cohorts):
    treated, pool, _, _ = cohorts
    return (
        write_cohort(tmp_path / "treated.csv", treated),
        write_cohort(tmp_path / "pool.csv", pool),
    )


def evaluate(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("evaluate", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def fails(*args, **options):
    with pytest.raises(CommandError) as raised:
        evaluate(*args, **options)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_it_prints_the_plain_english_headline(files):
    treated, pool = files
    out, err = evaluate(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended:reoffending",
        "--outcome",
        "reoffences:frequency",
        "--covariates",
        "x1,x2,x3",
        "--replacement",
    )
    assert "people who received the support with similar people from a pool of 3,000" in out
    assert "matched on x1, x2, x3" in out
    assert "One-year proven re-offending rate (reoffended): significant" in out
    assert "For 100 typical people who received this support" in out
    assert "re-offended within a year" in out
    assert "cannot prove that the support caused any difference" in out
    assert err == ""


def test_it_matches_on_every_shared_column_but_outcomes_and_ids_by_default(files):
    treated, pool = files
    out, _ = evaluate(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended",
        "--outcome",
        "reoffences",
        "--outcome",
        "days_employed",
        "--outcome",
        "days_to_reoffence:time:reoffended",
    )
    assert "matched on x1, x2, x3." in out
    # Types worked out from the values when not given.
    assert "Reoffended (reoffended): " in out
    assert "had reoffended" in out


def test_it_writes_json_csv_and_an_html_report(files, tmp_path, cohorts):
    treated, pool = files
    _, _, _, truth = cohorts
    out, _ = evaluate(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended:reoffending",
        "--outcome",
        "days_employed:days_employed",
        "--covariates",
        "x1,x2,x3",
        "--replacement",
        "--ratio",
        "2",
        "--bootstrap",
        "200",
        "--json",
        tmp_path / "out.json",
        "--csv",
        tmp_path / "out.csv",
        "--report",
        tmp_path / "out.html",
    )
    assert "Full results written to" in out

    results = json.loads((tmp_path / "out.json").read_text())
    assert results["inputs"]["covariates"] == ["x1", "x2", "x3"]
    assert [o["name"] for o in results["outcomes"]] == ["reoffended", "days_employed"]
    reoffending = results["outcomes"][0]
    assert reoffending["ci_low"] < truth["reoffended"] < reoffending["ci_high"]
    assert reoffending["bootstrap_ci_low"] is not None
    assert results["matching"]["ratio"] == 2
    assert len(results["balance"]) == 3

    rows = list(csv.reader((tmp_path / "out.csv").open()))
    blank = rows.index([])
    assert rows[0][0] == "outcome" and [r[0] for r in rows[1:blank]] == [
        "reoffended",
        "days_employed",
    ]
    assert rows[blank + 1][0] == "covariate"
    assert [r[0] for r in rows[blank + 2 :]] == ["x1", "x2", "x3"]

    html = (tmp_path / "out.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<h1") == 1
    assert "One-year proven re-offending rate" in html
    assert "Balance before and after matching" in html
    assert "treated.csv" in html
    # The overlap (before and after) and balance charts, each with its text alternative.
    assert html.count('<svg role="img"') == 3
    assert "Share of each group by propensity score" in html
    assert "What you can say" in html and "What you cannot say" in html


def test_it_writes_the_same_report_as_a_pdf(files, tmp_path):
    treated, pool = files
    out, _ = evaluate(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended:reoffending",
        "--covariates",
        "x1,x2,x3",
        "--pdf",
        tmp_path / "report.pdf",
    )
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert f"Full results written to {tmp_path / 'report.pdf'}." in out
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, check=True
        ).stdout.decode()
        headline = next(line for line in out.splitlines() if "For 100 typical people" in line)
        assert " ".join(headline.split()) in " ".join(text.split())
        assert "How similar the groups were" in text


def test_it_names_a_pdf_it_cannot_write(files, tmp_path):
    treated, pool = files
    message = fails(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended",
        "--covariates",
        "x1,x2,x3",
        "--pdf",
        tmp_path / "missing" / "report.pdf",
    )
    assert message.startswith("Cannot write") and "report.pdf" in message


def test_it_draws_a_progress_bar_on_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, delay=0, width=10)
    bar.update(0.5, "reading pool.csv")
    bar.update(1.0, "done")
    bar.finish()
    assert "\r[#####.....]  50% reading pool.csv" in stream.getvalue()
    assert "\r[##########] 100% done" in stream.getvalue()
    assert stream.getvalue().endswith("\n")


def test_it_draws_no_bar_for_short_runs_or_off_a_terminal():
    stream = io.StringIO()
    ProgressBar(stream, enabled=True, delay=60).update(0.5, "reading")
    ProgressBar(stream).update(0.5, "reading")  # StringIO is not a terminal
    assert stream.getvalue() == ""


def test_it_names_a_missing_file(tmp_path, files):
    _, pool = files
    message = fails(tmp_path / "nope.csv", "--comparison", pool, "--outcome", "reoffended")
    assert message == f"The treated cohort file {tmp_path / 'nope.csv'} does not exist."


def test_it_explains_when_nobody_overlaps(tmp_path, cohorts):
    treated, pool, _, _ = cohorts
    # Everyone in the pool is far younger: nobody treated has a comparable score.
    treated = dict(treated, age=np.linspace(50, 70, 300))
    pool = dict(pool, age=np.linspace(18, 30, 3_000))
    message = fails(
        write_cohort(tmp_path / "t.csv", treated),
        "--comparison",
        write_cohort(tmp_path / "p.csv", pool),
        "--outcome",
        "reoffended",
        "--covariates",
        "x1,age",
    )
    assert "separate the two groups completely" in message
    assert "no fair comparison is possible" in message


def test_it_refuses_a_constant_covariate(tmp_path, cohorts):
    treated, pool, _, _ = cohorts
    treated = dict(treated, female=np.zeros(300))
    pool = dict(pool, female=np.zeros(3_000))
    message = fails(
        write_cohort(tmp_path / "t.csv", treated),
        "--comparison",
        write_cohort(tmp_path / "p.csv", pool),
        "--outcome",
        "reoffended",
        "--covariates",
        "x1,female",
    )
    assert "female" in message


def test_it_names_missing_values(tmp_path, cohorts):
    treated, pool, _, _ = cohorts
    treated["x2"][[4, 9]] = np.nan
    message = fails(
        write_cohort(tmp_path / "t.csv", treated),
        "--comparison",
        write_cohort(tmp_path / "p.csv", pool),
        "--outcome",
        "reoffended",
    )
    assert message.startswith("Column 'x2' of the treated cohort has 2 missing values (row 5, 10)")


def test_it_needs_enough_treated_people(tmp_path):
    treated, pool, _, _ = simulate(40, 1_000, 3, seed=2)
    message = fails(
        write_cohort(tmp_path / "t.csv", treated),
        "--comparison",
        write_cohort(tmp_path / "p.csv", pool),
        "--outcome",
        "reoffended",
    )
    assert message.startswith("The treated cohort has 40 people; at least 60 are needed")


def test_it_names_a_non_numeric_outcome(tmp_path, cohorts, files):
    _, pool = files
    treated_path = tmp_path / "t.csv"
    write_cohort(treated_path, cohorts[0])
    lines = treated_path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("reoffended")] = "yes"
    lines[3] = ",".join(cells)
    treated_path.write_text("\n".join(lines) + "\n")
    message = fails(treated_path, "--comparison", pool, "--outcome", "reoffended")
    assert message == (
        "Column 'reoffended' of the treated cohort must hold numbers, but row 3 is 'yes'."
    )


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--outcome", "reoffended:rate"], "unknown type 'rate'"),
        (["--outcome", "days_to_reoffence:time"], "needs the 0/1 column"),
        (["--outcome", "reoffended", "--ratio", "0"], "ratio must be a whole number of 1 or more"),
        (["--outcome", "reoffended", "--bootstrap", "5"], "at least 100 replicates"),
        (["--outcome", "reoffended", "--caliper", "0"], "caliper_sd must be more than 0"),
        (["--outcome", "reoffended", "--covariates", "x1,age"], "has no column 'age'"),
        (["--outcome", "x1", "--covariates", "x1,x2"], "cannot be both a covariate and an outcome"),
        (["--outcome", "reoffended", "--covariates", " , "], "names no columns"),
    ],
)
def test_it_answers_bad_options_in_one_line(files, extra, expected):
    treated, pool = files
    assert expected in fails(treated, "--comparison", pool, *extra)


def test_it_names_a_file_that_is_not_a_csv(tmp_path, files):
    _, pool = files
    (tmp_path / "t.csv").write_bytes(b"\xff\xfe\x00broken")
    message = fails(tmp_path / "t.csv", "--comparison", pool, "--outcome", "reoffended")
    assert "is not UTF-8 text" in message
    (tmp_path / "empty.csv").write_text("")
    message = fails(tmp_path / "empty.csv", "--comparison", pool, "--outcome", "reoffended")
    assert message == f"{tmp_path / 'empty.csv'}: The CSV file is empty: it needs a header row."


def test_it_says_when_an_output_cannot_be_written(tmp_path, files):
    treated, pool = files
    message = fails(
        treated,
        "--comparison",
        pool,
        "--outcome",
        "reoffended",
        "--covariates",
        "x1,x2,x3",
        "--json",
        tmp_path / "no" / "such" / "folder.json",
    )
    assert message.startswith("Cannot write ") and "No such file or directory" in message

"""manage.py export_jdl_cohort people.csv --organisation ID --user EMAIL --out cohort.csv"""

import csv
import datetime
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resettle import dates
from resettle.accounts.models import User
from resettle.core import jdl
from resettle.evaluation.jdl_export import CohortEntry, export_cohort
from resettle.organisations.access import can_manage
from resettle.organisations.models import Organisation
from resettle.people.models import Person

COLUMNS = ("person_id", "start_date", "end_date", "gender")
MAX_ERRORS_LISTED = 50


class Command(BaseCommand):
    help = (
        "Write a cohort file for the Justice Data Lab from a CSV of person_id, start_date and, "
        "optionally, end_date and gender (Male or Female, used only for people with no sex "
        "recorded on their record), as one of the organisation's managers. Every row of the "
        "input is checked first: any problem and nothing is written. "
        "People the Data Lab could not match are left out of the file and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with person_id, start_date[, end_date, gender]")
        parser.add_argument("--organisation", required=True, help="the organisation's id")
        parser.add_argument("--user", required=True, help="email of the manager exporting")
        parser.add_argument("--out", required=True, metavar="COHORT.CSV", help="file to write")

    def handle(self, *args, file, organisation, user, out, **options):
        try:
            organisation = Organisation.objects.get(pk=organisation)
        except (Organisation.DoesNotExist, ValidationError, ValueError):
            raise CommandError(f"No organisation has the id {organisation}.") from None
        actor = User.objects.filter(email__iexact=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user has the email {user}.")
        if not can_manage(actor, organisation):
            raise CommandError(f"{user} does not manage {organisation.name}.")
        entries = read_entries(file)
        try:
            # Names, dates of birth and prison numbers: readable by this account alone.
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "w", newline="", encoding="utf-8") as handle:
                export = export_cohort(actor, organisation, entries, handle)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {export.written} of {len(entries)} people to {out}.")
        if export.left_out:
            self.stdout.write(
                f"Left out, as the Data Lab could not match them ({len(export.left_out)}):"
            )
            for item in export.left_out:
                self.stdout.write(f"  row {item.position + 1}: {_describe(item)}")
        if export.incomplete:
            self.stdout.write(f"Sent but incomplete ({len(export.incomplete)}):")
            for item in export.incomplete:
                self.stdout.write(f"  row {item.position + 1}: {_describe(item)}")


def _describe(item) -> str:
    return f"{item.person.full_name} ({item.person.pk}): " + "; ".join(map(str, item.reasons))


def read_entries(file) -> list[CohortEntry]:
    """The input rows as entries; CommandError listing every problem (with the spreadsheet's
    row number: the header is row 1) if any row is wrong."""
    try:
        with open(file, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [name for name in COLUMNS[:2] if name not in header]
            if missing:
                raise CommandError(
                    f"{file} needs the columns {', '.join(COLUMNS[:2])} (and may have "
                    f"{', '.join(COLUMNS[2:])}); it has {', '.join(header) or 'none'}."
                )
            rows = [
                {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
                for row in reader
            ]
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
    except (UnicodeDecodeError, csv.Error):
        raise CommandError(f"{file} is not a UTF-8 CSV file.") from None
    if not rows:
        raise CommandError(f"{file} has a header row but nobody in it.")

    errors, parsed = [], []
    for number, row in enumerate(rows, start=2):
        problems = []
        try:
            person_id = uuid.UUID(row["person_id"])
        except ValueError:
            person_id = None
            problems.append(f'"{row["person_id"]}" is not a person id')
        start = _date(row["start_date"], "start_date", problems, required=True)
        end = _date(row.get("end_date", ""), "end_date", problems)
        gender = row.get("gender", "")
        if gender and gender.lower() not in ("male", "female", "m", "f"):
            problems.append(f'gender "{gender}" is not Male or Female (or blank)')
        parsed.append((number, person_id, start, end, gender))
        errors += [f"row {number}: {problem}" for problem in problems]

    people = Person.records.in_bulk([p for _n, p, _s, _e, _g in parsed if p])
    for number, person_id, _start, _end, gender in parsed:
        person = people.get(person_id)
        if person_id and person is None:
            errors.append(f"row {number}: no person has the id {person_id}")
        elif person is not None and person.merged_into_id:
            errors.append(
                f"row {number}: {person_id} was merged into {person.merged_into_id}; use that id"
            )
        elif person is not None and gender and person.sex:
            # The record wins, so a different gender in the input would be silently dropped.
            recorded = jdl.GENDERS[person.sex]
            if jdl.GENDERS.get(gender.lower()) != recorded:
                errors.append(
                    f'row {number}: gender "{gender}" is not the sex on their record '
                    f"({recorded}); leave it blank to use the record"
                )
    if errors:
        listed = errors[:MAX_ERRORS_LISTED]
        more = len(errors) - len(listed)
        raise CommandError(
            f"Nothing written: {len(errors)} problem(s) in {file}. "
            + "; ".join(listed)
            + (f"; and {more} more." if more else ".")
        )
    return [
        CohortEntry(people[person_id], start, end, gender)
        for _n, person_id, start, end, gender in parsed
    ]


def _date(text, column, problems, *, required=False) -> datetime.date | None:
    if not text:
        if required:
            problems.append(f"{column} is empty")
        return None
    for pattern in dates.DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    problems.append(f'{column} "{text}" is not a date: write it like 2025-03-27 or 27/03/2025')
    return None

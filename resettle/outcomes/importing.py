"""Importing outcomes from a CSV file, for example re-offending flags returned by an external
data service. Every row is checked before anything is written; if any row is wrong nothing
is written and every problem is listed with its row and column. Then all rows are written in
one transaction: each outcome with the source "imported file" and the batch id, one audit row
per person, and a timeline event per outcome. The upload page and the import_outcomes command
both call `import_outcomes`.
"""

import csv
import datetime
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle import dates
from resettle.core import outcomes as vocabulary
from resettle.organisations.access import can_manage
from resettle.outcomes.actions import detail_message, title_for
from resettle.outcomes.models import Outcome, Source
from resettle.people.log import record_person
from resettle.people.models import Involvement, Person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

PRISON_NUMBER, PNC_ID, KIND, DATE, EVIDENCE_NOTE = (
    "prison_number",
    "pnc_id",
    "kind",
    "date",
    "evidence_note",
)
COLUMNS = (PRISON_NUMBER, PNC_ID, KIND, DATE, *vocabulary.DETAIL_FIELDS, EVIDENCE_NOTE)
# One transaction holds the whole file; a larger file is split by whoever sends it.
MAX_ROWS = 10_000
# A long list is no more use than the first screenful: fix these and the rest show next time.
MAX_ERRORS_LISTED = 200


@dataclass
class Problem:
    row: int | None  # the spreadsheet's row number: the header is row 1
    column: str
    message: str


@dataclass
class ImportReport:
    organisation: object = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    batch_id: uuid.UUID | None = None
    created: int = 0
    people: int = 0
    already_recorded: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, row, column, message):
        self.problem_count += 1
        if len(self.problems) < MAX_ERRORS_LISTED:
            self.problems.append(Problem(row, column, str(message)))

    @property
    def problems_not_listed(self) -> int:
        return self.problem_count - len(self.problems)

    def as_text(self) -> str:
        if not self.ok:
            lines = [
                f"Row {p.row}, {p.column}: {p.message}" if p.row else f"{p.column}: {p.message}"
                for p in self.problems
            ]
            if self.problems_not_listed:
                lines.append(f"... and {self.problems_not_listed} more problems.")
            lines.append("Nothing was imported.")
            return "\n".join(lines)
        return (
            f"Imported {self.created} outcomes for {self.people} people (batch {self.batch_id}). "
            f"{self.already_recorded} rows were already recorded and were skipped."
        )


@dataclass
class _Row:
    number: int
    person: Person
    kind: str
    on: datetime.date
    details: vocabulary.Details
    evidence_note: str


def import_outcomes(actor, organisation, content: bytes) -> ImportReport:
    """Check the CSV file in `content` and, if every row is right, record its outcomes for
    `organisation`. Only a manager of the organisation (or an administrator) may."""
    if not can_manage(actor, organisation):
        raise PermissionDenied("Only managers of the organisation may import its outcomes.")
    report = ImportReport(organisation=organisation)
    records = _read(content, report)
    if not report.ok:
        return report
    rows = _check(records, organisation, report)
    if not report.ok:
        return report
    _write(actor, organisation, rows, report)
    return report


def _normal_header(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _read(content: bytes, report: ImportReport) -> list[tuple[int, dict]]:
    """The file's rows as (row number, {column: text}), or problems with the file as a whole."""
    if not content.strip():
        report.add(None, _("File"), _("The file is empty. Upload a CSV file with a header row."))
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add(
            None,
            _("File"),
            _(
                "The file is not saved as UTF-8 text. In your spreadsheet choose Save as, "
                "then 'CSV UTF-8', and upload it again."
            ),
        )
        return []
    if "\x00" in text:
        report.add(None, _("File"), _("This is not a CSV file. Upload a file saved as CSV."))
        return []
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        columns = [_normal_header(name) for name in header]
        if KIND not in columns or DATE not in columns:
            report.add(
                1,
                _("Header"),
                _(
                    "The first row must name the columns: prison_number (or pnc_id), kind and "
                    "date, and any details. It has: %(found)s"
                )
                % {"found": ", ".join(h for h in header if h.strip()) or _("nothing")},
            )
            return []
        if PRISON_NUMBER not in columns and PNC_ID not in columns:
            report.add(1, _("Header"), _("Add a prison_number or a pnc_id column."))
        for position, name in enumerate(columns):
            if name and name not in COLUMNS:
                report.add(
                    1,
                    header[position],
                    _("This column is not one we know. The columns are: %(columns)s")
                    % {"columns": ", ".join(COLUMNS)},
                )
            elif name and columns.index(name) != position:
                report.add(1, header[position], _("This column appears twice."))
        if not report.ok:
            return []
        records = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines at the end of a spreadsheet export
            if number - 1 > MAX_ROWS:
                report.add(
                    number,
                    _("File"),
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"},
                )
                return []
            if len(cells) > len(columns):
                report.add(number, _("Row"), _("This row has more cells than the header names."))
                continue
            records.append(
                (number, {name: cell.strip() for name, cell in zip(columns, cells, strict=False)})
            )
    except csv.Error as error:
        report.add(None, _("File"), _("The file is not a readable CSV file (%s).") % error)
        return []
    if not records and report.ok:
        report.add(None, _("File"), _("The file has a header row but no outcomes in it."))
    return records


def _parse_date(text: str):
    for pattern in dates.DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _people_by_identifier(records, organisation):
    """People this organisation works with (now or before: re-offending data comes back long
    after support ends), by prison number and by PNC id. Only they are looked up, so a file
    cannot be used to find out whether anyone else is on the system."""
    prison_numbers = {r[PRISON_NUMBER].upper() for _, r in records if r.get(PRISON_NUMBER)}
    pnc_ids = {"".join(r[PNC_ID].split()).upper() for _, r in records if r.get(PNC_ID)}
    worked_with = Involvement.objects.filter(organisation=organisation).values("person_id")
    people = Person.records.filter(merged_into__isnull=True, pk__in=worked_with).filter(
        Q(prison_number__in=prison_numbers) | Q(pnc_id__in=pnc_ids)
    )
    by_prison_number, by_pnc = defaultdict(list), defaultdict(list)
    for person in people:
        if person.prison_number in prison_numbers:
            by_prison_number[person.prison_number].append(person)
        pnc = "".join(person.pnc_id.split()).upper()
        if pnc in pnc_ids:
            by_pnc[pnc].append(person)
    return by_prison_number, by_pnc


def _check(records, organisation, report) -> list[_Row]:
    by_prison_number, by_pnc = _people_by_identifier(records, organisation)
    today = timezone.localdate()
    rows = []
    for number, record in records:
        person = _find_person(number, record, by_prison_number, by_pnc, organisation, report)
        raw_kind = record.get(KIND, "")
        kind = vocabulary.normal_kind(raw_kind)
        if not raw_kind:
            report.add(number, KIND, _("Enter the kind of outcome."))
        elif not kind:
            report.add(
                number,
                KIND,
                _('"%(kind)s" is not a kind of outcome we record. Use one of: %(kinds)s')
                % {"kind": raw_kind, "kinds": ", ".join(vocabulary.KINDS)},
            )
        raw_date = record.get(DATE, "")
        on = _parse_date(raw_date) if raw_date else None
        if not raw_date:
            report.add(number, DATE, _("Enter the date it happened."))
        elif on is None:
            report.add(
                number,
                DATE,
                _('"%(date)s" is not a date. Write dates like 2025-03-27 or 27/03/2025.')
                % {"date": raw_date},
            )
        elif on > today:
            report.add(number, DATE, _("The date is in the future."))
        elif on < dates.EARLIEST:
            report.add(number, DATE, _("The date is before 1900."))
        details = None
        if kind:
            details, problems = vocabulary.clean_details(kind, record)
            for detail, problem in problems.items():
                report.add(number, detail, detail_message(detail, problem))
        evidence_note = record.get(EVIDENCE_NOTE, "")
        if person and kind and on and details and report.ok:
            rows.append(_Row(number, person, kind, on, details, evidence_note))
    return rows


def _find_person(number, record, by_prison_number, by_pnc, organisation, report):
    prison_number = record.get(PRISON_NUMBER, "").upper()
    pnc_id = "".join(record.get(PNC_ID, "").split()).upper()
    if prison_number:
        column, identifier, found = PRISON_NUMBER, prison_number, by_prison_number[prison_number]
    elif pnc_id:
        column, identifier, found = PNC_ID, pnc_id, by_pnc[pnc_id]
    else:
        report.add(number, PRISON_NUMBER, _("Enter the person's prison number or PNC ID."))
        return None
    if not found:
        # One message for "no such person" and "not one of yours": telling them apart would
        # let a file reveal who else is on the system.
        report.add(
            number,
            column,
            _(
                "We could not find %(identifier)s among the people %(organisation)s works "
                "with. Check the number, and that your organisation has the person's record."
            )
            % {"identifier": identifier, "organisation": organisation.name},
        )
        return None
    if len(found) > 1:
        report.add(
            number,
            column,
            _("More than one person has %(identifier)s. Use their PNC ID instead.")
            % {"identifier": identifier}
            if column == PRISON_NUMBER
            else _("More than one person has %(identifier)s. Use their prison number instead.")
            % {"identifier": identifier},
        )
        return None
    return found[0]


def _write(actor, organisation, rows: list[_Row], report: ImportReport):
    batch_id = uuid.uuid4()
    people = {row.person.pk: row.person for row in rows}
    with transaction.atomic():
        # A file sent twice (or a row repeated) records each outcome once.
        seen = set(
            Outcome.objects.filter(person__in=list(people), organisation=organisation).values_list(
                "person_id", "kind", "on"
            )
        )
        created = defaultdict(list)
        for row in rows:
            key = (row.person.pk, row.kind, row.on)
            if key in seen:
                report.already_recorded += 1
                continue
            seen.add(key)
            outcome = Outcome.objects.create(
                person=row.person,
                kind=row.kind,
                on=row.on,
                accommodation_type=row.details.accommodation_type,
                qualification_level=row.details.qualification_level,
                qualification_title=row.details.qualification_title,
                hours_per_week=row.details.hours_per_week,
                sector=row.details.sector,
                source=Source.IMPORTED,
                evidence_note=row.evidence_note,
                recorded_by=actor,
                organisation=organisation,
                import_batch=batch_id,
            )
            created[row.person.pk].append(outcome)
            add_event(
                row.person,
                Event.Kind.OUTCOME,
                title_for(outcome),
                actor=actor,
                organisation=organisation,
                detail=str(Source.IMPORTED.label),
                pathway=vocabulary.PATHWAYS.get(row.kind, ""),
                obj=outcome,
            )
        for person_id, outcomes in created.items():
            record_person(
                actor,
                people[person_id],
                "outcome.imported",
                organisation=organisation,
                summary=f"Imported {len(outcomes)} outcome(s) from a file",
                changes={
                    "import_batch": str(batch_id),
                    "outcomes": [
                        {"id": str(o.pk), "kind": o.kind, "on": o.on.isoformat()} for o in outcomes
                    ],
                },
            )
    report.created = sum(len(outcomes) for outcomes in created.values())
    report.people = len(created)
    report.batch_id = batch_id if report.created else None

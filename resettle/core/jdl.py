"""A cohort in the shape the Justice Data Lab asks for, checked before it is sent.

The Data Lab matches each person to the Police National Computer on their name and date of
birth with a prison number or PNC ID, and then looks at the intervention dates: a row without
those cannot be matched, so it is left out of the file and reported with the reasons (as
codes: the Django layer words them for people). Gender is one of the Data Lab's essential
fields too, and an end date is wanted where the support has finished; a row missing either
is still sent, since it can be matched, and reported as incomplete.

Plain Python: no Django.
"""

import csv
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

COLUMNS = (
    "Surname",
    "Forename",
    "Date of Birth",
    "Gender",
    "Prison Number",
    "PNC ID",
    "Intervention Start Date",
    "Intervention End Date",
)
DATE_FORMAT = "%d/%m/%Y"
GENDERS = {"male": "Male", "m": "Male", "female": "Female", "f": "Female"}

# A NOMIS prison number (A1234BC) and a PNC ID (year / serial and check letter: 12/34567X,
# 2012/0034567X).
PRISON_NUMBER = re.compile(r"[A-Z]\d{4}[A-Z]{2}")
PNC_ID = re.compile(r"(\d{2}|\d{4})/\d{1,7}[A-Z]")
# The youngest age at which anyone can be convicted in England and Wales.
MINIMUM_AGE = 10
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "@", "\t", "\r")

# Why a row cannot be matched (it is left out).
NO_SURNAME = "no_surname"
NO_FORENAME = "no_forename"
NAME_UNSAFE = "name_unsafe"
NO_DATE_OF_BIRTH = "no_date_of_birth"
DATE_OF_BIRTH_IMPLAUSIBLE = "date_of_birth_implausible"
NO_IDENTIFIER = "no_identifier"
PRISON_NUMBER_MALFORMED = "prison_number_malformed"
PNC_ID_MALFORMED = "pnc_id_malformed"
NO_START_DATE = "no_start_date"
START_IN_FUTURE = "start_in_future"
END_BEFORE_START = "end_before_start"
DUPLICATE = "duplicate"
# What a row that can be matched still lacks (it is sent).
NO_GENDER = "no_gender"
NO_END_DATE = "no_end_date"


@dataclass(frozen=True)
class CohortMember:
    surname: str
    forename: str
    date_of_birth: datetime.date | None
    gender: str  # "Male", "Female", or "" when not known
    prison_number: str
    pnc_id: str
    start: datetime.date | None
    end: datetime.date | None
    # Our own reference (a person id, a row number), for reporting; never written out.
    reference: str = ""

    def row(self) -> list[str]:
        return [
            self.surname,
            self.forename,
            _date(self.date_of_birth),
            self.gender,
            self.prison_number,
            self.pnc_id,
            _date(self.start),
            _date(self.end),
        ]


@dataclass(frozen=True)
class Finding:
    position: int  # 1 for the first member given
    reference: str
    reasons: tuple[str, ...]


@dataclass
class CohortCheck:
    sent: list[CohortMember] = field(default_factory=list)
    left_out: list[Finding] = field(default_factory=list)
    incomplete: list[Finding] = field(default_factory=list)


def member(
    *,
    surname,
    forename,
    date_of_birth,
    gender="",
    prison_number="",
    pnc_id="",
    start=None,
    end=None,
    reference="",
) -> CohortMember:
    """A cohort member with its text tidied the way the Data Lab reads it: spaces trimmed,
    identifiers in capitals without spaces, gender as Male or Female (blank otherwise)."""
    return CohortMember(
        surname=" ".join(str(surname or "").split()),
        forename=" ".join(str(forename or "").split()),
        date_of_birth=date_of_birth,
        gender=GENDERS.get(str(gender or "").strip().lower(), ""),
        prison_number="".join(str(prison_number or "").split()).upper(),
        pnc_id="".join(str(pnc_id or "").split()).upper(),
        start=start,
        end=end,
        reference=str(reference),
    )


def check_cohort(members: Iterable[CohortMember], today: datetime.date) -> CohortCheck:
    check = CohortCheck()
    seen = set()
    for position, person in enumerate(members, start=1):
        reasons = problems(person, today)
        key = (person.surname.lower(), person.forename.lower(), person.date_of_birth)
        key += (person.prison_number, person.pnc_id, person.start)
        if not reasons and key in seen:
            reasons = [DUPLICATE]
        if reasons:
            check.left_out.append(Finding(position, person.reference, tuple(reasons)))
            continue
        seen.add(key)
        check.sent.append(person)
        missing = [NO_GENDER] if not person.gender else []
        missing += [NO_END_DATE] if person.end is None else []
        if missing:
            check.incomplete.append(Finding(position, person.reference, tuple(missing)))
    return check


def problems(person: CohortMember, today: datetime.date) -> list[str]:
    """Why the Data Lab could not match this row; empty when it could."""
    found = []
    if not person.surname:
        found.append(NO_SURNAME)
    if not person.forename:
        found.append(NO_FORENAME)
    if any(name.startswith(FORMULA_START) for name in (person.surname, person.forename)):
        found.append(NAME_UNSAFE)
    born = person.date_of_birth
    if born is None:
        found.append(NO_DATE_OF_BIRTH)
    elif born > today or _age(born, person.start or today) < MINIMUM_AGE:
        found.append(DATE_OF_BIRTH_IMPLAUSIBLE)
    if person.prison_number and not PRISON_NUMBER.fullmatch(person.prison_number):
        found.append(PRISON_NUMBER_MALFORMED)
    if person.pnc_id and not PNC_ID.fullmatch(person.pnc_id):
        found.append(PNC_ID_MALFORMED)
    if not person.prison_number and not person.pnc_id:
        found.append(NO_IDENTIFIER)
    if person.start is None:
        found.append(NO_START_DATE)
    elif person.start > today:
        found.append(START_IN_FUTURE)
    elif person.end is not None and person.end < person.start:
        found.append(END_BEFORE_START)
    return found


def write_cohort(members: Iterable[CohortMember], handle) -> int:
    """The Data Lab's columns, then one row per member; returns the rows written."""
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    written = 0
    for person in members:
        writer.writerow(person.row())
        written += 1
    return written


def _date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

"""The hard outcomes vocabulary: what can be recorded about a person's progress, which details
each kind of outcome needs, and how those details are checked.

Plain Python so that recording (forms, file imports) and impact evaluation read the same
definitions. Labels and messages for people live in the Django app (they are translated);
here are only codes and the problems found, as codes.
"""

from dataclasses import dataclass

# --- Kinds of outcome, in the order people are asked about them ----------------------------

ACCOMMODATION_SECURED = "accommodation_secured"
ID_OBTAINED = "id_obtained"
BANK_ACCOUNT_OPENED = "bank_account_opened"
BENEFIT_CLAIM_STARTED = "benefit_claim_started"
GP_REGISTERED = "gp_registered"
TREATMENT_STARTED = "treatment_started"
TRAINING_STARTED = "training_started"
TRAINING_COMPLETED = "training_completed"
QUALIFICATION_GAINED = "qualification_gained"
VOLUNTEERING_STARTED = "volunteering_started"
EMPLOYMENT_STARTED = "employment_started"
EMPLOYMENT_SUSTAINED_13_WEEKS = "employment_sustained_13_weeks"
EMPLOYMENT_SUSTAINED_26_WEEKS = "employment_sustained_26_weeks"
REOFFENCE_REPORTED = "reoffence_reported"
RECONVICTION_REPORTED = "reconviction_reported"
RECALLED_TO_CUSTODY = "recalled_to_custody"

KINDS = (
    ACCOMMODATION_SECURED,
    ID_OBTAINED,
    BANK_ACCOUNT_OPENED,
    BENEFIT_CLAIM_STARTED,
    GP_REGISTERED,
    TREATMENT_STARTED,
    TRAINING_STARTED,
    TRAINING_COMPLETED,
    QUALIFICATION_GAINED,
    VOLUNTEERING_STARTED,
    EMPLOYMENT_STARTED,
    EMPLOYMENT_SUSTAINED_13_WEEKS,
    EMPLOYMENT_SUSTAINED_26_WEEKS,
    REOFFENCE_REPORTED,
    RECONVICTION_REPORTED,
    RECALLED_TO_CUSTODY,
)

# Groups the evaluation asks about ("did they find work?", "did they re-offend?").
EMPLOYMENT = frozenset(
    {EMPLOYMENT_STARTED, EMPLOYMENT_SUSTAINED_13_WEEKS, EMPLOYMENT_SUSTAINED_26_WEEKS}
)
REOFFENDING = frozenset({REOFFENCE_REPORTED, RECONVICTION_REPORTED, RECALLED_TO_CUSTODY})
# Outcomes that are setbacks rather than progress: shown differently, never counted as success.
SETBACKS = REOFFENDING

# The resettlement pathway (taxonomy code) each kind belongs to, for the timeline.
PATHWAYS = {
    ACCOMMODATION_SECURED: "accommodation",
    ID_OBTAINED: "finance-id",
    BANK_ACCOUNT_OPENED: "finance-id",
    BENEFIT_CLAIM_STARTED: "finance-id",
    GP_REGISTERED: "health",
    TREATMENT_STARTED: "drugs-alcohol",
    TRAINING_STARTED: "education-work",
    TRAINING_COMPLETED: "education-work",
    QUALIFICATION_GAINED: "education-work",
    VOLUNTEERING_STARTED: "education-work",
    EMPLOYMENT_STARTED: "education-work",
    EMPLOYMENT_SUSTAINED_13_WEEKS: "education-work",
    EMPLOYMENT_SUSTAINED_26_WEEKS: "education-work",
    REOFFENCE_REPORTED: "attitudes",
    RECONVICTION_REPORTED: "attitudes",
    RECALLED_TO_CUSTODY: "attitudes",
}

# --- Details -------------------------------------------------------------------------------

ACCOMMODATION_TYPE = "accommodation_type"
QUALIFICATION_LEVEL = "qualification_level"
QUALIFICATION_TITLE = "qualification_title"
HOURS_PER_WEEK = "hours_per_week"
SECTOR = "sector"

DETAIL_FIELDS = (
    ACCOMMODATION_TYPE,
    QUALIFICATION_LEVEL,
    QUALIFICATION_TITLE,
    HOURS_PER_WEEK,
    SECTOR,
)

DETAILS_NEEDED = {
    ACCOMMODATION_SECURED: (ACCOMMODATION_TYPE,),
    QUALIFICATION_GAINED: (QUALIFICATION_LEVEL, QUALIFICATION_TITLE),
    EMPLOYMENT_STARTED: (HOURS_PER_WEEK, SECTOR),
}

SETTLED = "settled"
TEMPORARY = "temporary"
ACCOMMODATION_TYPES = (SETTLED, TEMPORARY)

# Qualification levels in England: entry level, then levels 1 to 8.
ENTRY_LEVEL = "entry"
QUALIFICATION_LEVELS = (ENTRY_LEVEL, "1", "2", "3", "4", "5", "6", "7", "8")

# A week has 168 hours; more than 100 in one job is a typing slip, not a job.
MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 100
MAX_TITLE_LENGTH = 200
MAX_SECTOR_LENGTH = 100

# --- Where the knowledge came from ---------------------------------------------------------

SOURCE_PERSON = "person"
SOURCE_ORGANISATION = "organisation"
SOURCE_VERIFIED = "verified"
SOURCE_IMPORTED = "imported"
SOURCES = (SOURCE_PERSON, SOURCE_ORGANISATION, SOURCE_VERIFIED, SOURCE_IMPORTED)

# Problems with a detail, as codes the app words for people.
MISSING = "missing"
NOT_A_CHOICE = "not_a_choice"
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"
TOO_LONG = "too_long"


def details_needed(kind: str) -> tuple[str, ...]:
    return DETAILS_NEEDED.get(kind, ())


def normal_kind(text: str) -> str:
    """A kind as written in a file ("Employment started", "employment-started") as its code,
    or "" when it is not one of ours."""
    code = "_".join(text.strip().lower().replace("-", " ").split())
    return code if code in KINDS else ""


def normal_qualification_level(text) -> str:
    """ "Entry level", "entry", "Level 3", "3" as a level code, or "" if it is none of them."""
    value = " ".join(str(text).strip().lower().split())
    if value in ("entry", "entry level", "level entry"):
        return ENTRY_LEVEL
    value = value.removeprefix("level").strip()
    return value if value in QUALIFICATION_LEVELS else ""


@dataclass(frozen=True)
class Details:
    """The kind-specific details of one outcome, already cleaned: only those the kind needs."""

    accommodation_type: str = ""
    qualification_level: str = ""
    qualification_title: str = ""
    hours_per_week: int | None = None
    sector: str = ""


def clean_details(kind: str, raw: dict) -> tuple[Details, dict[str, str]]:
    """Check the details given for an outcome of `kind`: returns the details the kind needs,
    cleaned, and the problems found as {detail field: problem code}. Details a kind does not
    use are dropped, so a stray value never ends up on the record."""
    needed = details_needed(kind)
    values = {}
    problems = {}
    for field in needed:
        value = raw.get(field)
        text = "" if value is None else str(value).strip()
        if not text:
            problems[field] = MISSING
            continue
        if field == ACCOMMODATION_TYPE:
            if text.lower() not in ACCOMMODATION_TYPES:
                problems[field] = NOT_A_CHOICE
            else:
                values[field] = text.lower()
        elif field == QUALIFICATION_LEVEL:
            level = normal_qualification_level(text)
            if not level:
                problems[field] = NOT_A_CHOICE
            else:
                values[field] = level
        elif field == HOURS_PER_WEEK:
            try:
                hours = int(text) if not isinstance(value, int) else value
            except ValueError:
                problems[field] = NOT_A_NUMBER
                continue
            if not MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK:
                problems[field] = OUT_OF_RANGE
            else:
                values[field] = hours
        else:
            limit = MAX_TITLE_LENGTH if field == QUALIFICATION_TITLE else MAX_SECTOR_LENGTH
            if len(text) > limit:
                problems[field] = TOO_LONG
            else:
                values[field] = text
    return Details(**values), problems

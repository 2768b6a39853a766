"""What happened to the demo people: hard outcomes (accommodation, ID, a bank account,
benefits, a GP, treatment, training, work and how long it lasted, re-offending and recall)
and progress check-ins (the ONS well-being questions and our own scales), at rates like
those of people leaving London prisons.

Plain functions of a random stream and the facts of a person's story, so people.py can write
them with the rest of the person, in the same chunk and with the same COPY. Re-offending
follows the risk factors the evaluation matches on (sentence, age, a drug or alcohol need,
where the person lives), so a comparison that ignores them is confounded, as real ones are.
"""

import datetime
from dataclasses import dataclass

from resettle.core import outcomes as vocabulary
from resettle.core import scales

DAY = datetime.timedelta(days=1)
ORGANISATION, PERSON, VERIFIED, IMPORTED = (
    vocabulary.SOURCE_ORGANISATION,
    vocabulary.SOURCE_PERSON,
    vocabulary.SOURCE_VERIFIED,
    vocabulary.SOURCE_IMPORTED,
)
SOURCES = {ORGANISATION: 55, PERSON: 25, VERIFIED: 20}
# Proven re-offending within a year, by sentence: short sentences the highest.
REOFFENDING = {
    "remand": 0.35,
    "under_12_months": 0.55,
    "1_to_4_years": 0.32,
    "4_to_10_years": 0.2,
    "over_10_years": 0.12,
    "indeterminate": 0.08,
}
DRUGS_AND_ALCOHOL = {"drug-treatment", "alcohol-support", "harm-reduction"}
HOUSING = {"find-accommodation", "release-day-accommodation", "supported-housing"}
SECTORS = [
    "Construction",
    "Catering",
    "Warehousing",
    "Retail",
    "Cleaning",
    "Security",
    "Delivery driving",
    "Hospitality",
    "Landscaping",
    "Recycling",
]
QUALIFICATIONS = [
    (vocabulary.ENTRY_LEVEL, "Functional Skills English"),
    (vocabulary.ENTRY_LEVEL, "Functional Skills Maths"),
    ("1", "Health and Safety in a Construction Environment"),
    ("1", "Food Safety in Catering"),
    ("2", "Certificate in Warehousing and Storage"),
    ("2", "Counterpower Forklift Operation"),
    ("2", "Certificate in Customer Service"),
    ("3", "Diploma in Plumbing Studies"),
]


@dataclass(frozen=True)
class HappenedOutcome:
    kind: str
    on: datetime.date
    source: str
    accommodation_type: str = ""
    qualification_level: str = ""
    qualification_title: str = ""
    hours_per_week: int | None = None
    sector: str = ""


@dataclass(frozen=True)
class CheckIn:
    instrument: str
    on: datetime.date
    scores: tuple[tuple[str, int], ...]  # (item code, score), in the instrument's order


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def hard_outcomes(
    rng,
    *,
    today: datetime.date,
    band: str,
    age: int,
    start: datetime.date,
    released_on: datetime.date | None,
    recalls: list[datetime.date],
    needs: list[str],
) -> list[HappenedOutcome]:
    """The outcomes recorded for one person, oldest first. `released_on` is their (first)
    release, if it has happened; `recalls` the days they were recalled."""
    happened = []

    def add(kind, on, source=None, **details):
        if start - 60 * DAY <= on <= today:
            happened.append(HappenedOutcome(kind, on, source or _pick(rng, SOURCES), **details))

    def soon_after(day, low, high):
        return day + rng.randint(low, high) * DAY

    if released_on is None:
        # Still inside: ID and a bank account are often sorted before release.
        if rng.random() < 0.3:
            add(vocabulary.ID_OBTAINED, soon_after(start, 7, 120))
        if rng.random() < 0.25:
            add(vocabulary.BANK_ACCOUNT_OPENED, soon_after(start, 14, 150))
        return sorted(happened, key=lambda o: o.on)

    drugs = bool(DRUGS_AND_ALCOHOL & set(needs))
    housing_need = bool(HOUSING & set(needs))

    # Somewhere to live on release for most; settled for fewer of those with a housing need.
    settled = False
    if rng.random() < 0.85:
        settled = rng.random() < (0.3 if housing_need else 0.55)
        kind = vocabulary.SETTLED if settled else vocabulary.TEMPORARY
        add(
            vocabulary.ACCOMMODATION_SECURED, soon_after(released_on, 0, 3), accommodation_type=kind
        )
        if not settled and rng.random() < 0.3:
            settled = True
            add(
                vocabulary.ACCOMMODATION_SECURED,
                soon_after(released_on, 30, 200),
                accommodation_type=vocabulary.SETTLED,
            )
    if rng.random() < 0.6:
        add(vocabulary.ID_OBTAINED, soon_after(released_on, -60, 45))
    if rng.random() < 0.5:
        add(vocabulary.BANK_ACCOUNT_OPENED, soon_after(released_on, -45, 60))
    if rng.random() < 0.65:
        add(vocabulary.BENEFIT_CLAIM_STARTED, soon_after(released_on, 0, 30))
    if rng.random() < 0.55:
        add(vocabulary.GP_REGISTERED, soon_after(released_on, 3, 90))
    if drugs and rng.random() < 0.5:
        add(vocabulary.TREATMENT_STARTED, soon_after(released_on, 0, 45))

    # Re-offending within a year: the risk factors the evaluation matches on.
    risk = REOFFENDING.get(band, 0.3)
    risk *= 1.25 if age < 25 else (0.7 if age >= 40 else 1.0)
    risk += 0.1 if drugs else 0.0
    risk -= 0.08 if settled else 0.0
    reoffended_on = None
    if rng.random() < min(max(risk, 0.03), 0.85):
        # Most re-offending comes early.
        reoffended_on = released_on + int(10 + 355 * rng.random() ** 1.6) * DAY
        add(vocabulary.REOFFENCE_REPORTED, reoffended_on, IMPORTED if rng.random() < 0.7 else None)
        if rng.random() < 0.6:
            add(
                vocabulary.RECONVICTION_REPORTED,
                soon_after(reoffended_on, 30, 150),
                IMPORTED if rng.random() < 0.7 else None,
            )
    for recalled in recalls:
        add(vocabulary.RECALLED_TO_CUSTODY, recalled, VERIFIED)
    cut_off = min([day for day in [reoffended_on, *recalls] if day is not None], default=None)

    def before_setback(day):
        return cut_off is None or day < cut_off

    if rng.random() < 0.22:
        began = soon_after(released_on, 14, 200)
        if before_setback(began):
            add(vocabulary.TRAINING_STARTED, began)
            if rng.random() < 0.6:
                finished = soon_after(began, 30, 120)
                add(vocabulary.TRAINING_COMPLETED, finished)
                if rng.random() < 0.55:
                    level, title = rng.choice(QUALIFICATIONS)
                    add(
                        vocabulary.QUALIFICATION_GAINED,
                        soon_after(finished, 0, 30),
                        VERIFIED,
                        qualification_level=level,
                        qualification_title=title,
                    )
    if rng.random() < 0.08:
        add(vocabulary.VOLUNTEERING_STARTED, soon_after(released_on, 20, 250))
    if rng.random() < (0.3 if settled else 0.16):
        hired = soon_after(released_on, 21, 300)
        if before_setback(hired):
            add(
                vocabulary.EMPLOYMENT_STARTED,
                hired,
                hours_per_week=rng.choice([16, 20, 25, 30, 37, 40]),
                sector=rng.choice(SECTORS),
            )
            # Sustained while nothing went wrong first.
            if rng.random() < 0.65 and before_setback(hired + 91 * DAY):
                add(vocabulary.EMPLOYMENT_SUSTAINED_13_WEEKS, hired + 91 * DAY, VERIFIED)
                if rng.random() < 0.7 and before_setback(hired + 182 * DAY):
                    add(vocabulary.EMPLOYMENT_SUSTAINED_26_WEEKS, hired + 182 * DAY, VERIFIED)
    return sorted(happened, key=lambda o: o.on)


def check_ins(rng, *, start: datetime.date, until: datetime.date) -> list[CheckIn]:
    """Two to four check-ins, a month or two apart, for a person asked how they are doing;
    scores start low and improve modestly, with ups and downs."""
    if (until - start).days < 30:
        return []
    instrument = scales.WELLBEING if rng.random() < 0.55 else scales.PROGRESS
    on = start + rng.randint(3, 21) * DAY
    # Where the person starts, per question, and how fast things change for them.
    baseline = {}
    for item in instrument.items:
        middle = (item.minimum + item.maximum) / 2
        low_start = middle + 1.5 if not item.higher_is_better else middle - 1.0
        baseline[item.code] = rng.gauss(low_start, 1.6)
    trend = rng.gauss(0.6, 0.7)
    happened = []
    for visit in range(rng.choice([2, 2, 3, 3, 4])):
        if on > until:
            break
        scores = []
        for item in instrument.items:
            step = trend * visit if item.higher_is_better else -trend * visit
            value = round(baseline[item.code] + step + rng.gauss(0, 0.9))
            scores.append((item.code, min(max(value, item.minimum), item.maximum)))
        happened.append(CheckIn(instrument.code, on, tuple(scores)))
        on += rng.randint(28, 70) * DAY
    return happened if len(happened) >= 2 else []

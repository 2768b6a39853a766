"""Outcomes and progress check-ins in the demo: realistic, consistent with each person's
story, and written as the actions would have written them."""

import datetime
import random
from collections import Counter

import pytest

from resettle.core import outcomes as vocabulary
from resettle.core import scales
from resettle.custody.models import Movement
from resettle.demo import outcomes as what_happened
from resettle.demo.people import generate_people
from resettle.demo.tests.test_people import TODAY, _organisations
from resettle.outcomes.models import Outcome
from resettle.people.models import Person
from resettle.soft_outcomes.models import Measurement
from resettle.timeline.models import Event

pytestmark = pytest.mark.django_db
PEOPLE = 300


@pytest.fixture
def loaded():
    return generate_people(people=PEOPLE, seed=2026, today=TODAY, organisations=_organisations())


def test_it_records_realistic_consistent_outcomes(loaded):
    released = Person.records.filter(movements__kind=Movement.Kind.RELEASED).distinct()
    with_accommodation = released.filter(outcomes__kind=vocabulary.ACCOMMODATION_SECURED).distinct()
    assert with_accommodation.count() > 0.7 * released.count()
    kinds = Counter(Outcome.objects.values_list("kind", flat=True))
    for kind in (
        vocabulary.ID_OBTAINED,
        vocabulary.BANK_ACCOUNT_OPENED,
        vocabulary.GP_REGISTERED,
        vocabulary.TRAINING_STARTED,
        vocabulary.EMPLOYMENT_STARTED,
        vocabulary.EMPLOYMENT_SUSTAINED_13_WEEKS,
        vocabulary.EMPLOYMENT_SUSTAINED_26_WEEKS,
        vocabulary.REOFFENCE_REPORTED,
        vocabulary.RECALLED_TO_CUSTODY,
    ):
        assert kinds[kind] > 0, kind
    # Fewer keep a job 26 weeks than 13, and fewer 13 than start one.
    assert (
        kinds[vocabulary.EMPLOYMENT_STARTED]
        > kinds[vocabulary.EMPLOYMENT_SUSTAINED_13_WEEKS]
        > kinds[vocabulary.EMPLOYMENT_SUSTAINED_26_WEEKS]
    )
    assert loaded.outcomes == Outcome.objects.count()

    # Every outcome has the details and dates its kind needs.
    for outcome in Outcome.objects.all():
        cleaned, problems = vocabulary.clean_details(
            outcome.kind,
            {
                "accommodation_type": outcome.accommodation_type,
                "qualification_level": outcome.qualification_level,
                "qualification_title": outcome.qualification_title,
                "hours_per_week": outcome.hours_per_week,
                "sector": outcome.sector,
            },
        )
        assert problems == {}, (outcome.kind, problems)
        assert outcome.on <= TODAY
        assert outcome.recorded_at.date() <= max(TODAY, outcome.on)

    # A recall outcome on the day of each recall.
    recalls = set(
        Movement.objects.filter(kind=Movement.Kind.RECALLED).values_list("person_id", "on")
    )
    recorded = set(
        Outcome.objects.filter(kind=vocabulary.RECALLED_TO_CUSTODY).values_list("person_id", "on")
    )
    assert recalls and recalls == recorded

    # A job is sustained 26 weeks exactly 26 weeks after it started.
    started = dict(
        Outcome.objects.filter(kind=vocabulary.EMPLOYMENT_STARTED).values_list("person_id", "on")
    )
    for person_id, on in Outcome.objects.filter(
        kind=vocabulary.EMPLOYMENT_SUSTAINED_26_WEEKS
    ).values_list("person_id", "on"):
        assert on == started[person_id] + datetime.timedelta(weeks=26)


def test_it_checks_in_with_some_people_and_writes_the_timeline(loaded):
    outcome_events = Event.objects.filter(kind=Event.Kind.OUTCOME)
    assert outcome_events.filter(object_type="outcomes.outcome").count() == loaded.outcomes
    assert outcome_events.filter(object_type="").count() == loaded.check_ins
    assert Event.objects.filter(title="Accommodation secured: Settled").exists()

    # Some people are asked how they are doing, a few times each.
    people = Measurement.objects.order_by().values("person").distinct().count()
    assert 0.15 * PEOPLE < people < 0.4 * PEOPLE
    rounds = Measurement.objects.order_by().values("check_in").distinct().count()
    assert rounds == loaded.check_ins
    for instrument in scales.INSTRUMENTS.values():
        for item in instrument.items:
            scores = Measurement.objects.filter(instrument=instrument.code, item=item.code)
            assert all(item.accepts(score) for score in scores.values_list("score", flat=True))
    # Each check-in answers every question of its instrument.
    per_check_in = Counter(Measurement.objects.values_list("check_in", "instrument"))
    assert {
        count == len(scales.instrument(code).items) for (_c, code), count in per_check_in.items()
    } == {True}


def test_it_makes_progress_modest_but_real():
    rng = random.Random(1)
    start, until = datetime.date(2025, 1, 1), datetime.date(2026, 1, 1)
    changes = []
    for _ in range(400):
        visits = what_happened.check_ins(rng, start=start, until=until)
        assert 2 <= len(visits) <= 4
        assert [v.on for v in visits] == sorted(v.on for v in visits)
        first, last = dict(visits[0].scores), dict(visits[-1].scores)
        changes += [last[k] - first[k] for k in ("confidence", "life_satisfaction") if k in first]
    mean = sum(changes) / len(changes)
    assert 0.3 < mean < 2.5


def test_it_asks_nobody_after_less_than_a_month():
    rng = random.Random(2)
    day = datetime.date(2026, 1, 1)
    assert what_happened.check_ins(rng, start=day, until=day + datetime.timedelta(days=20)) == []


def test_it_reoffends_more_after_short_sentences_than_long_ones():
    rng = random.Random(3)
    released = datetime.date(2024, 1, 1)

    def rate(band):
        reoffended = 0
        for _ in range(2000):
            happened = what_happened.hard_outcomes(
                rng,
                today=datetime.date(2026, 1, 1),
                band=band,
                age=30,
                start=released - datetime.timedelta(days=90),
                released_on=released,
                recalls=[],
                needs=[],
            )
            reoffended += any(o.kind == vocabulary.REOFFENCE_REPORTED for o in happened)
        return reoffended / 2000

    assert rate("under_12_months") > 0.4 > 0.2 > rate("over_10_years")

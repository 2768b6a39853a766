"""The demo people generator: deterministic, and every person's record consistent with itself."""

import datetime
from collections import Counter

import pytest
from django.db.models import Count, Max, Q

from resettle.appointments.models import Appointment
from resettle.casenotes.models import CaseNote
from resettle.consents.models import Consent
from resettle.custody.models import Movement
from resettle.demo.generator import generate_directory, organisation_ids
from resettle.demo.people import generate_people, person_ids
from resettle.equality.models import EqualityMonitoring
from resettle.needs.models import Need, NeedUpdate
from resettle.organisations.models import Organisation
from resettle.people.models import Involvement, Person, name_key
from resettle.plans.models import Goal
from resettle.timeline.models import Event

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def _organisations(seed=2026):
    generate_directory(services=40, seed=seed, today=TODAY)
    ids = organisation_ids(seed, 10)
    return sorted(Organisation.objects.filter(id__in=ids), key=lambda o: ids.index(o.id))


@pytest.fixture
def people():
    return generate_people(people=200, seed=2026, today=TODAY, organisations=_organisations())


def _snapshot():
    return (
        list(
            Person.records.order_by("id").values_list(
                "id", "given_name", "family_name", "sex", "release_date", "last_contact_on"
            )
        ),
        list(Need.objects.order_by("id").values_list("id", "status")),
        list(
            Event.objects.order_by("person_id", "at", "title").values_list(
                "person_id", "at", "title"
            )
        ),
        list(Involvement.objects.order_by("person_id", "kind").values_list("person_id", "kind")),
    )


def test_it_gives_the_same_people_and_casework_for_the_same_seed():
    organisations = _organisations()
    generate_people(people=60, seed=5, today=TODAY, organisations=organisations)
    first = _snapshot()
    Person.records.all().delete()

    generate_people(people=60, seed=5, today=TODAY, organisations=organisations)

    assert _snapshot() == first
    assert sorted(p for p, *_ in first[0]) == sorted(person_ids(5, 60))


def test_it_gives_every_person_an_allocated_organisation(people):
    assert people.people == Person.records.count() == 200
    allocated = Involvement.objects.filter(kind=Involvement.Kind.ALLOCATED)
    assert allocated.values("person").distinct().count() == 200
    assert allocated.count() == 200
    # Most are still being supported, and nearly all by a named key worker.
    assert allocated.filter(ended_on__isnull=True).count() > 150
    assert allocated.filter(worker__isnull=False).count() > 170


def test_it_writes_a_timeline_event_for_every_note_and_appointment(people):
    for note in CaseNote.objects.all():
        event = Event.objects.get(object_type="casenotes.casenote", object_id=str(note.pk))
        assert (event.person_id, event.at, event.kind) == (note.person_id, note.written_at, "note")
    for appointment in Appointment.objects.all():
        event = Event.objects.get(
            object_type="appointments.appointment", object_id=str(appointment.pk)
        )
        assert event.person_id == appointment.person_id
        if appointment.outcome:
            assert event.at == appointment.starts_at
        else:
            assert event.at == appointment.created_at
    assert Event.objects.count() == people.events
    assert (
        Event.objects.filter(kind=Event.Kind.NEED).count()
        >= NeedUpdate.objects.filter(on__gt=datetime.date(2000, 1, 1))
        .exclude(note="Identified at assessment.")
        .count()
    )


def test_it_sets_last_contact_to_the_latest_attended_appointment(people):
    latest = {
        row["person"]: row["last"].date()
        for row in Appointment.objects.filter(outcome__in=Appointment.CONTACT_MADE)
        .values("person")
        .annotate(last=Max("starts_at"))
    }
    for person in Person.records.all():
        expected = latest.get(person.pk)
        if expected is not None:
            # starts_at is stored in UTC; the contact date is the London day.
            appointment = (
                Appointment.objects.filter(
                    person=person, outcome__in=Appointment.CONTACT_MADE
                ).order_by("-starts_at")
            ).first()
            expected = appointment.starts_at.astimezone(datetime.UTC).date()
            assert person.last_contact_on in (expected, expected + datetime.timedelta(days=1))
        else:
            assert person.last_contact_on is None
    # Some people near release have had no contact with anyone yet: the worklist flags them.
    assert Person.records.in_custody().filter(last_contact_on__isnull=True).exists()


def test_it_gives_released_people_a_release_movement_and_no_prison(people):
    released = Person.records.filter(custody_status=Person.Custody.IN_COMMUNITY)
    assert released.exists()
    for person in released:
        last = person.movements.order_by("-on", "-recorded_at").first()
        assert last.kind == Movement.Kind.RELEASED
        assert person.release_date == last.on <= TODAY
        assert person.current_prison is None
    for person in Person.records.in_custody():
        assert person.current_prison is not None
        assert person.movements.filter(kind=Movement.Kind.RECEIVED).exists()
        assert person.release_date is None or person.release_date >= TODAY


def test_it_spreads_release_dates_over_the_next_six_months_and_the_last_two_years(people):
    upcoming = Person.records.in_custody().filter(
        release_date__lte=TODAY + datetime.timedelta(weeks=26)
    )
    assert upcoming.count() > 40
    released = Person.records.filter(custody_status=Person.Custody.IN_COMMUNITY)
    assert released.filter(release_date__lt=TODAY - datetime.timedelta(days=365)).exists()
    assert not released.filter(release_date__lt=TODAY - datetime.timedelta(days=731)).exists()


def test_it_holds_women_in_womens_prisons(people):
    women = EqualityMonitoring.objects.filter(sex="female").values("person")
    prisons = set(
        Person.records.filter(pk__in=women, current_prison__isnull=False).values_list(
            "current_prison__holds", flat=True
        )
    )
    assert prisons <= {"women"}


def test_it_records_sex_as_a_prison_leaver_population_has_it(people):
    sexes = Counter(Person.records.values_list("sex", flat=True))
    assert set(sexes) <= {Person.Sex.FEMALE, Person.Sex.MALE, ""}
    assert sexes[Person.Sex.MALE] > 0.85 * 200
    assert 0 < sexes[Person.Sex.FEMALE] < 0.12 * 200
    assert 0 < sexes[""] < 0.08 * 200  # a few records say nothing


def test_it_keeps_recorded_sex_in_step_with_prisons_and_equality_answers(people):
    women = Person.records.filter(sex=Person.Sex.FEMALE)
    men = Person.records.filter(sex=Person.Sex.MALE)
    held = women.exclude(current_prison=None).values_list("current_prison__holds", flat=True)
    assert set(held) <= {"women"}
    assert not men.filter(current_prison__holds="women").exists()
    # The same person behind both, though neither is ever read to fill the other.
    answered = {"female", "male"}
    for person_sex, answer in (
        Person.records.exclude(sex="")
        .filter(equality__sex__in=answered)
        .values_list("sex", "equality__sex")
    ):
        assert person_sex == answer


def test_it_keeps_the_derived_fields_consistent(people):
    for person in Person.records.all():
        assert person.name_key == name_key(person.family_name, person.given_name)
        has_needs = person.needs.exists()
        if has_needs:
            assert person.needs_assessed_on is not None
            assert not person.no_needs_identified
    # Needs carry the status of their latest dated update.
    for need in Need.objects.all()[:200]:
        assert need.updates.order_by("-on", "-recorded_at").first().status == need.status


def test_it_records_consent_and_equality_like_a_real_caseload(people):
    assert (
        Consent.objects.filter(purpose=Consent.Purpose.SHARE_RECORD)
        .values("person")
        .distinct()
        .count()
        == 200
    )
    answered = EqualityMonitoring.objects.count()
    assert 140 <= answered < 200  # some people were never asked
    assert EqualityMonitoring.objects.filter(ethnicity="prefer-not-to-say").exists()
    languages = Counter(Person.records.values_list("preferred_language", flat=True))
    assert languages["en"] > 130 and len(languages) > 3
    assert 0 < Person.records.filter(interpreter_needed=True).count() < 40


def test_it_writes_plans_with_basic_needs_first_mostly(people):
    firsts = Counter()
    for person in Person.records.annotate(goals_count=Count("goals")).filter(goals_count__gt=1):
        first = person.goals.order_by("created_at").first()
        firsts[first.pathway.code] += 1
    basic = sum(firsts[c] for c in ("accommodation", "finance-id", "health"))
    assert basic > sum(firsts.values()) / 2
    assert Goal.objects.filter(~Q(steps=None)).exists()


def test_it_aims_for_the_requested_number_of_events():
    result = generate_people(
        people=150, events=2_000, seed=3, today=TODAY, organisations=_organisations()
    )
    assert 1_700 <= result.events <= 2_300
    assert Event.objects.count() == result.events

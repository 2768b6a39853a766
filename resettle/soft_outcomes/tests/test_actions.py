import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from resettle.people.log import entries_about
from resettle.soft_outcomes.actions import record_check_in
from resettle.soft_outcomes.models import Measurement
from resettle.timeline.models import Event

ANSWERS = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 6, "anxiety": 8}
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def test_it_writes_an_audit_row_without_the_answers_and_a_timeline_event(
    person, caseworker, organisation
):
    measurements = record_check_in(caseworker, person, "ons4", ANSWERS, YESTERDAY)
    assert [m.item for m in measurements] == list(ANSWERS)
    assert len({m.check_in for m in measurements}) == 1
    entry = entries_about(person).get(action="soft_outcome.recorded")
    assert (entry.actor, entry.organisation) == (caseworker, organisation)
    assert entry.changes["instrument"] == "ons4"
    assert entry.changes["measured_on"] == YESTERDAY.isoformat()
    assert entry.changes["check_in"] == str(measurements[0].check_in)
    assert "8" not in str(entry.changes.get("items"))
    event = person.events.get()
    assert (event.kind, event.title) == (Event.Kind.OUTCOME, "Well-being check-in (ONS questions)")
    assert "Anxiety yesterday: 8" in event.detail


def test_it_refuses_someone_not_working_with_the_person(person, outsider):
    with pytest.raises(PermissionDenied):
        record_check_in(outsider, person, "ons4", ANSWERS, YESTERDAY)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "scale, answers, on",
    [
        ("outcomes_star", ANSWERS, YESTERDAY),
        ("ons4", {**ANSWERS, "anxiety": 11}, YESTERDAY),
        ("ons4", {**ANSWERS, "anxiety": 2.5}, YESTERDAY),
        ("ons4", {**ANSWERS, "extra": 3}, YESTERDAY),
        ("ons4", {"anxiety": 3}, YESTERDAY),
        ("ons4", ANSWERS, timezone.localdate() + datetime.timedelta(days=1)),
    ],
)
def test_it_refuses_answers_that_do_not_fit_and_saves_nothing(
    person, caseworker, scale, answers, on
):
    with pytest.raises(ValidationError):
        record_check_in(caseworker, person, scale, answers, on)
    assert not Measurement.objects.exists()
    assert not entries_about(person).filter(action="soft_outcome.recorded").exists()


def test_it_checks_the_score_range_of_each_question_in_the_model(person):
    anxiety = Measurement(
        person=person, instrument="ons4", item="anxiety", score=0, measured_on=YESTERDAY
    )
    anxiety.clean()
    confidence = Measurement(
        person=person, instrument="progress", item="confidence", score=0, measured_on=YESTERDAY
    )
    with pytest.raises(ValidationError, match="1 to 10"):
        confidence.clean()
    unknown = Measurement(
        person=person, instrument="ons4", item="joy", score=3, measured_on=YESTERDAY
    )
    with pytest.raises(ValidationError):
        unknown.clean()

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.people.log import entries_about
from resettle.soft_outcomes.actions import record_check_in
from resettle.soft_outcomes.models import Measurement
from resettle.testing.factories import involve, member

PROGRESS_ANSWERS = {
    "confidence": 3,
    "motivation": 5,
    "relationships": 4,
    "use_of_time": 2,
    "managing_money": 6,
    "feeling_safe": 7,
}
ONS_ANSWERS = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 6, "anxiety": 8}


def journey_url(person):
    return reverse("soft_outcomes:journey", kwargs={"person_id": person.pk})


def record_url(person, scale=None):
    url = reverse("soft_outcomes:record", kwargs={"person_id": person.pk})
    return f"{url}?scale={scale}" if scale else url


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_it_lets_a_caseworker_record_a_check_in_and_see_the_journey(
    client, sign_in, person, caseworker, organisation
):
    sign_in(caseworker)
    chooser = client.get(record_url(person)).content.decode()
    assert "Which questions do you want to ask?" in chooser
    form = client.get(record_url(person, "progress")).content.decode()
    assert "3 – I can do a few small things if someone is with me." in form
    assert "10 – I feel confident, and I help others feel confident too." in form
    response = client.post(
        record_url(person, "progress"),
        {**PROGRESS_ANSWERS, "measured_on": days_ago(30).isoformat()},
    )
    assert response.status_code == 302
    assert response.url == journey_url(person)
    record_check_in(
        caseworker, person, "progress", {**PROGRESS_ANSWERS, "confidence": 6}, days_ago(1)
    )
    saved = Measurement.objects.filter(person=person, item="confidence")
    assert [m.score for m in saved] == [3, 6]
    first = saved.first()
    assert (first.recorded_by, first.organisation, first.measured_on) == (
        caseworker,
        organisation,
        days_ago(30),
    )

    page = client.get(journey_url(person)).content.decode()
    assert "Check-in saved." in page
    assert "Confidence has gone from 3 to 6." in page
    assert "Motivation is the same as at the first check-in: 5." in page
    assert '<svg role="img"' in page and "Scores in order: 3, 6." in page
    assert "<caption" in page and "+3" in page
    assert "I can do most everyday things on my own." in page  # the meaning of 6
    assert "Not asked yet." in page  # the ONS questions


def test_it_shows_the_ons_questions_separately_with_the_acknowledgement(
    client, sign_in, person, caseworker
):
    sign_in(caseworker)
    form = client.get(record_url(person, "ons4")).content.decode()
    assert "Overall, how satisfied are you with your life nowadays?" in form
    assert "0 – Not at all" in form and "10 – Completely" in form
    assert "Office for National Statistics" in form
    record_check_in(caseworker, person, "ons4", ONS_ANSWERS, days_ago(60))
    record_check_in(caseworker, person, "ons4", {**ONS_ANSWERS, "anxiety": 3}, days_ago(2))
    page = client.get(journey_url(person)).content.decode()
    assert "Anxiety yesterday has gone from 8 to 3." in page
    assert "A lower score is better here, so this is an improvement." in page
    assert "Life satisfaction is the same as at the first check-in: 4." in page
    assert "Source: Office for National Statistics" in page
    assert "Open Government Licence" in page
    assert page.count("<svg") == 4


@pytest.mark.parametrize(
    "scale, data, message",
    [
        ("progress", {**PROGRESS_ANSWERS, "confidence": 11}, "Choose a score from 1 to 10"),
        ("progress", {**PROGRESS_ANSWERS, "confidence": 0}, "Choose a score from 1 to 10"),
        ("progress", {**PROGRESS_ANSWERS, "confidence": "lots"}, "Choose a score from 1 to 10"),
        ("ons4", {**ONS_ANSWERS, "anxiety": -1}, "Choose a score from 0 to 10"),
        ("ons4", {**ONS_ANSWERS, "anxiety": ""}, "Choose an answer for “Anxiety yesterday”"),
        (
            "progress",
            {k: v for k, v in PROGRESS_ANSWERS.items() if k != "motivation"},
            "Choose an answer for “Motivation”",
        ),
    ],
)
def test_it_explains_bad_answers(client, sign_in, person, caseworker, scale, data, message):
    sign_in(caseworker)
    response = client.post(
        record_url(person, scale), {**data, "measured_on": days_ago(1).isoformat()}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "measured_on, message",
    [
        ((timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "today or in the past"),
        ("", "Enter the date of the check-in"),
        ("31/02/2026", "Enter a real date"),
    ],
)
def test_it_explains_a_bad_date(client, sign_in, person, caseworker, measured_on, message):
    sign_in(caseworker)
    response = client.post(record_url(person, "ons4"), {**ONS_ANSWERS, "measured_on": measured_on})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def test_it_asks_again_which_questions_for_an_unknown_instrument(
    client, sign_in, person, caseworker
):
    sign_in(caseworker)
    response = client.get(record_url(person, "outcomes_star"))
    assert response.status_code == 200
    assert "Choose which questions to ask" in response.content.decode()
    posted = client.post(record_url(person, "nope"), ONS_ANSWERS)
    assert posted.status_code == 200
    assert not Measurement.objects.exists()


def test_it_writes_view_audit_rows(client, sign_in, person, caseworker):
    sign_in(caseworker)
    client.get(journey_url(person))
    client.get(record_url(person, "progress"))
    pages = [e.changes["page"] for e in entries_about(person).filter(action="person.viewed")]
    assert sorted(pages) == ["progress", "progress check-in"]


@pytest.mark.parametrize("url", [journey_url, record_url])
def test_it_gives_outsiders_a_404(client, sign_in, person, outsider, url):
    sign_in(outsider)
    assert client.get(url(person)).status_code == 404
    response = client.post(
        record_url(person, "ons4"), {**ONS_ANSWERS, "measured_on": days_ago(1).isoformat()}
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_it_gives_the_persons_mentor_a_404(client, sign_in, person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    sign_in(mentor)
    assert client.get(journey_url(person)).status_code == 404
    assert client.get(record_url(person, "progress")).status_code == 404
    response = client.post(
        record_url(person, "ons4"), {**ONS_ANSWERS, "measured_on": days_ago(1).isoformat()}
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_it_shows_the_progress_tab_to_caseworkers(client, sign_in, person, caseworker):
    sign_in(caseworker)
    page = client.get(journey_url(person)).content.decode()
    assert 'aria-current="page">Progress</a>' in page

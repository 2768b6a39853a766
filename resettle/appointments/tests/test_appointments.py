import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.appointments import actions
from resettle.appointments.models import Appointment
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import OrganisationFactory, involve, member
from resettle.timeline.models import Event


def list_url(person):
    return reverse("appointments:list", kwargs={"person_id": person.pk})


def add_url(person):
    return reverse("appointments:add", kwargs={"person_id": person.pk})


def outcome_url(appointment):
    return reverse(
        "appointments:outcome",
        kwargs={"person_id": appointment.person_id, "appointment_id": appointment.pk},
    )


def book(actor, person, *, days=0, hours=0, **fields):
    starts_at = timezone.now() + datetime.timedelta(days=days, hours=hours)
    fields = {"mode": "in_person", "purpose": "Housing assessment", **fields}
    return actions.book_appointment(actor, person, starts_at=starts_at, **fields)


def form_data(day, time="10:30", **fields):
    return {
        "date": day.isoformat() if isinstance(day, datetime.date) else day,
        "time": time,
        "mode": "phone",
        "purpose": "Benefits check",
        "place": "",
        "worker": "",
        "outcome": "",
        "outcome_note": "",
        **fields,
    }


@pytest.fixture
def mentor(person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    return mentor


def test_it_books_an_appointment(client, sign_in, person, caseworker, organisation):
    sign_in(caseworker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        add_url(person), form_data(tomorrow, "2:30pm", worker=str(caseworker.pk), place="Room 4")
    )
    assert response.status_code == 302
    appointment = person.appointments.get()
    assert timezone.localtime(appointment.starts_at).time() == datetime.time(14, 30)
    assert timezone.localdate(appointment.starts_at) == tomorrow
    assert (appointment.organisation, appointment.worker, appointment.outcome) == (
        organisation,
        caseworker,
        "",
    )
    entry = entries_about(person).get(action="appointment.booked")
    assert entry.actor == caseworker
    assert entry.changes["record_id"] == str(appointment.pk)
    event = person.events.get()
    assert (event.kind, event.title) == (Event.Kind.APPOINTMENT, "Appointment booked")
    page = client.get(list_url(person)).content.decode()
    assert "Appointment booked." in page
    assert "Benefits check" in page
    assert "Booked" in page


def test_it_records_a_contact_that_just_happened_in_one_step(client, sign_in, person, caseworker):
    sign_in(caseworker)
    form = client.get(add_url(person), {"now": "1"})
    assert form.status_code == 200
    assert form.context["form"]["outcome"].value() == "attended"
    now = timezone.localtime() - datetime.timedelta(minutes=1)
    response = client.post(
        add_url(person),
        form_data(now.date(), now.strftime("%H:%M"), outcome="attended", outcome_note="Rang."),
    )
    assert response.status_code == 302
    appointment = person.appointments.get()
    assert (appointment.outcome, appointment.outcome_note) == ("attended", "Rang.")
    person.refresh_from_db()
    assert person.last_contact_on == now.date()
    assert entries_about(person).filter(action="appointment.booked").count() == 1
    assert entries_about(person).filter(action="appointment.outcome_recorded").count() == 1
    assert list(person.events.values_list("title", flat=True)) == ["Attended an appointment"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"date": ""}, "Enter the date of the appointment"),
        ({"date": "31/02/2026"}, "Enter the date as day, month and year"),
        ({"date": "yesterday"}, "Enter the date as day, month and year"),
        ({"date": "01/01/3000"}, "The date must be within the next 2 years"),
        ({"date": "01/01/1999"}, "The date must be within the last year"),
        ({"time": ""}, "Enter the time of the appointment"),
        ({"time": "25:99"}, "Enter a real time"),
        ({"mode": "carrier pigeon"}, "Choose in person, phone or video"),
        ({"purpose": ""}, "Enter what the appointment is for"),
        ({"purpose": "x" * 201}, "200 characters or fewer"),
        ({"worker": "not-a-number"}, "Choose someone from the list"),
        ({"outcome": "teleported"}, "Choose whether it has happened yet"),
        ({"outcome": "attended"}, "has not started yet"),
    ],
)
def test_it_explains_bad_booking_input(client, sign_in, person, caseworker, fields, message):
    sign_in(caseworker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(add_url(person), {**form_data(tomorrow), **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_it_refuses_a_worker_from_another_organisation(client, sign_in, person, caseworker):
    stranger = member(OrganisationFactory(), Role.CASEWORKER)
    sign_in(caseworker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(add_url(person), form_data(tomorrow, worker=str(stranger.pk)))
    assert "Choose someone from the list" in response.content.decode()
    assert not Appointment.objects.exists()


def test_it_asks_what_happened_for_a_past_date(client, sign_in, person, caseworker):
    sign_in(caseworker)
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    response = client.post(add_url(person), form_data(last_week))
    assert "That date has passed" in response.content.decode()


def test_it_records_an_outcome_and_updates_last_contact(client, sign_in, person, caseworker):
    appointment = book(caseworker, person, days=-3)
    sign_in(caseworker)
    assert client.get(outcome_url(appointment)).status_code == 200
    response = client.post(outcome_url(appointment), {"outcome": "late", "note": "20 mins"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.outcome, appointment.recorded_by) == ("late", caseworker)
    person.refresh_from_db()
    assert person.last_contact_on == timezone.localdate(appointment.starts_at)
    entry = entries_about(person).get(action="appointment.outcome_recorded")
    assert entry.changes["outcome"] == {"old": "", "new": "late"}
    event = person.events.get(title="Attended an appointment late")
    assert event.at == appointment.starts_at


def test_it_never_moves_last_contact_backwards(person, caseworker):
    recent = book(caseworker, person, days=-1)
    older = book(caseworker, person, days=-10)
    actions.record_outcome(caseworker, recent, outcome="attended")
    actions.record_outcome(caseworker, older, outcome="attended")
    person.refresh_from_db()
    assert person.last_contact_on == timezone.localdate(recent.starts_at)


def test_it_does_not_count_a_missed_appointment_as_contact(person, caseworker):
    appointment = book(caseworker, person, days=-1)
    actions.record_outcome(caseworker, appointment, outcome="did_not_attend")
    person.refresh_from_db()
    assert person.last_contact_on is None


def test_it_keeps_the_previous_outcome_when_corrected(client, sign_in, person, caseworker):
    earlier = book(caseworker, person, days=-8)
    appointment = book(caseworker, person, days=-2)
    actions.record_outcome(caseworker, earlier, outcome="attended")
    actions.record_outcome(caseworker, appointment, outcome="attended", note="Came in")
    sign_in(caseworker)
    page = client.get(outcome_url(appointment)).content.decode()
    assert "already been recorded" in page
    response = client.post(
        outcome_url(appointment),
        {"outcome": "did_not_attend", "note": "Wrong person", "seen_outcome": "attended"},
    )
    assert response.status_code == 302
    entry = entries_about(person).get(action="appointment.outcome_corrected")
    assert entry.changes["outcome"] == {"old": "attended", "new": "did_not_attend"}
    assert entry.changes["outcome_note"] == {"old": "Came in", "new": "Wrong person"}
    person.refresh_from_db()
    # The corrected contact no longer counts; the earlier real one does.
    assert person.last_contact_on == timezone.localdate(earlier.starts_at)


def test_it_refuses_an_outcome_someone_else_changed_meanwhile(
    client, sign_in, person, caseworker, manager
):
    appointment = book(caseworker, person, days=-1)
    actions.record_outcome(manager, appointment, outcome="did_not_happen")
    sign_in(caseworker)
    response = client.post(
        outcome_url(appointment), {"outcome": "attended", "note": "Mine", "seen_outcome": ""}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert "Mine" in html
    appointment.refresh_from_db()
    assert appointment.outcome == "did_not_happen"


def test_it_will_not_record_an_outcome_before_the_appointment_starts(
    client, sign_in, person, caseworker
):
    appointment = book(caseworker, person, days=2)
    sign_in(caseworker)
    page = client.get(outcome_url(appointment))
    assert page.status_code == 200
    assert "has not started yet" in page.content.decode()
    response = client.post(outcome_url(appointment), {"outcome": "attended"})
    assert response.status_code == 409
    assert "has not started yet" in response.content.decode()
    with pytest.raises(actions.NotStartedYet):
        actions.record_outcome(caseworker, appointment, outcome="attended")
    appointment.refresh_from_db()
    assert appointment.outcome == ""


@pytest.mark.parametrize(
    "data", [{}, {"outcome": "maybe"}, {"outcome": "attended", "seen_outcome": "perhaps"}]
)
def test_it_explains_bad_outcome_input(client, sign_in, person, caseworker, data):
    appointment = book(caseworker, person, days=-1)
    sign_in(caseworker)
    response = client.post(outcome_url(appointment), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.outcome == ""


def test_it_lists_upcoming_and_past_with_outcome_tags(client, sign_in, person, caseworker):
    book(caseworker, person, days=3, purpose="Job centre")
    missed = book(caseworker, person, days=-3, purpose="GP registration")
    actions.record_outcome(caseworker, missed, outcome="did_not_attend")
    book(caseworker, person, days=-1, purpose="Probation check-in")
    sign_in(caseworker)
    response = client.get(list_url(person))
    assert [a.purpose for a in response.context["upcoming"]] == ["Job centre"]
    assert [a.purpose for a in response.context["past"]] == [
        "Probation check-in",
        "GP registration",
    ]
    html = response.content.decode()
    assert "Did not attend" in html
    assert "Outcome not recorded" in html
    assert "Record what happened" in html
    assert client.get(list_url(person), {"page": "banana"}).status_code == 200


def test_it_shows_a_mentor_only_their_own_appointments_read_only(
    client, sign_in, person, caseworker, mentor
):
    book(caseworker, person, days=2, purpose="Mentoring session", worker=mentor)
    book(caseworker, person, days=2, purpose="Probation appointment")
    sign_in(mentor)
    response = client.get(list_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mentoring session" in html
    assert "Probation appointment" not in html
    assert "Book an appointment" not in html
    assert client.get(add_url(person)).status_code == 404
    mine = person.appointments.get(worker=mentor)
    assert client.post(outcome_url(mine), {"outcome": "attended"}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.record_outcome(mentor, mine, outcome="attended")


def test_it_gives_outsiders_a_404(client, sign_in, person, caseworker, outsider):
    appointment = book(caseworker, person, days=-1)
    sign_in(outsider)
    assert client.get(list_url(person)).status_code == 404
    assert client.get(add_url(person)).status_code == 404
    assert client.post(add_url(person), form_data(timezone.localdate())).status_code == 404
    assert client.post(outcome_url(appointment), {"outcome": "attended"}).status_code == 404
    with pytest.raises(PermissionDenied):
        book(outsider, person, days=1)


def test_it_gives_a_404_for_another_persons_appointment(client, sign_in, person, caseworker):
    from resettle.testing.factories import person_with

    other = person_with(person.involvements.get().organisation, caseworker)
    appointment = book(caseworker, other, days=-1)
    sign_in(caseworker)
    url = reverse(
        "appointments:outcome",
        kwargs={"person_id": person.pk, "appointment_id": appointment.pk},
    )
    assert client.get(url).status_code == 404


def test_it_records_who_viewed_the_appointment_pages(client, sign_in, person, caseworker):
    appointment = book(caseworker, person, days=-1)
    sign_in(caseworker)
    client.get(list_url(person))
    client.get(add_url(person))
    client.get(outcome_url(appointment))
    pages = [
        entry.changes["page"] for entry in entries_about(person).filter(action="person.viewed")
    ]
    assert sorted(pages) == ["appointment outcome", "appointments", "book an appointment"]


def test_it_leaves_the_persons_version_alone(person, caseworker):
    version = Person.records.get(pk=person.pk).version
    appointment = book(caseworker, person, days=-1)
    actions.record_outcome(caseworker, appointment, outcome="attended")
    assert Person.records.get(pk=person.pk).version == version

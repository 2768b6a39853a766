import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.custody import actions
from resettle.custody.models import Movement
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.places.models import Prison
from resettle.testing.factories import involve, member
from resettle.timeline.models import Event

TODAY = timezone.localdate


@pytest.fixture
def brixton(db):
    return Prison.objects.get(name__icontains="Brixton")


@pytest.fixture
def pentonville(db):
    return Prison.objects.get(name__icontains="Pentonville")


@pytest.fixture
def at_brixton(person, brixton):
    person.current_prison = brixton
    person.save()
    return person


def urls(person):
    kwargs = {"person_id": person.pk}
    return {
        "movements": reverse("custody:movements", kwargs=kwargs),
        "edit": reverse("custody:edit", kwargs=kwargs),
        "record": reverse("custody:record", kwargs=kwargs),
    }


def mentor_of(person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    return mentor


# --- Who may reach the pages ---------------------------------------------------------------


@pytest.mark.parametrize("page", ["movements", "edit", "record"])
def test_it_shows_each_page_to_the_caseworker_and_records_the_view(
    sign_in, caseworker, at_brixton, page
):
    response = sign_in(caseworker).get(urls(at_brixton)[page])
    assert response.status_code == 200
    assert entries_about(at_brixton).filter(action="person.viewed", actor=caseworker).exists()


@pytest.mark.parametrize("page", ["movements", "edit", "record"])
def test_it_lets_an_intake_worker_in(sign_in, organisation, person, page):
    intake = member(organisation, Role.INTAKE)
    assert sign_in(intake).get(urls(person)[page]).status_code == 200


@pytest.mark.parametrize("page", ["movements", "edit", "record"])
def test_it_hides_every_page_from_an_outsider(sign_in, outsider, person, page):
    client = sign_in(outsider)
    assert client.get(urls(person)[page]).status_code == 404
    assert client.post(urls(person)[page], {}).status_code in {404, 405}


@pytest.mark.parametrize("page", ["movements", "edit", "record"])
def test_it_hides_every_page_from_a_mentor_and_an_administrator(
    sign_in, organisation, person, administrator, page
):
    mentor = mentor_of(person, organisation)
    for user in (mentor, administrator):
        client = sign_in(user)
        assert client.get(urls(person)[page]).status_code == 404
        assert client.post(urls(person)[page], {}).status_code in {404, 405}


def test_it_sends_anonymous_visitors_to_sign_in(client, person):
    response = client.get(urls(person)["movements"])
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


# --- The summary and history ---------------------------------------------------------------


def test_it_summarises_custody_and_lists_movements_newest_first(
    sign_in, caseworker, at_brixton, brixton, pentonville
):
    at_brixton.sentence_band = Person.SentenceBand.UNDER_12_MONTHS
    at_brixton.save()
    Movement.objects.create(
        person=at_brixton, kind="received", on=TODAY() - datetime.timedelta(days=90), prison=brixton
    )
    Movement.objects.create(
        person=at_brixton,
        kind="transferred",
        on=TODAY() - datetime.timedelta(days=9),
        prison=pentonville,
    )
    page = sign_in(caseworker).get(urls(at_brixton)["movements"]).content.decode()
    assert "Short sentence" in page
    assert "Under 12 months" in page
    assert "Conditional release (on licence)" in page
    assert page.index("Transferred") < page.index("Received into custody")
    assert reverse("custody:edit", kwargs={"person_id": at_brixton.pk}) in page


# --- Editing sentence and release details --------------------------------------------------


def test_it_saves_sentence_and_release_details(sign_in, caseworker, at_brixton):
    new_date = TODAY() + datetime.timedelta(weeks=20)
    response = sign_in(caseworker).post(
        urls(at_brixton)["edit"],
        {
            "version": at_brixton.version,
            "sentence_band": "under_12_months",
            "release_date": new_date.isoformat(),
            "release_type": "hdc",
        },
    )
    assert response.status_code == 302
    at_brixton.refresh_from_db()
    assert (at_brixton.sentence_band, at_brixton.release_date, at_brixton.release_type) == (
        "under_12_months",
        new_date,
        "hdc",
    )
    assert at_brixton.version == 2
    audit = entries_about(at_brixton).get(action="custody.updated")
    assert audit.changes["sentence_band"] == {"old": "1_to_4_years", "new": "under_12_months"}
    assert audit.changes["release_date"]["new"] == new_date.isoformat()
    assert at_brixton.events.filter(kind=Event.Kind.CUSTODY).exists()


def test_it_accepts_a_british_date_typed_by_hand(sign_in, caseworker, at_brixton):
    response = sign_in(caseworker).post(
        urls(at_brixton)["edit"],
        {"version": 1, "sentence_band": "", "release_date": "03/04/2030", "release_type": ""},
    )
    assert response.status_code == 302
    at_brixton.refresh_from_db()
    assert at_brixton.release_date == datetime.date(2030, 4, 3)
    assert at_brixton.release_type == ""


def test_it_shows_the_saved_release_date_in_the_date_box(sign_in, caseworker, at_brixton):
    # An <input type="date"> shows only an ISO date; any other value shows an empty box, and
    # saving that would clear the release date.
    at_brixton.release_date = datetime.date(2030, 4, 3)
    at_brixton.save()
    response = sign_in(caseworker).get(urls(at_brixton)["edit"])
    assert 'value="2030-04-03"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"release_date": "31/02/2026"}, "Enter a real date"),
        ({"release_date": "1980-01-01"}, "after their date of birth"),
        ({"release_date": "0099-01-01"}, "after 1 January 1900"),
        ({"sentence_band": "forever"}, "Select a sentence length from the list"),
        ({"release_type": "escape"}, "Select a release type from the list"),
        ({"version": "x"}, "version number was not valid"),
    ],
)
def test_it_explains_bad_input_on_the_edit_page(sign_in, caseworker, at_brixton, data, message):
    posted = {"version": 1, "sentence_band": "", "release_date": "", "release_type": ""} | data
    response = sign_in(caseworker).post(urls(at_brixton)["edit"], posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    at_brixton.refresh_from_db()
    assert at_brixton.version == 1


def test_it_refuses_a_future_release_date_once_released(sign_in, caseworker, person):
    person.custody_status = Person.Custody.IN_COMMUNITY
    person.release_date = TODAY() - datetime.timedelta(days=3)
    person.save()
    response = sign_in(caseworker).post(
        urls(person)["edit"],
        {
            "version": 1,
            "sentence_band": "",
            "release_date": (TODAY() + datetime.timedelta(days=3)).isoformat(),
            "release_type": "",
        },
    )
    assert response.status_code == 200
    assert "already been released" in response.content.decode()


def test_it_refuses_an_edit_based_on_an_old_version_and_keeps_what_was_typed(
    sign_in, caseworker, manager, at_brixton
):
    actions.update_custody(manager, at_brixton, {"sentence_band": "over_10_years"}, 1)
    response = sign_in(caseworker).post(
        urls(at_brixton)["edit"],
        {"version": 1, "sentence_band": "remand", "release_date": "", "release_type": "remand"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this" in page
    assert "Over 10 years" in page  # what is saved now
    assert 'value="remand" checked' in page  # what they typed
    assert 'name="version" value="2"' in page
    at_brixton.refresh_from_db()
    assert at_brixton.sentence_band == "over_10_years"


def test_it_does_not_audit_an_edit_that_changes_nothing(caseworker, at_brixton):
    actions.update_custody(
        caseworker,
        at_brixton,
        {
            "sentence_band": at_brixton.sentence_band,
            "release_date": at_brixton.release_date,
            "release_type": at_brixton.release_type,
        },
        1,
    )
    assert not entries_about(at_brixton).filter(action="custody.updated").exists()


def test_it_refuses_custody_changes_from_someone_without_casework_access(outsider, person):
    with pytest.raises(PermissionDenied):
        actions.update_custody(outsider, person, {"sentence_band": "remand"}, 1)
    with pytest.raises(PermissionDenied):
        actions.record_movement(outsider, person, {"kind": "released", "on": TODAY()})


# --- Recording movements -------------------------------------------------------------------


def test_it_records_a_transfer_and_keeps_the_whole_record(
    sign_in, caseworker, at_brixton, pentonville
):
    response = sign_in(caseworker).post(
        urls(at_brixton)["record"],
        {"kind": "transferred", "on": TODAY().isoformat(), "prison": pentonville.pk},
    )
    assert response.status_code == 302
    at_brixton.refresh_from_db()
    assert at_brixton.current_prison == pentonville
    assert at_brixton.in_custody
    assert at_brixton.release_date is not None  # the expected date is unchanged
    assert at_brixton.version == 2
    movement = at_brixton.movements.get()
    assert (movement.kind, movement.prison, movement.recorded_by) == (
        "transferred",
        pentonville,
        caseworker,
    )
    audit = entries_about(at_brixton).get(action="custody.transferred")
    assert audit.changes["record_id"] == str(movement.pk)
    assert audit.organisation is not None
    event = at_brixton.events.get(kind=Event.Kind.CUSTODY)
    assert "Pentonville" in event.title


def test_it_records_a_release_with_its_actual_date_and_type(
    sign_in, caseworker, at_brixton, brixton
):
    released_on = TODAY() - datetime.timedelta(days=1)
    response = sign_in(caseworker).post(
        urls(at_brixton)["record"],
        {"kind": "released", "on": released_on.isoformat(), "release_type": "hdc"},
    )
    assert response.status_code == 302
    at_brixton.refresh_from_db()
    assert at_brixton.custody_status == Person.Custody.IN_COMMUNITY
    assert at_brixton.current_prison is None
    assert (at_brixton.release_date, at_brixton.release_type) == (released_on, "hdc")
    movement = at_brixton.movements.get()
    assert movement.prison == brixton  # the prison they left
    assert entries_about(at_brixton).filter(action="custody.released").exists()


def test_it_records_a_recall_and_clears_the_old_release(caseworker, person, pentonville):
    person.custody_status = Person.Custody.IN_COMMUNITY
    person.current_prison = None
    person.release_date = TODAY() - datetime.timedelta(days=60)
    person.save()
    actions.record_movement(
        caseworker, person, {"kind": "recalled", "on": TODAY(), "prison": pentonville}
    )
    person.refresh_from_db()
    assert person.in_custody
    assert person.current_prison == pentonville
    assert person.release_date is None
    assert person.release_type == ""
    assert Event.objects.filter(person=person, title__contains="Recalled").exists()


def test_it_receives_someone_whose_prison_was_not_recorded(caseworker, person, brixton):
    assert person.in_custody and person.current_prison is None
    expected = person.release_date
    actions.record_movement(
        caseworker, person, {"kind": "received", "on": TODAY(), "prison": brixton}
    )
    person.refresh_from_db()
    assert person.current_prison == brixton
    assert person.release_date == expected


@pytest.mark.parametrize(
    ("in_custody", "data", "field_message"),
    [
        (False, {"kind": "released", "release_type": "hdc"}, "already in the community"),
        (False, {"kind": "transferred", "prison": "brixton"}, "cannot be transferred"),
        (True, {"kind": "recalled", "prison": "pentonville"}, "already in custody"),
        (True, {"kind": "received", "prison": "pentonville"}, "choose transferred"),
        (True, {"kind": "transferred", "prison": "brixton"}, "already at"),
        (True, {"kind": "transferred"}, "Select the prison they were transferred to"),
        (True, {"kind": "released"}, "Select the type of release"),
        (False, {"kind": "returned"}, "Select the prison they went to"),
        (True, {"kind": "escaped"}, "Select what happened"),
        (True, {}, "Select what happened"),
    ],
)
def test_it_explains_movements_that_do_not_fit(
    sign_in, caseworker, at_brixton, brixton, pentonville, in_custody, data, field_message
):
    if not in_custody:
        at_brixton.custody_status = Person.Custody.IN_COMMUNITY
        at_brixton.current_prison = None
        at_brixton.save()
    prisons = {"brixton": brixton.pk, "pentonville": pentonville.pk}
    if "prison" in data:
        data = data | {"prison": prisons[data["prison"]]}
    response = sign_in(caseworker).post(
        urls(at_brixton)["record"], {"on": TODAY().isoformat()} | data
    )
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not at_brixton.movements.exists()


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("tomorrow", "today or in the past"),
        ("1985-01-01", "after their date of birth"),
        ("", "Enter the date it happened"),
        ("yesterday-ish", "Enter a real date"),
    ],
)
def test_it_checks_the_movement_date(sign_in, caseworker, at_brixton, on, message):
    if on == "tomorrow":
        on = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = sign_in(caseworker).post(
        urls(at_brixton)["record"], {"kind": "released", "on": on, "release_type": "hdc"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not at_brixton.movements.exists()


def test_it_refuses_a_movement_dated_before_the_last_one(caseworker, at_brixton, pentonville):
    actions.record_movement(
        caseworker, at_brixton, {"kind": "transferred", "on": TODAY(), "prison": pentonville}
    )
    with pytest.raises(ValidationError) as refused:
        actions.record_movement(
            caseworker,
            at_brixton,
            {"kind": "released", "on": TODAY() - datetime.timedelta(days=5), "release_type": "hdc"},
        )
    assert "last recorded movement" in str(refused.value)


def test_it_refuses_a_second_release_recorded_from_a_page_loaded_before_the_first(
    caseworker, manager, at_brixton
):
    data = {"kind": "released", "on": TODAY(), "release_type": "end_of_sentence"}
    stale_copy = Person.records.get(pk=at_brixton.pk)
    actions.record_movement(manager, at_brixton, data)
    with pytest.raises(ValidationError):
        actions.record_movement(caseworker, stale_copy, data)
    assert at_brixton.movements.count() == 1
    assert AuditEntry.objects.filter(action="custody.released").count() == 1

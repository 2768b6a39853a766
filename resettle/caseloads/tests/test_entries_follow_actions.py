"""Every action that changes what caseloads show keeps the person's caseload entries in step:
after each one, the stored entry is exactly what refreshing it now would write."""

import datetime

import pytest
from django.utils import timezone

from resettle.appointments.actions import book_appointment
from resettle.caseloads.entries import values_for
from resettle.custody.actions import record_movement
from resettle.needs.actions import add_needs, update_need
from resettle.people.actions import update_person_details
from resettle.people.models import Involvement, Person
from resettle.testing.factories import need


def assert_in_step(person):
    person = Person.records.get(pk=person.pk)
    expected = values_for(person)
    for entry in Involvement.objects.filter(person=person):
        assert {name: getattr(entry, name) for name in expected} == expected


@pytest.mark.django_db
def test_it_keeps_entries_in_step_through_a_persons_casework(person, caseworker):
    assert_in_step(person)

    (housing,) = add_needs(caseworker, person, support_needs=[need("find-accommodation")])
    assert Involvement.objects.get(person=person).no_accommodation
    assert_in_step(person)

    update_need(
        caseworker,
        housing,
        {"status": "met", "side": "prison", "on": timezone.localdate(), "note": "Hostel place"},
        housing.version,
    )
    assert not Involvement.objects.get(person=person).no_accommodation
    assert_in_step(person)

    # An hour ago is yesterday in the first hour after midnight: compare with its own day.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    book_appointment(
        caseworker,
        person,
        starts_at=an_hour_ago,
        mode="phone",
        purpose="Check in",
        outcome="attended",
    )
    assert Involvement.objects.get(person=person).last_contact_on == timezone.localdate(an_hour_ago)
    assert_in_step(person)

    person.refresh_from_db()
    data = {
        field: getattr(person, field)
        for field in (
            "given_name",
            "family_name",
            "date_of_birth",
            "prison_number",
            "pnc_id",
            "phone",
            "email",
            "address",
            "home_borough",
            "preferred_language",
            "interpreter_needed",
            "communication_needs",
            "communication_notes",
        )
    } | {"family_name": "Okafor", "other_names": []}
    update_person_details(caseworker, person, data, person.version)
    assert Involvement.objects.get(person=person).name_key == "okafor jordan"
    assert_in_step(person)

    record_movement(
        caseworker,
        person,
        {"kind": "released", "on": timezone.localdate(), "release_type": "conditional_release"},
    )
    assert not Involvement.objects.get(person=person).in_custody
    assert_in_step(person)

import datetime

import pytest
from django.utils import timezone

from resettle.caseloads.flags import FLAGS, FLAGS_BY_KEY, any_flag, raised_flags, with_flags
from resettle.people.models import Person
from resettle.testing.factories import PersonFactory, add_need

pytestmark = pytest.mark.django_db


def flag_keys(person):
    annotated = with_flags(Person.records.filter(pk=person.pk)).get()
    return {flag.key for flag in raised_flags(annotated)}


def settled_person(**fields):
    """Someone with everything in place: no flag raised."""
    defaults = {
        "last_contact_on": timezone.localdate(),
        "needs_assessed_on": timezone.localdate(),
        "sentence_band": "1_to_4_years",
    }
    return PersonFactory(**(defaults | fields))


def test_it_raises_no_flag_when_everything_is_in_place():
    assert flag_keys(settled_person()) == set()


def test_it_flags_no_provider_contact_until_a_contact_is_recorded():
    person = settled_person(last_contact_on=None)
    assert flag_keys(person) == {"no_contact"}
    person.last_contact_on = datetime.date(2026, 1, 5)
    person.save()
    assert flag_keys(person) == set()


@pytest.mark.parametrize("code", ["release-day-accommodation", "find-accommodation"])
def test_it_flags_nowhere_to_live_while_an_accommodation_need_is_open(code):
    person = settled_person()
    need = add_need(person, code, status="in_progress")
    assert flag_keys(person) == {"no_accommodation"}
    need.status = "met"
    need.save()
    assert flag_keys(person) == set()


def test_it_does_not_flag_nowhere_to_live_for_other_accommodation_needs():
    person = settled_person()
    add_need(person, "rent-arrears")
    assert flag_keys(person) == set()


@pytest.mark.parametrize(
    ("code", "key"), [("id-documents", "no_id"), ("bank-account", "no_bank_account")]
)
def test_it_flags_id_and_bank_account_while_the_need_is_open(code, key):
    person = settled_person()
    need = add_need(person, code)
    assert flag_keys(person) == {key}
    need.status = "declined"
    need.save()
    assert flag_keys(person) == set()


def test_it_flags_short_sentences_only():
    assert flag_keys(settled_person(sentence_band="under_12_months")) == {"short_sentence"}
    assert flag_keys(settled_person(sentence_band="over_10_years")) == set()
    assert flag_keys(settled_person(sentence_band="")) == set()


def test_it_flags_needs_not_assessed_unless_no_needs_were_identified():
    assert flag_keys(settled_person(needs_assessed_on=None)) == {"not_assessed"}
    assert flag_keys(settled_person(needs_assessed_on=None, no_needs_identified=True)) == set()


def test_it_finds_anyone_with_any_flag():
    calm = settled_person()
    flagged = settled_person(sentence_band="under_12_months")
    needy = settled_person()
    add_need(needy, "bank-account")
    found = set(Person.records.filter(any_flag()).filter(pk__in=[calm.pk, flagged.pk, needy.pk]))
    assert found == {flagged, needy}


def test_it_defines_each_flag_once():
    assert len(FLAGS_BY_KEY) == len(FLAGS) == 6

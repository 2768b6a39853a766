import datetime

import pytest
from django.utils import timezone

from resettle.caseloads.entries import refresh, refresh_all
from resettle.caseloads.flags import FLAGS, FLAGS_BY_KEY, any_flag, raised_flags
from resettle.people.models import Involvement
from resettle.testing.factories import OrganisationFactory, PersonFactory, add_need, involve

pytestmark = pytest.mark.django_db


def entry(person):
    # Changes below are made straight to the models, so bring the entry in step as the
    # actions do.
    refresh(person)
    return Involvement.objects.get(person=person)


def flag_keys(person):
    return {flag.key for flag in raised_flags(entry(person))}


def settled_person(**fields):
    """Someone with everything in place: no flag raised."""
    defaults = {
        "last_contact_on": timezone.localdate(),
        "needs_assessed_on": timezone.localdate(),
        "sentence_band": "1_to_4_years",
    }
    person = PersonFactory(**(defaults | fields))
    involve(person, OrganisationFactory())
    return person


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
    settled_person()  # no flags: not found
    flagged = settled_person(sentence_band="under_12_months")
    needy = settled_person()
    add_need(needy, "bank-account")
    found = {e.person for e in Involvement.objects.filter(any_flag()).select_related("person")}
    assert found == {flagged, needy}


def test_it_rebuilds_every_entry_exactly_as_refreshing_each_person_does():
    people = [
        settled_person(),
        settled_person(sentence_band="under_12_months", last_contact_on=None),
        settled_person(needs_assessed_on=None, custody_status="in_community"),
    ]
    add_need(people[0], "find-accommodation")
    add_need(people[1], "id-documents", status="met")
    expected = {e.pk: fields(e) for p in people for e in [entry(p)]}
    Involvement.objects.update(name_key="", no_accommodation=False, short_sentence=False)
    assert refresh_all() == 3
    assert {e.pk: fields(e) for e in Involvement.objects.all()} == expected


def fields(entry):
    return {
        name: getattr(entry, name)
        for name in (
            "name_key",
            "in_custody",
            "release_date",
            "prison_id",
            "home_borough_id",
            "last_contact_on",
            "short_sentence",
            "not_assessed",
            "no_accommodation",
            "no_id",
            "no_bank_account",
        )
    }


def test_it_defines_each_flag_once():
    assert len(FLAGS_BY_KEY) == len(FLAGS) == 6

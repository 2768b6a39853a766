import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction

from resettle.accounts.models import Role
from resettle.casenotes.models import CaseNote
from resettle.equality.models import EqualityMonitoring
from resettle.needs.models import NeedUpdate
from resettle.people import actions
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    add_need,
    involve,
    member,
    person_with,
)
from resettle.timeline.models import Event
from resettle.timeline.record import add_event


@pytest.fixture
def duplicate(organisation, other_organisation):
    duplicate = person_with(
        organisation,
        given_name="Jordan",
        family_name="Reyes-Smith",
        prison_number="Z1234ZZ",
        pnc_id="2012/0123456X",
        phone="07700 900982",
        communication_needs=["hearing"],
        sex="male",
    )
    involve(duplicate, other_organisation, "supporting")
    return duplicate


def person_tables():
    """Every table with a foreign key (or one-to-one) to Person, and the field."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person and model is not Person:
                yield model, field.name


def counts():
    return {model._meta.label: model._base_manager.count() for model, _ in person_tables()}


def fill(person, worker, organisation, *, equality):
    need = add_need(person, _a_support_need(), "in_progress")
    NeedUpdate.objects.create(need=need, status="in_progress", side="prison", note="Phoned council")
    CaseNote.objects.create(person=person, **_note_fields(worker, organisation))
    with transaction.atomic():
        add_event(person, Event.Kind.NOTE, "Note", actor=worker, organisation=organisation)
    EqualityMonitoring.objects.create(person=person, **equality)
    person.other_names.create(given_name="J", family_name="R")


def _a_support_need():
    from resettle.taxonomy.models import TaxonomyTerm

    return TaxonomyTerm.objects.needs().filter(parent__isnull=False).order_by("code").first().code


def _note_fields(worker, organisation):
    fields = {}
    for field in CaseNote._meta.concrete_fields:
        if field.name in ("id", "person") or field.has_default() or field.null:
            continue
        if field.is_relation:
            fields[field.name] = worker if field.related_model is type(worker) else organisation
        elif field.get_internal_type() in ("TextField", "CharField"):
            fields[field.name] = field.choices[0][0] if field.choices else "Met at the gate"
    return fields


def test_it_merges_losing_nothing(person, duplicate, caseworker, manager, organisation):
    fill(person, caseworker, organisation, equality={"ethnicity": "", "sex": "female"})
    fill(duplicate, caseworker, organisation, equality={"ethnicity": "white_irish", "sex": "male"})
    survivor_need = person.needs.get()
    before = counts()
    duplicate_updates = NeedUpdate.objects.filter(need__person=duplicate).count()

    actions.merge_people(manager, person, duplicate)

    after = counts()
    # The clashing need and the second set of equality answers are combined, nothing else goes.
    assert after.pop("needs.Need") == before.pop("needs.Need") - 1
    assert after.pop("equality.EqualityMonitoring") == before.pop("equality.EqualityMonitoring") - 1
    # Added: the duplicate's name as an other name, and the timeline entry about the merge.
    assert after.pop("people.OtherName") == before.pop("people.OtherName") + 1
    assert after.pop("timeline.Event") == before.pop("timeline.Event") + 1
    assert after == before
    for model, field in person_tables():
        assert not model._base_manager.filter(**{field: duplicate}).exists(), model
    assert survivor_need.updates.count() == 1 + duplicate_updates

    person.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == person
    assert person.pnc_id == "2012/0123456X" and person.phone == "07700 900982"
    assert person.prison_number != "Z1234ZZ"  # the survivor's own is kept
    assert "reyes-smith jordan" in person.other_names.values_list("name_key", flat=True)
    assert person.communication_needs == ["hearing"]
    assert person.sex == "male"  # filled from the duplicate, never from equality answers
    answers = person.equality
    assert (answers.sex, answers.ethnicity) == ("female", "white_irish")
    assert person.involvements.count() == 3

    entry = entries_about(person).get(action="person.merged")
    assert entry.changes["duplicate"]["prison_number"] == "Z1234ZZ"
    assert entry.changes["duplicate"]["sex"] == "male"
    assert entry.changes["filled_from_duplicate"]["sex"] == "male"
    assert entry.changes["combined"]["needs.need"][0]["removed_need_status"] == "in_progress"
    assert (
        entry.changes["combined"]["equality.equalitymonitoring"]["duplicate_values"]["sex"]
        == "male"
    )
    assert entries_about(duplicate).filter(action="person.merged_into").exists()
    assert person.events.filter(title="Merged with a duplicate record").exists()


def test_it_moves_the_equality_answers_when_the_survivor_has_none(person, duplicate, manager):
    EqualityMonitoring.objects.create(person=duplicate, sex="male")
    actions.merge_people(manager, person, duplicate)
    assert EqualityMonitoring.objects.get(person=person).sex == "male"


def test_it_repoints_records_merged_earlier_into_the_duplicate(person, duplicate, manager):
    earlier = PersonFactory(merged_into=duplicate)
    actions.merge_people(manager, person, duplicate)
    earlier.refresh_from_db()
    assert earlier.merged_into == person


def test_it_lets_only_managers_working_with_both_or_administrators_merge(
    person, duplicate, caseworker, outsider, administrator, organisation
):
    unrelated = PersonFactory()
    with pytest.raises(PermissionDenied):
        actions.merge_people(caseworker, person, duplicate)
    with pytest.raises(PermissionDenied):
        actions.merge_people(outsider, person, duplicate)  # manages only the duplicate's org
    manager = member(organisation, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        actions.merge_people(manager, person, unrelated)
    actions.merge_people(administrator, person, duplicate)


def test_it_merges_through_the_pages(client, sign_in, person, duplicate, manager):
    sign_in(manager)
    url = f"/people/{person.pk}/merge/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.status_code == 200
    found = client.get(url, {"q": "z1234zz"})
    assert f"?duplicate={duplicate.pk}" in found.text
    side_by_side = client.get(url, {"duplicate": duplicate.pk})
    assert "Z1234ZZ" in side_by_side.text and person.prison_number in side_by_side.text
    assert entries_about(duplicate).filter(action="person.viewed").exists()
    refused = client.post(url, {"duplicate": duplicate.pk})
    assert refused.status_code == 400
    assert "Confirm these records are the same person" in refused.text
    done = client.post(url, {"duplicate": duplicate.pk, "confirm": "on"})
    assert done.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == person


def test_it_does_not_offer_records_the_manager_cannot_merge(client, sign_in, person, manager):
    elsewhere = PersonFactory(prison_number="Q1234QQ")
    involve(elsewhere, OrganisationFactory())
    sign_in(manager)
    url = f"/people/{person.pk}/merge/"
    assert f"?duplicate={elsewhere.pk}" not in client.get(url, {"q": "Q1234QQ"}).text
    assert client.get(url, {"duplicate": elsewhere.pk}).status_code == 404
    assert client.post(url, {"duplicate": elsewhere.pk, "confirm": "on"}).status_code == 404
    assert client.get(url, {"duplicate": "not-a-uuid"}).status_code == 404


def test_it_gives_the_caseworker_a_404_for_merging(client, sign_in, person, caseworker):
    sign_in(caseworker)
    assert client.get(f"/people/{person.pk}/merge/").status_code == 404


def test_it_keeps_the_survivors_recorded_sex_and_audits_the_duplicates(person, duplicate, manager):
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.FEMALE)
    actions.merge_people(manager, person, duplicate)
    person.refresh_from_db()
    assert person.sex == Person.Sex.FEMALE
    entry = entries_about(person).get(action="person.merged")
    assert "sex" not in entry.changes["filled_from_duplicate"]
    assert entry.changes["duplicate"]["sex"] == "male"


def test_it_shows_each_records_sex_on_the_merge_page(client, sign_in, person, duplicate, manager):
    sign_in(manager)
    page = client.get(f"/people/{person.pk}/merge/", {"duplicate": duplicate.pk}).text
    row = '<dt class="govuk-summary-list__key">Sex</dt><dd class="govuk-summary-list__value">'
    assert f"{row}Not recorded</dd>" in page and f"{row}Male</dd>" in page

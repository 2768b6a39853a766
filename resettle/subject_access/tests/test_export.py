import json

import pytest

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.people.log import entries_about, record_viewed
from resettle.people.models import Person
from resettle.subject_access import export
from resettle.subject_access.tests.conftest import add_everything
from resettle.testing.factories import OrganisationFactory, PersonFactory, involve, member


def json_url(person):
    return f"/people/{person.pk}/subject-access.json"


def document_url(person):
    return f"/people/{person.pk}/subject-access/"


def test_it_lets_a_manager_download_everything_as_json(
    client, sign_in, full_record, person, manager
):
    sign_in(manager)
    response = client.get(json_url(person))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert person.prison_number in disposition
    data = json.loads(response.content)
    assert data["person"]["given_name"] == "Jordan"
    assert data["person"]["custody_status"] == "in_custody"
    assert data["person"]["custody_status_label"] == "In custody"
    assert data["person"]["date_of_birth"] == "1990-05-17"


def test_it_exports_data_from_every_related_model(
    client, sign_in, full_record, person, manager, organisation
):
    sign_in(manager)
    data = json.loads(client.get(json_url(person)).content)
    assert data["other_names"][0]["family_name"] == "Alias0"
    assert data["custody_movements"][0]["kind"] == "transferred"
    assert data["custody_movements"][0]["kind_label"] == "Transferred"
    assert data["custody_movements"][0]["prison"] == "HMP Brixton"
    assert data["equality_monitoring"]["ethnicity"] == "black-caribbean"
    assert data["equality_monitoring"]["ethnicity_label"] == "Caribbean"
    consent = data["consents"][0]
    assert (consent["purpose"], consent["withdrawn_on"]) == ("referrals", "2025-06-01")
    assert consent["withdrawal_note"] == "Changed their mind 0"
    assert consent["organisation"] == organisation.name
    need = data["needs"][0]
    assert need["support_need_code"] == "rent-arrears"
    assert need["updates"][0]["note"] == "Called the council 0"
    assert need["updates"][0]["side_label"] == "Prison side"
    goal = data["goals"][0]
    assert goal["in_their_words"] == "Get my own flat 0"
    assert goal["steps"][0]["what"] == "Fill in the housing form 0"
    assert data["case_notes"][0]["text"] == "Met in the visits hall 0"
    assert data["appointments"][0]["purpose"] == "Housing check-in 0"
    assert data["appointments"][0]["mode_label"] == "Phone"
    assert data["timeline"][0]["title"] == "Case note added 0"


def test_it_names_staff_but_never_their_email(
    client, sign_in, full_record, person, manager, caseworker
):
    sign_in(manager)
    text = client.get(json_url(person)).content.decode()
    data = json.loads(text)
    assert data["case_notes"][0]["author"] == caseworker.get_full_name()
    assert caseworker.email not in text


def test_it_exports_who_the_record_was_shared_with(
    client, sign_in, person, manager, other_organisation, caseworker
):
    import datetime

    involve(person, other_organisation, "referred", ended_on=datetime.date(2025, 2, 1))
    sign_in(manager)
    data = json.loads(client.get(json_url(person)).content)
    shared = {(i["organisation"], i["kind"], i["ended_on"]) for i in data["involvements"]}
    assert ("Southwark Resettlement Trust", "allocated", None) in shared
    assert ("Unrelated Housing Association", "referred", "2025-02-01") in shared
    allocated = next(i for i in data["involvements"] if i["kind"] == "allocated")
    assert allocated["worker"] == caseworker.get_full_name()
    assert allocated["kind_label"] == "Allocated (lead organisation)"
    assert allocated["started_on"]


def test_it_exports_the_audit_log_without_the_changes_column(
    client, sign_in, person, caseworker, manager, organisation
):
    from django.db import transaction

    from resettle.people.log import record_person

    record_viewed(caseworker, person, "plan")
    with transaction.atomic():
        record_person(caseworker, person, "need.updated", changes={"old": "secret", "new": "x"})
    sign_in(manager)
    data = json.loads(client.get(json_url(person)).content)
    entries = {entry["action_label"]: entry for entry in data["audit"]}
    viewed = entries["Viewed plan"]
    assert viewed["who"] == caseworker.get_full_name()
    assert viewed["organisation"] == organisation.name
    assert viewed["action"] == "person.viewed"
    assert "Changed need" in entries
    assert all("changes" not in entry for entry in data["audit"])


def test_it_writes_an_audit_row_naming_the_format(client, sign_in, person, manager, organisation):
    sign_in(manager)
    client.get(json_url(person))
    client.get(document_url(person))
    client.get(document_url(person) + "?download=1")
    formats = [
        entry.changes["format"]
        for entry in entries_about(person).filter(action="person.exported").order_by("pk")
    ]
    assert formats == ["json", "document", "document_download"]
    entry = entries_about(person).filter(action="person.exported").first()
    assert (entry.actor, entry.organisation) == (manager, organisation)


def test_it_lets_an_administrator_export(client, sign_in, person, administrator):
    sign_in(administrator)
    assert client.get(json_url(person)).status_code == 200
    assert client.get(document_url(person)).status_code == 200


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE, Role.MENTOR])
def test_it_refuses_other_roles_at_the_organisation(client, sign_in, person, organisation, role):
    user = member(organisation, role)
    if role == Role.MENTOR:
        involve(person, organisation, "mentoring", user)
    sign_in(user)
    assert client.get(json_url(person)).status_code == 404
    assert client.get(document_url(person)).status_code == 404
    assert not entries_about(person).filter(action="person.exported").exists()


def test_it_refuses_outsiders_and_commissioners(client, sign_in, person, outsider):
    commissioner = member(OrganisationFactory(), Role.COMMISSIONER)
    involve(person, commissioner.memberships.get().organisation, "supporting")
    for user in (outsider, commissioner):
        sign_in(user)
        assert client.get(json_url(person)).status_code == 404
        assert client.get(document_url(person)).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client, person):
    assert client.get(json_url(person)).status_code == 302


def test_it_includes_records_merged_into_this_one(
    client, sign_in, person, manager, caseworker, organisation
):
    merged = PersonFactory(given_name="Jordan", family_name="Reyes-Old", merged_into=person)
    add_everything(merged, caseworker, organisation, tag="old")
    older = PersonFactory(given_name="J", family_name="Reyes-Oldest", merged_into=merged)
    record_viewed(caseworker, merged, "plan")
    sign_in(manager)
    data = json.loads(client.get(json_url(person)).content)
    [exported] = data["merged_records"]
    assert exported["person"]["family_name"] == "Reyes-Old"
    assert exported["person"]["merged_into"] == str(person.pk)
    assert exported["case_notes"][0]["text"] == "Met in the visits hall old0"
    assert [e["action_label"] for e in exported["audit"]] == ["Viewed plan"]
    assert exported["merged_records"][0]["person"]["family_name"] == older.family_name
    page = client.get(document_url(person)).text
    assert "Reyes-Old" in page
    assert "Met in the visits hall old0" in page


def test_it_renders_every_section_of_the_document(client, sign_in, full_record, person, manager):
    record_viewed(manager, person, "plan")
    sign_in(manager)
    response = client.get(document_url(person))
    assert response.status_code == 200
    page = response.text
    for heading in [
        "About the person",
        "Other names",
        "Equality monitoring",
        "Custody and release",
        "Organisations the record is shared with",
        "Consent and lawful basis for sharing",
        "Needs",
        "Goals in the plan",
        "Case notes",
        "Appointments",
        "Timeline",
        "Who saw or changed the record",
        "Records merged into this one",
    ]:
        assert f">{heading}</h2>" in page, heading
    for text in [
        "Alias0",
        "HMP Brixton",
        "Caribbean",
        "Changed their mind 0",
        "Rent arrears and housing costs",
        "Called the council 0",
        "Get my own flat 0",
        "Fill in the housing form 0",
        "Met in the visits hall 0",
        "Housing check-in 0",
        "Case note added 0",
        "Viewed plan",
        "17 May 1990",
        "Download JSON",
    ]:
        assert text in page, text
    assert "Transferred" in page and ">transferred<" not in page


def test_it_serves_the_document_as_a_download_when_asked(client, sign_in, person, manager):
    sign_in(manager)
    response = client.get(document_url(person) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.html"')
    assert "Download this page" not in response.text
    assert "Content-Disposition" not in client.get(document_url(person) + "?download=yes")


def test_it_takes_no_more_queries_for_more_rows(
    client, sign_in, person, manager, caseworker, organisation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_export():
        with CaptureQueriesContext(connection) as captured:
            export.export_person(Person.records.get(pk=person.pk))
        return len(captured.captured_queries)

    add_everything(person, caseworker, organisation, copies=1)
    one = queries_for_export()
    add_everything(person, caseworker, organisation, copies=3, tag="more", first_need=1)
    for n in range(5):
        record_viewed(caseworker, person, f"page {n}")
    assert queries_for_export() == one


def test_it_exports_every_model_that_points_at_a_person(db):
    """A model added later with a foreign key to Person must show up in the export: either in
    a curated section or, until it gets one, with all its fields."""
    person = PersonFactory()
    data = export.export_person(person)
    generic = {other["model"] for other in data["other_records"]}
    for relation in Person._meta.related_objects:
        label = relation.related_model._meta.label_lower
        if relation.related_model is Person:
            assert "merged_records" in data
        elif label in export.SECTIONS:
            assert export.SECTIONS[label].key in data, label
        else:
            assert label in generic, label


@pytest.mark.django_db
def test_it_exports_every_field_of_a_model_it_has_no_section_for(full_record, person, monkeypatch):
    """The fallback for unknown related models exports all their concrete fields, never an
    empty row: pretend case notes have no curated section."""
    monkeypatch.delitem(export.SECTIONS, "casenotes.casenote")
    data = export.export_person(person)
    [notes] = [other for other in data["other_records"] if other["model"] == "casenotes.casenote"]
    assert notes["key"] == "case_notes"
    [row] = notes["items"]
    from resettle.casenotes.models import CaseNote

    expected = {f.name for f in CaseNote._meta.concrete_fields} - {"person"}
    assert expected <= set(row)
    assert row["text"] == "Met in the visits hall 0"
    assert row["pathway"] is None
    assert row["author"]
    page_sections = export.document_sections(data)
    assert any(s["title"] == "Case notes" and s["rows"] for s in page_sections)


def test_it_gives_every_curated_section_some_fields(full_record, person):
    data = export.export_person(person)
    for section in export.SECTIONS.values():
        rows = data[section.key]
        rows = [rows] if section.single else rows
        assert rows, section.key
        assert all(len(row) > 1 for row in rows), section.key


def test_it_keeps_the_audit_log_out_of_the_export_for_other_people(
    person, caseworker, organisation
):
    someone_else = PersonFactory()
    involve(someone_else, organisation)
    record_viewed(caseworker, someone_else, "plan")
    data = export.export_person(person)
    assert data["audit"] == []
    assert AuditEntry.objects.count() == 1


def test_it_exports_the_sex_on_their_record_apart_from_equality_answers(
    client, sign_in, person, manager
):
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.FEMALE)
    sign_in(manager)
    data = json.loads(client.get(json_url(person)).content)
    assert (data["person"]["sex"], data["person"]["sex_label"]) == ("female", "Female")
    page = client.get(document_url(person)).text
    about = page.split(">About the person</h2>")[1].split("</h2>")[0]
    assert ">Sex<" in about and ">Female<" in about

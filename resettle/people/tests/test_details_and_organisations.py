import datetime

import pytest
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.consents.models import Consent
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import OrganisationFactory, PersonFactory, involve, member
from resettle.timeline.models import Event


@pytest.fixture
def mentor(person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    return mentor


@pytest.fixture
def commissioner(person):
    commissioner = member(OrganisationFactory(name="Funder"), Role.COMMISSIONER)
    return commissioner


def details_post(person, **overrides):
    data = {
        "version": str(person.version),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "other_names": "",
        "date_of_birth_day": str(person.date_of_birth.day),
        "date_of_birth_month": str(person.date_of_birth.month),
        "date_of_birth_year": str(person.date_of_birth.year),
        "prison_number": person.prison_number,
        "pnc_id": "",
        "phone": "",
        "email": "",
        "address": "",
        "home_borough": "",
        "preferred_language": "en",
        "communication_notes": "",
    }
    data.update(overrides)
    return data


# --- Who may reach each page ----------------------------------------------------------------


@pytest.mark.parametrize("page", ["details", "organisations", "merge"])
def test_it_gives_outsiders_mentors_and_commissioners_a_404(
    client, sign_in, person, outsider, mentor, commissioner, page
):
    for user in (outsider, mentor, commissioner):
        sign_in(user)
        assert client.get(f"/people/{person.pk}/{page}/").status_code == 404, user
        assert client.post(f"/people/{person.pk}/{page}/", {}).status_code == 404, user


def test_it_shows_the_details_as_a_summary_list_and_records_the_view(
    client, sign_in, person, caseworker
):
    sign_in(caseworker)
    response = client.get(f"/people/{person.pk}/details/")
    assert response.status_code == 200
    assert "govuk-summary-list" in response.text
    assert person.prison_number in response.text
    assert entries_about(person).filter(action="person.viewed", changes__page="personal details")
    assert 'name="given_name"' in client.get(f"/people/{person.pk}/details/?change=1").text


# --- Editing details ------------------------------------------------------------------------


def test_it_saves_details_with_an_audit_of_old_and_new(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.post(
        f"/people/{person.pk}/details/",
        details_post(
            person,
            family_name="Reyes-Diaz",
            other_names="Jordy Reyes",
            phone="07700 900123",
            communication_needs=["reading"],
            interpreter_needed="on",
            preferred_language="es",
        ),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Reyes-Diaz" and person.name_key == "reyes-diaz jordan"
    assert person.version == 2
    assert [str(o) for o in person.other_names.all()] == ["Jordy Reyes"]
    entry = entries_about(person).get(action="person.details_changed")
    assert entry.changes["family_name"] == {"old": "Reyes", "new": "Reyes-Diaz"}
    assert entry.changes["other_names"] == {"old": [], "new": ["Jordy Reyes"]}
    assert entry.changes["communication_needs"] == {"old": "", "new": "reading"}
    assert person.events.filter(kind=Event.Kind.RECORD, title="Personal details changed").exists()


def test_it_refuses_a_save_based_on_an_old_version_and_keeps_the_input(
    client, sign_in, person, caseworker, manager
):
    sign_in(manager)
    assert (
        client.post(
            f"/people/{person.pk}/details/", details_post(person, phone="020 7946 0000")
        ).status_code
        == 302
    )
    sign_in(caseworker)
    response = client.post(
        f"/people/{person.pk}/details/", details_post(person, email="mine@example.org")
    )
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in response.text
    assert "020 7946 0000" in response.text  # what is saved now
    assert 'value="mine@example.org"' in response.text  # what they typed
    assert 'name="version" value="2"' in response.text
    person.refresh_from_db()
    assert person.email == "" and person.version == 2


def test_it_explains_bad_details_without_saving(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.post(
        f"/people/{person.pk}/details/",
        details_post(person, prison_number="", date_of_birth_day="", family_name=""),
    )
    assert response.status_code == 200
    for message in [
        "Enter their prison number",
        "Date of birth must include a day",
        "Enter their last name",
    ]:
        assert message in response.text
    response = client.post(f"/people/{person.pk}/details/", details_post(person, version="x"))
    assert "Reload the page" in response.text
    person.refresh_from_db()
    assert person.version == 1


def test_it_refuses_a_prison_number_another_record_has(
    client, sign_in, person, caseworker, other_organisation
):
    PersonFactory(prison_number="Z1111ZZ", given_name="Secret", family_name="Person")
    sign_in(caseworker)
    response = client.post(
        f"/people/{person.pk}/details/", details_post(person, prison_number="z1111zz")
    )
    assert "Another record on Resettle has this prison number" in response.text
    assert "Secret" not in response.text
    person.refresh_from_db()
    assert person.prison_number != "Z1111ZZ"


# --- Organisations --------------------------------------------------------------------------


def share_consent(person, organisation=None):
    return Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.SHARE_RECORD,
        organisation=organisation,
        lawful_basis=Consent.LawfulBasis.CONSENT,
        how_recorded=Consent.HowRecorded.SIGNED,
        given_on=timezone.localdate(),
    )


def test_it_lists_active_and_past_organisations(client, sign_in, person, caseworker):
    past = involve(
        person,
        OrganisationFactory(name="Old Friends"),
        "supporting",
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
        end_reason="Support finished",
    )
    sign_in(caseworker)
    response = client.get(f"/people/{person.pk}/organisations/")
    assert response.status_code == 200
    assert "Southwark Resettlement Trust" in response.text
    assert past.organisation.name in response.text and "Support finished" in response.text
    assert entries_about(person).filter(action="person.viewed", changes__page="organisations")


def test_it_records_a_supporting_organisation_only_with_consent(
    client, sign_in, person, caseworker, other_organisation, outsider
):
    sign_in(caseworker)
    data = {"action": "add", "organisation": str(other_organisation.pk)}
    refused = client.post(f"/people/{person.pk}/organisations/", data)
    assert refused.status_code == 400
    assert "has not agreed to share their record" in refused.text
    assert "Consent tab" in refused.text
    assert not Person.records.visible_to(outsider).exists()

    share_consent(person, other_organisation)
    assert client.post(f"/people/{person.pk}/organisations/", data).status_code == 302
    assert list(Person.records.visible_to(outsider)) == [person]
    assert entries_about(person).filter(action="involvement.added").exists()
    assert person.events.filter(kind=Event.Kind.ORGANISATION).exists()
    again = client.post(f"/people/{person.pk}/organisations/", data)
    assert again.status_code == 400  # no longer offered: already working with them


def test_it_allocates_and_reassigns_a_worker(
    client, sign_in, person, caseworker, organisation, manager
):
    colleague = member(organisation, Role.CASEWORKER)
    involvement = person.involvements.get()
    sign_in(manager)
    prefix = f"allocate-{involvement.pk}"
    response = client.post(
        f"/people/{person.pk}/organisations/",
        {"action": "allocate", "involvement": involvement.pk, f"{prefix}-worker": colleague.pk},
    )
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert involvement.worker == colleague
    entry = entries_about(person).get(action="involvement.worker_allocated")
    assert entry.changes["worker"] == {"old": str(caseworker), "new": str(colleague)}

    stranger = member(OrganisationFactory(), Role.CASEWORKER)
    response = client.post(
        f"/people/{person.pk}/organisations/",
        {"action": "allocate", "involvement": involvement.pk, f"{prefix}-worker": stranger.pk},
    )
    assert response.status_code == 400
    assert "Select a worker from the list" in response.text


def test_it_lets_only_the_organisations_own_staff_change_its_involvement(
    client, sign_in, person, outsider, other_organisation
):
    share_consent(person)
    involve(person, other_organisation, "supporting")
    ours = person.involvements.get(kind="allocated")
    sign_in(outsider)
    assert client.get(f"/people/{person.pk}/organisations/{ours.pk}/end/").status_code == 404
    response = client.post(
        f"/people/{person.pk}/organisations/",
        {"action": "allocate", "involvement": ours.pk, f"allocate-{ours.pk}-worker": outsider.pk},
    )
    assert response.status_code == 404


def test_it_ends_an_involvement_with_a_reason_after_confirming(
    client, sign_in, person, caseworker, other_organisation
):
    involve(person, other_organisation, "supporting")
    involvement = person.involvements.get(kind="allocated")
    sign_in(caseworker)
    url = f"/people/{person.pk}/organisations/{involvement.pk}/end/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "will no longer see this record" in confirm.text
    assert client.post(url, {"reason": "  "}).status_code == 400
    response = client.post(url, {"reason": "Support finished"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    involvement.refresh_from_db()
    assert involvement.ended_on == timezone.localdate()
    assert involvement.end_reason == "Support finished"
    assert entries_about(person).filter(action="involvement.ended").exists()
    assert client.get(f"/people/{person.pk}/").status_code == 404  # no longer working with them


def test_it_404s_for_an_involvement_of_another_person(
    client, sign_in, person, caseworker, organisation
):
    other = PersonFactory()
    theirs = involve(other, organisation)
    sign_in(caseworker)
    assert client.get(f"/people/{person.pk}/organisations/{theirs.pk}/end/").status_code == 404


# --- Sex, as on the prison or probation record ----------------------------------------------

SEX_ROW = '<dt class="govuk-summary-list__key">Sex</dt><dd class="govuk-summary-list__value">'


def test_it_records_sex_with_an_audit_of_old_and_new(client, sign_in, person, caseworker):
    sign_in(caseworker)
    form = client.get(f"/people/{person.pk}/details/?change=1").text
    assert 'name="sex" type="radio" value="" checked' in form
    response = client.post(f"/people/{person.pk}/details/", details_post(person, sex="female"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.sex == Person.Sex.FEMALE and person.version == 2
    entry = entries_about(person).get(action="person.details_changed")
    assert entry.changes == {"sex": {"old": "", "new": "female"}}
    assert person.events.get(title="Personal details changed").detail == "sex"
    page = client.get(f"/people/{person.pk}/details/").text
    assert f"{SEX_ROW}Female</dd>" in page


def test_it_lets_sex_go_back_to_not_recorded(client, sign_in, organisation, caseworker):
    person = PersonFactory(sex=Person.Sex.MALE)
    involve(person, organisation, "allocated", caseworker)
    sign_in(caseworker)
    form = client.get(f"/people/{person.pk}/details/?change=1").text
    assert 'name="sex" type="radio" value="male" checked' in form
    client.post(f"/people/{person.pk}/details/", details_post(person, sex=""))
    person.refresh_from_db()
    assert person.sex == ""
    entry = entries_about(person).get(action="person.details_changed")
    assert entry.changes["sex"] == {"old": "male", "new": ""}
    page = client.get(f"/people/{person.pk}/details/").text
    assert f"{SEX_ROW}Not recorded</dd>" in page


def test_it_refuses_a_sex_it_does_not_know(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.post(f"/people/{person.pk}/details/", details_post(person, sex="other"))
    assert response.status_code == 200
    assert "Select female, male or not recorded" in response.text
    person.refresh_from_db()
    assert person.sex == "" and person.version == 1


def test_it_refuses_a_stale_change_of_sex(client, sign_in, person, caseworker, manager):
    sign_in(manager)
    client.post(f"/people/{person.pk}/details/", details_post(person, sex="male"))
    sign_in(caseworker)
    response = client.post(f"/people/{person.pk}/details/", details_post(person, sex="female"))
    assert response.status_code == 409
    assert 'name="sex" type="radio" value="female" checked' in response.text  # what they chose
    person.refresh_from_db()
    assert person.sex == "male" and person.version == 2


def test_its_sex_codes_are_the_ones_matching_and_the_directory_use():
    from resettle.core.matching import model as matching
    from resettle.services.models import Service

    assert set(Person.Sex.values) == {matching.FEMALE, matching.MALE}
    assert set(Person.Sex.values) <= set(matching.SEX_ELIGIBILITIES)
    assert (Person.Sex.FEMALE, Person.Sex.MALE) == (Service.Sex.WOMEN, Service.Sex.MEN)

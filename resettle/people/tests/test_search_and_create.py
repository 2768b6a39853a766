import datetime

import pytest

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.people.log import entries_about
from resettle.people.models import Involvement, OtherName, Person
from resettle.testing.factories import OrganisationFactory, PersonFactory, member, person_with
from resettle.timeline.models import Event


def valid_person(**overrides):
    data = {
        "given_name": "Dana",
        "family_name": "Okafor",
        "other_names": "Dana Smith\nDee Okafor",
        "date_of_birth_day": "3",
        "date_of_birth_month": "4",
        "date_of_birth_year": "1988",
        "sex": "female",
        "prison_number": "b4321cd",
        "pnc_id": "2012/0123456x",
        "phone": "07700 900982",
        "email": "dana@example.org",
        "address": "1 High Street",
        "home_borough": "",
        "preferred_language": "so",
        "interpreter_needed": "on",
        "communication_needs": ["dyslexia", "hearing"],
        "communication_notes": "Easy read letters",
        "custody_status": "in_custody",
        "current_prison": "",
        "sentence_band": "under_12_months",
        "release_date_day": "",
        "release_date_month": "",
        "release_date_year": "",
        "release_type": "",
    }
    data.update(overrides)
    return data


# --- Search ---------------------------------------------------------------------------------


def test_it_finds_people_by_last_name_full_name_other_name_and_prison_number(
    client, sign_in, person, caseworker
):
    OtherName.objects.create(person=person, given_name="Jo", family_name="Castillo")
    sign_in(caseworker)
    for q in ["reyes", "Jordan Reyes", "REYES JORDAN", "castillo", person.prison_number.lower()]:
        response = client.get("/people/", {"q": q})
        assert response.status_code == 200
        assert f"/people/{person.pk}/" in response.text, q
    assert entries_about(person).count() == 0  # a search is logged once, not per person
    assert AuditEntry.objects.filter(action="people.searched", actor=caseworker).exists()


def test_it_finds_by_date_of_birth_and_a_first_name_with_it(client, sign_in, person, caseworker):
    sign_in(caseworker)
    dob = {"date_of_birth_day": "17", "date_of_birth_month": "5", "date_of_birth_year": "1990"}
    assert str(person.pk) in client.get("/people/", dob).text
    assert str(person.pk) in client.get("/people/", {"q": "jordan", **dob}).text
    assert str(person.pk) not in client.get("/people/", {"q": "nobody", **dob}).text


def test_it_shows_only_a_form_for_an_empty_search(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.get("/people/")
    assert response.status_code == 200
    assert "Jordan Reyes" not in response.text


def test_it_never_finds_people_of_other_organisations(client, sign_in, person, outsider):
    sign_in(outsider)
    response = client.get("/people/", {"q": "reyes"})
    assert response.status_code == 200
    assert "Jordan Reyes" not in response.text


def test_it_pages_results(client, sign_in, organisation, caseworker):
    for n in range(30):
        person_with(organisation, given_name=f"Sam{n}", family_name="Lee")
    sign_in(caseworker)
    first = client.get("/people/", {"q": "lee"})
    assert "30 people found" in first.text
    assert first.text.count('<tr class="govuk-table__row">') == 26
    assert (
        client.get("/people/", {"q": "lee", "page": "2"}).text.count(
            '<tr class="govuk-table__row">'
        )
        == 6
    )


def test_it_explains_a_bad_date_in_the_search(client, sign_in, caseworker):
    sign_in(caseworker)
    response = client.get(
        "/people/",
        {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1990"},
    )
    assert response.status_code == 200
    assert "Date of birth must be a real date" in response.text


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMISSIONER])
def test_it_refuses_search_and_create_to_people_without_casework(client, sign_in, db, role):
    sign_in(member(OrganisationFactory(), role))
    assert client.get("/people/").status_code == 403
    assert client.get("/people/new/").status_code == 403


def test_it_lets_administrators_search_but_not_create(client, sign_in, person, administrator):
    sign_in(administrator)
    assert "Jordan Reyes" in client.get("/people/", {"q": "reyes"}).text
    assert client.get("/people/new/").status_code == 403


# --- Create ---------------------------------------------------------------------------------


def test_it_creates_a_person_allocated_to_the_caseworker(client, sign_in, organisation, caseworker):
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person())
    person = Person.records.get(family_name="Okafor")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.prison_number == "B4321CD"
    assert person.pnc_id == "2012/0123456X"
    assert person.date_of_birth == datetime.date(1988, 4, 3)
    assert person.communication_needs == ["dyslexia", "hearing"]
    assert person.interpreter_needed and person.preferred_language == "so"
    assert sorted(str(o) for o in person.other_names.all()) == ["Dana Smith", "Dee Okafor"]
    involvement = person.involvements.get()
    assert (involvement.organisation, involvement.kind, involvement.worker) == (
        organisation,
        Involvement.Kind.ALLOCATED,
        caseworker,
    )
    assert person.sex == Person.Sex.FEMALE
    entry = entries_about(person).get(action="person.created")
    assert entry.actor == caseworker and entry.changes["prison_number"] == "B4321CD"
    assert entry.changes["sex"] == "female"
    assert person.events.get().kind == Event.Kind.RECORD


def test_it_creates_a_person_with_sex_not_recorded(client, sign_in, caseworker):
    sign_in(caseworker)
    form = client.get("/people/new/").text
    assert "Sex (optional)" in form and "As on their prison or probation record." in form
    # Nothing is chosen for them: "Not recorded" is the one checked.
    assert 'name="sex" type="radio" value="" checked' in form
    assert client.post("/people/new/", valid_person(sex="")).status_code == 302
    person = Person.records.get(family_name="Okafor")
    assert person.sex == ""
    assert entries_about(person).get(action="person.created").changes["sex"] == ""


def test_it_leaves_the_worker_empty_when_a_manager_creates(client, sign_in, manager):
    sign_in(manager)
    client.post("/people/new/", valid_person())
    assert Person.records.get(family_name="Okafor").involvements.get().worker is None


def test_it_asks_which_organisation_for_people_in_several(client, sign_in, caseworker):
    second = OrganisationFactory(name="Second Chance")
    from resettle.accounts.models import Membership

    Membership.objects.create(user=caseworker, organisation=second, role=Role.INTAKE)
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person())
    assert response.status_code == 200
    assert "Select the organisation working with them" in response.text
    client.post("/people/new/", valid_person(organisation=str(second.pk)))
    assert Person.records.get(family_name="Okafor").involvements.get().organisation == second


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "Enter their first name"),
        ("prison_number", "12345", "Enter a prison number in the correct format"),
        ("pnc_id", "not a pnc", "Enter a PNC ID in the correct format"),
        ("email", "nope", "Enter an email address in the correct format"),
        ("phone", "call me", "Enter a phone number"),
        ("date_of_birth_month", "", "Date of birth must include a month"),
        ("date_of_birth_day", "32", "Date of birth must be a real date"),
        ("date_of_birth_year", "3000", "Date of birth must be in the past"),
        ("date_of_birth_year", "2022", "younger than 10"),
        ("date_of_birth_year", "1890", "older than 110"),
        ("preferred_language", "klingon", "Select a language from the list"),
        ("communication_needs", ["telepathy"], "Select needs from the list"),
        ("sex", "unknown", "Select female, male or not recorded"),
        ("home_borough", "999999", "Select a borough from the list"),
        ("release_date_year", "20x6", "Release date must include a day"),
    ],
)
def test_it_explains_bad_input(client, sign_in, caseworker, field, value, message):
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person(**{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert not Person.records.filter(family_name="Okafor").exists()


def test_it_keeps_what_was_typed_after_an_error(client, sign_in, caseworker):
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person(given_name="", date_of_birth_day="3"))
    assert 'value="Okafor"' in response.text
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="3"' in response.text


# --- Duplicates -----------------------------------------------------------------------------


def test_it_links_to_a_duplicate_the_user_can_see(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.post(
        "/people/new/",
        valid_person(
            given_name="jordan",
            family_name="REYES",
            date_of_birth_day="17",
            date_of_birth_month="5",
            date_of_birth_year="1990",
        ),
    )
    assert response.status_code == 409
    assert "This person may already be on Resettle" in response.text
    assert f"/people/{person.pk}/" in response.text
    assert Person.records.filter(name_key="reyes jordan").count() == 1


def test_it_does_not_leak_a_duplicate_held_by_another_organisation(
    client, sign_in, other_organisation, caseworker
):
    hidden = person_with(
        other_organisation,
        given_name="Dana",
        family_name="Okafor",
        date_of_birth=datetime.date(1988, 4, 3),
        prison_number="Z9999ZZ",
        address="Secret Refuge, 2 Hidden Lane",
    )
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person())
    assert response.status_code == 409
    assert "Another organisation already holds a record" in response.text
    for secret in [str(hidden.pk), "Z9999ZZ", "Hidden Lane", other_organisation.name]:
        assert secret not in response.text
    assert not Person.records.filter(prison_number="B4321CD").exists()

    confirmed = client.post("/people/new/", valid_person(confirm_not_duplicate="on"))
    assert confirmed.status_code == 302
    created = Person.records.get(prison_number="B4321CD")
    entry = entries_about(created).get(action="person.created")
    assert entry.changes["confirmed_not_duplicate_of"] == [str(hidden.pk)]


def test_it_never_creates_a_second_record_with_a_prison_number(
    client, sign_in, other_organisation, caseworker
):
    PersonFactory(prison_number="B4321CD", given_name="Other", family_name="Name")
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person(confirm_not_duplicate="on"))
    assert response.status_code == 409
    assert "Another organisation already holds a record with this prison number" in response.text
    assert "Other Name" not in response.text
    assert Person.records.filter(prison_number="B4321CD").count() == 1


def test_it_matches_other_names_with_the_date_of_birth(client, sign_in, organisation, caseworker):
    known = person_with(
        organisation,
        given_name="Dana",
        family_name="Smith",
        date_of_birth=datetime.date(1988, 4, 3),
    )
    OtherName.objects.create(person=known, given_name="Dana", family_name="Okafor")
    sign_in(caseworker)
    response = client.post("/people/new/", valid_person(other_names=""))
    assert response.status_code == 409
    assert f"/people/{known.pk}/" in response.text
    # And the other way round: one of the new person's other names is someone's name.
    known.other_names.all().delete()
    response = client.post("/people/new/", valid_person(other_names="Dana Smith"))
    assert response.status_code == 409
    assert f"/people/{known.pk}/" in response.text


def test_it_ignores_merged_records_when_looking_for_duplicates(client, sign_in, person, caseworker):
    merged = PersonFactory(prison_number="B4321CD", merged_into=person)
    sign_in(caseworker)
    assert client.post("/people/new/", valid_person()).status_code == 302
    assert merged.pk != Person.records.get(prison_number="B4321CD", merged_into=None).pk

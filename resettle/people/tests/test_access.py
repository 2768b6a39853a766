import pytest

from resettle.accounts.models import Role
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import OrganisationFactory, involve, member


def test_it_shows_people_only_to_organisations_working_with_them(person, caseworker, outsider):
    assert list(Person.records.visible_to(caseworker)) == [person]
    assert list(Person.records.visible_to(outsider)) == []


def test_it_opens_the_record_when_another_organisation_supports_the_person(person, outsider):
    involve(person, outsider.memberships.get().organisation, "supporting")
    assert list(Person.records.visible_to(outsider)) == [person]


def test_it_closes_the_record_when_the_involvement_ends(person, caseworker):
    import datetime

    person.involvements.update(ended_on=datetime.date(2020, 1, 1))
    assert list(Person.records.visible_to(caseworker)) == []


def test_it_shows_mentors_only_their_own_mentees(person, organisation):
    mentor = member(organisation, Role.MENTOR)
    other_mentor = member(organisation, Role.MENTOR)
    assert list(Person.records.visible_to(mentor)) == []
    involve(person, organisation, "mentoring", mentor)
    assert list(Person.records.visible_to(mentor)) == [person]
    assert list(Person.records.visible_to(other_mentor)) == []
    assert list(Person.records.with_casework_access(mentor)) == []


def test_it_shows_commissioners_no_individual_records(person, organisation):
    commissioner = member(OrganisationFactory(), Role.COMMISSIONER)
    involve(person, commissioner.memberships.get().organisation, "supporting")
    assert list(Person.records.visible_to(commissioner)) == []


def test_it_hides_merged_records(person, caseworker):
    survivor = Person.records.create(given_name="Jordan", family_name="Reyes")
    person.merged_into = survivor
    person.save()
    assert list(Person.records.visible_to(caseworker)) == []


@pytest.mark.parametrize("outsider_gets", [404])
def test_it_gives_outsiders_a_404_for_the_person_page(
    client, sign_in, person, outsider, outsider_gets
):
    sign_in(outsider)
    assert client.get(f"/people/{person.pk}/").status_code == outsider_gets


def test_it_records_who_viewed_the_overview(client, sign_in, person, caseworker, organisation):
    sign_in(caseworker)
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    assert "Jordan Reyes" in response.text
    entry = entries_about(person).get(action="person.viewed")
    assert (entry.actor, entry.organisation) == (caseworker, organisation)


def test_it_warns_on_the_overview_what_is_not_in_place(client, sign_in, person, caseworker):
    from resettle.testing.factories import add_need

    add_need(person, "id-documents")
    sign_in(caseworker)
    html = client.get(f"/people/{person.pk}/").text
    assert "Not in place yet:" in html and "no id" in html
    assert "Record a contact" in html


def test_it_shows_mentors_no_flags_or_casework_buttons(client, sign_in, person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    sign_in(mentor)
    html = client.get(f"/people/{person.pk}/").text
    assert "Not in place yet:" not in html and "Record a contact" not in html

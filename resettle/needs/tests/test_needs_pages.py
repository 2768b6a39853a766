import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.needs import actions
from resettle.needs.models import Need
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import add_need, involve, member, need
from resettle.timeline.models import Event
from resettle.versioning import STALE_MESSAGE


@pytest.fixture
def mentor(person, organisation):
    user = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", user)
    return user


def url(name, person, **kwargs):
    return reverse(f"needs:{name}", kwargs={"person_id": person.pk, **kwargs})


def reload(person):
    return Person.records.get(pk=person.pk)


# --- The assessment -------------------------------------------------------------------------


def test_it_lists_needs_by_pathway_with_their_latest_update(client, sign_in, person, caseworker):
    housing = add_need(person, "find-accommodation", status="in_progress")
    actions.update_need(
        caseworker,
        housing,
        {
            "status": "in_progress",
            "side": "prison",
            "on": timezone.localdate(),
            "note": "Form sent",
        },
        housing.version,
    )
    sign_in(caseworker)
    response = client.get(url("list", person))
    assert response.status_code == 200
    html = response.content.decode()
    for pathway in ["Accommodation", "Health", "Finance and ID", "Education, skills and work"]:
        assert pathway in html
    assert "Help to find accommodation" in html
    assert "Form sent" in html
    assert "prison side" in html
    assert url("need", person, need_id=housing.pk) in html
    assert entries_about(person).filter(action="person.viewed", changes__page="needs").exists()


def test_it_says_when_no_needs_were_identified(client, sign_in, person, caseworker):
    Person.records.filter(pk=person.pk).update(
        no_needs_identified=True, needs_assessed_on=datetime.date(2025, 3, 4)
    )
    sign_in(caseworker)
    html = client.get(url("list", person)).content.decode()
    assert "No needs identified at the last assessment." in html
    assert "Last assessed on 4 March 2025." in html


@pytest.mark.parametrize("page", ["list", "add", "no_needs"])
def test_it_gives_outsiders_and_mentors_a_404(client, sign_in, person, outsider, mentor, page):
    for user in (outsider, mentor):
        sign_in(user)
        assert client.get(url(page, person)).status_code == 404
        assert client.post(url(page, person), {}).status_code in {404, 405}
    assert not person.needs.exists()


def test_it_gives_mentors_a_404_on_a_need(client, sign_in, person, mentor, outsider):
    housing = add_need(person, "find-accommodation")
    for user in (outsider, mentor):
        sign_in(user)
        assert client.get(url("need", person, need_id=housing.pk)).status_code == 404
        post = client.post(
            url("need", person, need_id=housing.pk),
            {"version": 1, "status": "met", "side": "prison", "on": "2025-01-01"},
        )
        assert post.status_code == 404
    assert not housing.updates.exists()


def test_it_finds_a_need_only_within_its_person(client, sign_in, person, caseworker, organisation):
    from resettle.testing.factories import person_with

    someone_else = person_with(organisation, caseworker)
    their_need = add_need(someone_else, "register-gp")
    sign_in(caseworker)
    assert client.get(url("need", person, need_id=their_need.pk)).status_code == 404


# --- Adding needs ---------------------------------------------------------------------------


def test_it_adds_support_needs_and_an_other_need(client, sign_in, person, caseworker):
    Person.records.filter(pk=person.pk).update(no_needs_identified=True)
    sign_in(caseworker)
    assert client.get(url("add", person)).status_code == 200
    response = client.post(
        url("add", person),
        {
            "support_needs": [need("register-gp").pk, need("id-documents").pk],
            "other_pathway": need("register-gp").parent.pk,
            "other_description": "Glasses broken",
            "status": "in_progress",
            "side": "prison",
            "note": "Spoke on the wing",
        },
    )
    assert response.status_code == 302
    assert sorted(n.name for n in person.needs.all()) == [
        "Apply for ID documents",
        "Glasses broken",
        "Register with a GP",
    ]
    assert set(person.needs.values_list("status", flat=True)) == {"in_progress"}
    first = person.needs.get(support_need=need("register-gp"))
    assert first.updates.get().side == "prison"
    assert first.updates.get().recorded_by == caseworker
    person = reload(person)
    assert person.no_needs_identified is False
    assert person.needs_assessed_on == timezone.localdate()
    assert entries_about(person).filter(action="need.added").count() == 3
    assert Event.objects.filter(person=person, kind="need", pathway="health").count() == 2


def test_it_names_needs_already_recorded_instead_of_offering_them(
    client, sign_in, person, caseworker
):
    gp = add_need(person, "register-gp")
    sign_in(caseworker)
    html = client.get(url("add", person)).content.decode()
    assert "Already recorded: Register with a GP" in html
    assert f'value="{gp.support_need_id}"' not in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "not_started", "side": "prison"}, "Select at least one support need"),
        ({"other_description": "Glasses", "status": "met", "side": "prison"}, "Select the pathway"),
        ({"other_pathway": "not-an-id", "status": "met", "side": "prison"}, "Select a pathway"),
        (
            {"support_needs": ["nonsense"], "status": "met", "side": "prison"},
            "Select support needs",
        ),
        ({"status": "bad", "side": "prison"}, "Select the status of the need"),
        ({"status": "met"}, "Select prison side or community side"),
    ],
)
def test_it_explains_bad_input_when_adding(client, sign_in, person, caseworker, data, message):
    sign_in(caseworker)
    response = client.post(url("add", person), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not person.needs.exists()


def test_it_refuses_to_add_a_need_twice(client, sign_in, person, caseworker):
    add_need(person, "register-gp")
    sign_in(caseworker)
    response = client.post(
        url("add", person),
        {"support_needs": [need("register-gp").pk], "status": "met", "side": "prison"},
    )
    assert "cannot be added twice" in response.content.decode()
    assert person.needs.count() == 1


def test_it_describes_an_other_need_once_its_pathway_is_chosen(client, sign_in, person, caseworker):
    sign_in(caseworker)
    response = client.post(
        url("add", person),
        {"other_pathway": need("register-gp").parent.pk, "status": "met", "side": "prison"},
    )
    assert "Describe the other need" in response.content.decode()


# --- Updating a need ------------------------------------------------------------------------


def test_it_records_a_dated_update(client, sign_in, person, caseworker):
    housing = add_need(person, "find-accommodation")
    sign_in(caseworker)
    page = url("need", person, need_id=housing.pk)
    assert client.get(page).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        page,
        {
            "version": 1,
            "status": "met",
            "side": "community",
            "on": yesterday.isoformat(),
            "note": "Hostel place",
        },
    )
    assert response.status_code == 302
    housing.refresh_from_db()
    assert (housing.status, housing.version) == ("met", 2)
    update = housing.updates.get()
    assert (update.on, update.side, update.note) == (yesterday, "community", "Hostel place")
    assert reload(person).needs_assessed_on == timezone.localdate()
    entry = entries_about(person).get(action="need.updated")
    assert entry.changes["status"] == ["not_started", "met"]
    assert Event.objects.filter(person=person, kind="need", pathway="accommodation").exists()
    html = client.get(page).content.decode()
    assert "Hostel place" in html
    assert entries_about(person).filter(changes__page="need").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"on": "31/02/2025"}, "Enter a real date"),
        ({"on": ""}, "Enter the date of the update"),
        ({"on": "2999-01-01"}, "cannot be in the future"),
        ({"status": ""}, "Select the status of the need"),
        ({"side": "moon"}, "Select prison side or community side"),
        ({"version": "x"}, "version number was not valid"),
    ],
)
def test_it_explains_bad_input_when_updating(client, sign_in, person, caseworker, changes, message):
    housing = add_need(person, "find-accommodation")
    sign_in(caseworker)
    data = {"version": 1, "status": "met", "side": "prison", "on": "2025-01-01", "note": "Typed"}
    response = client.post(url("need", person, need_id=housing.pk), {**data, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Typed" in html
    assert not housing.updates.exists()


def test_it_refuses_the_later_of_two_updates_from_the_same_version(
    client, sign_in, person, caseworker, organisation
):
    housing = add_need(person, "find-accommodation")
    colleague = member(organisation, Role.CASEWORKER)
    actions.update_need(
        colleague,
        housing,
        {"status": "in_progress", "side": "prison", "on": timezone.localdate(), "note": "Theirs"},
        expected_version=1,
    )
    sign_in(caseworker)
    response = client.post(
        url("need", person, need_id=housing.pk),
        {"version": 1, "status": "met", "side": "community", "on": "2025-01-01", "note": "Mine"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert str(STALE_MESSAGE).split(".")[0] in html
    assert "Mine" in html  # what they typed is still in the form
    assert "Theirs" in html  # and what the other person saved is shown
    assert 'name="version" value="2"' in html
    housing.refresh_from_db()
    assert (housing.status, housing.updates.count()) == ("in_progress", 1)


def test_it_refuses_updates_from_people_without_casework_access(person, outsider):
    housing = add_need(person, "find-accommodation")
    with pytest.raises(PermissionDenied):
        actions.update_need(
            outsider,
            housing,
            {"status": "met", "side": "prison", "on": timezone.localdate()},
            1,
        )


# --- No needs identified --------------------------------------------------------------------


def test_it_records_no_needs_identified(client, sign_in, person, caseworker):
    add_need(person, "register-gp", status="met")
    sign_in(caseworker)
    assert client.get(url("no_needs", person)).status_code == 200
    response = client.post(url("no_needs", person))
    assert response.status_code == 302
    person = reload(person)
    assert person.no_needs_identified is True
    assert person.needs_assessed_on == timezone.localdate()
    assert entries_about(person).filter(action="needs.none_identified").exists()
    assert Event.objects.filter(person=person, kind="need").exists()


def test_it_refuses_no_needs_identified_while_needs_are_open(client, sign_in, person, caseworker):
    add_need(person, "register-gp", status="in_progress")
    sign_in(caseworker)
    assert "still open" in client.get(url("no_needs", person)).content.decode()
    response = client.post(url("no_needs", person), follow=True)
    assert "cannot be recorded while needs are still open" in response.content.decode()
    assert reload(person).no_needs_identified is False
    assert not entries_about(person).filter(action="needs.none_identified").exists()


def test_it_clears_no_needs_identified_when_a_need_is_added(person, caseworker):
    actions.mark_no_needs(caseworker, person)
    actions.add_needs(caseworker, person, support_needs=[need("benefits")], side="prison")
    assert reload(person).no_needs_identified is False
    assert Need.objects.filter(person=person).count() == 1

import datetime

import pytest
from django.db import transaction

from resettle.accounts.models import Role
from resettle.people.log import entries_about, record_person, record_viewed
from resettle.subject_access import views
from resettle.testing.factories import OrganisationFactory, PersonFactory, involve, member


def url(person):
    return f"/people/{person.pk}/seen-by/"


def test_it_shows_a_manager_who_viewed_the_record(
    client, sign_in, person, caseworker, manager, organisation
):
    record_viewed(caseworker, person, "plan")
    sign_in(manager)
    response = client.get(url(person))
    assert response.status_code == 200
    rows = response.context["rows"]
    viewed = next(row for row in rows if row["entry"].actor == caseworker)
    assert viewed["what"] == "Viewed plan"
    assert viewed["entry"].organisation == organisation
    assert caseworker.get_full_name() in response.text
    assert organisation.name in response.text
    assert "<h1" in response.text and "Who has seen this record" in response.text


def test_it_records_that_someone_looked_at_who_has_seen_the_record(
    client, sign_in, person, manager
):
    sign_in(manager)
    client.get(url(person))
    entry = entries_about(person).get(action="person.viewed")
    assert entry.actor == manager
    assert entry.changes["page"] == "who has seen this record"


def test_it_lets_an_administrator_see_it(client, sign_in, person, administrator):
    sign_in(administrator)
    assert client.get(url(person)).status_code == 200


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE, Role.MENTOR])
def test_it_hides_it_from_other_roles(client, sign_in, person, organisation, role):
    user = member(organisation, role)
    if role == Role.MENTOR:
        involve(person, organisation, "mentoring", user)
    sign_in(user)
    assert client.get(url(person)).status_code == 404


def test_it_hides_it_from_outsiders_and_commissioners(client, sign_in, person, outsider):
    commissioner = member(OrganisationFactory(), Role.COMMISSIONER)
    involve(person, commissioner.memberships.get().organisation, "supporting")
    for user in (outsider, commissioner):
        sign_in(user)
        assert client.get(url(person)).status_code == 404
    assert not entries_about(person).exists()


def test_it_hides_it_from_a_manager_once_their_organisation_stops_working_with_them(
    client, sign_in, person, manager
):
    person.involvements.update(ended_on=datetime.date(2020, 1, 1))
    sign_in(manager)
    assert client.get(url(person)).status_code == 404


def test_it_shows_the_tab_to_managers_only(client, sign_in, person, manager, caseworker):
    sign_in(caseworker)
    assert url(person) not in client.get(f"/people/{person.pk}/").text
    sign_in(manager)
    assert url(person) in client.get(f"/people/{person.pk}/").text


def changed(actor, person, action="need.updated"):
    with transaction.atomic():
        record_person(actor, person, action, summary="Status: met")


def test_it_filters_views_and_changes(client, sign_in, person, caseworker, manager):
    record_viewed(caseworker, person, "plan")
    changed(caseworker, person)
    sign_in(manager)
    views_only = client.get(url(person), {"show": "views"}).context["rows"]
    assert {row["entry"].action for row in views_only} == {"person.viewed"}
    changes_only = client.get(url(person), {"show": "changes"}).context["rows"]
    assert [row["what"] for row in changes_only] == ["Changed need"]
    assert "Status: met" in client.get(url(person), {"show": "changes"}).text


def test_it_filters_by_organisation(
    client, sign_in, person, caseworker, manager, organisation, other_organisation
):
    helper = member(other_organisation, Role.CASEWORKER)
    involve(person, other_organisation, "supporting")
    record_viewed(caseworker, person, "plan")
    record_viewed(helper, person, "needs")
    sign_in(manager)
    response = client.get(url(person), {"organisation": str(other_organisation.pk)})
    assert [row["entry"].actor for row in response.context["rows"]] == [helper]
    choices = dict(response.context["form"].fields["organisation"].choices)
    assert choices[str(organisation.pk)] == organisation.name


@pytest.mark.parametrize(
    "params",
    [
        {"show": "everything-ever"},
        {"organisation": "not-a-uuid"},
        {"organisation": "00000000-0000-0000-0000-000000000000"},
        {"before": "banana"},
        {"before": "99999999999999999999999"},
        {"after": "-4"},
        {"before": "1", "after": "2"},
    ],
)
def test_it_answers_bad_filters_with_a_message(
    client, sign_in, person, caseworker, manager, params
):
    record_viewed(caseworker, person, "plan")
    sign_in(manager)
    response = client.get(url(person), params)
    assert response.status_code == 200
    assert "There is a problem" in response.text or params == {"before": "1", "after": "2"}
    assert any(row["entry"].actor == caseworker for row in response.context["rows"])


def test_it_will_not_page_from_another_persons_entries(
    client, sign_in, person, caseworker, manager, organisation
):
    someone_else = PersonFactory()
    involve(someone_else, organisation)
    record_viewed(caseworker, someone_else, "plan")
    theirs = entries_about(someone_else).get()
    sign_in(manager)
    response = client.get(url(person), {"before": theirs.pk})
    assert "could not be found" in response.text


def test_it_pages_through_a_long_log_without_offsets(
    client, sign_in, person, caseworker, manager, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for n in range(7):
        record_viewed(caseworker, person, f"page {n}")
    sign_in(manager)

    def pages(response):
        return [row["what"] for row in response.context["rows"]]

    first = client.get(url(person), {"show": "views"})
    # Newest first; the manager's own view of this page is the newest of all.
    assert pages(first) == ["Viewed who has seen this record", "Viewed page 6", "Viewed page 5"]
    assert first.context["page"]["newer"] is None
    second = client.get(url(person), {"show": "views", "before": first.context["page"]["older"]})
    assert pages(second) == ["Viewed page 4", "Viewed page 3", "Viewed page 2"]
    third = client.get(url(person), {"show": "views", "before": second.context["page"]["older"]})
    assert pages(third)[:2] == ["Viewed page 1", "Viewed page 0"]
    back = client.get(url(person), {"show": "views", "after": third.context["page"]["newer"]})
    assert pages(back) == ["Viewed page 4", "Viewed page 3", "Viewed page 2"]
    assert 'rel="next"' in back.text and 'rel="prev"' in back.text


def test_it_includes_entries_about_records_merged_into_this_one(
    client, sign_in, person, caseworker, manager
):
    merged = PersonFactory(merged_into=person)
    record_viewed(caseworker, merged, "needs")
    sign_in(manager)
    response = client.get(url(person))
    merged_rows = [row for row in response.context["rows"] if row["merged_record"]]
    assert [row["what"] for row in merged_rows] == ["Viewed needs"]
    assert "On a record merged into this one" in response.text


def test_it_does_not_count_the_whole_log(
    client, sign_in, person, manager, django_assert_max_num_queries
):
    sign_in(manager)
    with django_assert_max_num_queries(20) as captured:
        client.get(url(person))
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    # The header's unread-notifications badge counts the user's own few; never the audit log.
    assert not [sql for sql in counts if "audit" in sql.lower()]

"""A person's referrals tab and the page that finds a service for a need: who may reach them,
what they show, and bad addresses answered without a server error."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.consents import actions as consent_actions
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.places.models import Borough
from resettle.referrals import actions, suggestions
from resettle.referrals.models import Referral, Status
from resettle.testing.browser import axe_violations, sign_in_browser
from resettle.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    add_need,
    group,
    involve,
    member,
    need,
    person_with,
)


@pytest.fixture(autouse=True)
def fresh_index():
    suggestions.forget_directory()
    yield
    suggestions.forget_directory()


@pytest.fixture
def person(organisation, caseworker):
    """Someone in custody allocated to `caseworker`, with no consent recorded yet (the
    package conftest's `person` has one)."""
    return person_with(organisation, caseworker, given_name="Jordan", family_name="Reyes")


@pytest.fixture
def southwark(db):
    return Borough.objects.get(name="Southwark")


@pytest.fixture
def provider(db):
    return OrganisationFactory(name="Bankside Housing Trust")


@pytest.fixture
def housing(person, southwark):
    Person.records.filter(pk=person.pk).update(home_borough=southwark)
    return add_need(person, "find-accommodation")


@pytest.fixture
def service(provider, southwark):
    return ServiceFactory(
        organisation=provider,
        name="Find a Home Southwark",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        typical_wait_days=7,
    )


@pytest.fixture
def mentor(person, organisation):
    user = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", user)
    return user


def consent_to_refer(actor, person, organisation=None):
    return consent_actions.record_consent(
        actor,
        person,
        {
            "purpose": "referrals",
            "organisation": organisation,
            "lawful_basis": "consent",
            "how_recorded": "signed",
            "given_on": timezone.localdate() - datetime.timedelta(days=3),
            "note": "",
        },
    )


def send(actor, person, service, need, **kwargs):
    return actions.send_referral(
        actor,
        person,
        service=service,
        need=need,
        desired_outcomes=["Somewhere to live"],
        reason="Homeless on release",
        **kwargs,
    )


def url(name, person, query=""):
    return reverse(f"person_referrals:{name}", kwargs={"person_id": person.pk}) + query


# --- Who may reach them ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "suggest"])
def test_it_shows_the_pages_to_casework_staff_and_records_the_view(
    sign_in, organisation, caseworker, manager, person, housing, service, page
):
    intake = member(organisation, Role.INTAKE)
    for user in (caseworker, manager, intake):
        response = sign_in(user).get(url(page, person))
        assert response.status_code == 200
        assert entries_about(person).filter(action="person.viewed", actor=user).exists()


@pytest.mark.parametrize("page", ["list", "suggest"])
def test_it_gives_outsiders_mentors_administrators_and_the_receiving_organisation_a_404(
    sign_in, caseworker, outsider, mentor, administrator, person, housing, service, provider, page
):
    consent_to_refer(caseworker, person)
    send(caseworker, person, service, housing)
    receivers = [member(provider, role) for role in (Role.INTAKE, Role.CASEWORKER, Role.MANAGER)]
    elsewhere = member(OrganisationFactory(), Role.CASEWORKER)
    for user in (outsider, elsewhere, mentor, administrator, *receivers):
        client = sign_in(user)
        assert client.get(url(page, person, f"?need={housing.pk}")).status_code == 404
        assert client.post(url(page, person), {}).status_code in {404, 405}
    assert (
        not entries_about(person)
        .filter(action="person.viewed", actor__in=[outsider, mentor, administrator, *receivers])
        .exists()
    )


def test_it_adds_a_referrals_tab_and_a_find_a_service_link_on_each_open_need(
    sign_in, caseworker, person, housing
):
    met = add_need(person, "register-gp", status="met")
    html = sign_in(caseworker).get(reverse("needs:list", args=[person.pk])).content.decode()
    assert url("list", person) in html
    assert url("suggest", person, f"?need={housing.pk}") in html
    assert f"?need={met.pk}" not in html


# --- The list ------------------------------------------------------------------------------------


def test_it_lists_every_referral_newest_first_with_its_status_and_a_link(
    sign_in, organisation, caseworker, person, housing, service, provider, southwark
):
    consent_to_refer(caseworker, person)
    first = send(caseworker, person, service, housing)
    benefits = add_need(person, "benefits")
    other = ServiceFactory(
        organisation=provider,
        name="Benefits Clinic",
        needs=[need("benefits")],
        boroughs=[southwark],
    )
    second = send(caseworker, person, other, benefits)
    intake = member(provider, Role.INTAKE)
    actions.accept(intake, first)
    actions.record_contact(intake, first, on=timezone.localdate())
    # A referral sent by another organisation working with them shows, without a link.
    elsewhere = OrganisationFactory(name="Probation South")
    involve(person, elsewhere)
    theirs_worker = member(elsewhere, Role.CASEWORKER)
    third_service = ServiceFactory(
        organisation=OrganisationFactory(),
        name="Drug Service",
        needs=[need("drug-treatment")],
        boroughs=[southwark],
    )
    third = send(theirs_worker, person, third_service, add_need(person, "drug-treatment"))

    html = sign_in(caseworker).get(url("list", person)).content.decode()

    positions = [
        html.index(name) for name in ("Drug Service", "Benefits Clinic", "Find a Home Southwark")
    ]
    assert positions == sorted(positions)
    assert reverse("referrals:detail", args=[first.pk]) in html
    assert reverse("referrals:detail", args=[second.pk]) in html
    assert reverse("referrals:detail", args=[third.pk]) not in html
    assert "First contact made" in html and "govuk-tag--turquoise" in html
    assert "Sent, waiting for an answer" in html
    assert first.reference in html and "Help to find accommodation" in html
    assert timezone.localdate().strftime("%-d %b %Y") in html
    assert url("suggest", person) in html


def test_it_pages_through_referrals_from_newest_to_oldest(
    sign_in, organisation, caseworker, person, housing, service
):
    now = timezone.now()
    made = [
        Referral.objects.create(
            person=person,
            need=housing,
            pathway=housing.pathway,
            service=service,
            from_organisation=organisation,
            to_organisation=service.organisation,
            reason="r",
            sent_at=now - datetime.timedelta(hours=n),
            reference=f"R-TEST{n:03d}",
            status=Status.SENT,
        )
        for n in range(30)
    ]
    client = sign_in(caseworker)
    page_one = client.get(url("list", person))
    html = page_one.content.decode()
    assert "R-TEST000" in html and "R-TEST024" in html and "R-TEST025" not in html
    older = page_one.context["older_cursor"]
    html = client.get(url("list", person, f"?before={older}")).content.decode()
    assert "R-TEST025" in html and "R-TEST029" in html and "R-TEST024" not in html
    assert "Back to the newest referrals" in html
    html = client.get(url("list", person, "?before=nonsense")).content.decode()
    assert "R-TEST000" in html and "not one we recognise" in html
    assert len(made) == 30


# --- Finding a service ------------------------------------------------------------------------


def test_it_suggests_services_for_a_need_with_reasons_and_a_refer_link(
    sign_in, caseworker, person, housing, service, provider, southwark
):
    closed = ServiceFactory(
        organisation=provider,
        name="Closed Hostel",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        accepting_referrals=False,
    )
    html = sign_in(caseworker).get(url("suggest", person, f"?need={housing.pk}")).content.decode()
    assert "Find a Home Southwark" in html
    assert "Bankside Housing Trust" in html
    assert "Meets the need: Help to find accommodation" in html
    assert "Covers their home borough, Southwark" in html
    assert "Taking referrals, typical wait 7 days" in html
    refer = url("new", person, f"?service={service.pk}&amp;need={housing.pk}")
    assert refer in html
    assert "Why are other services not shown?" in html
    assert "Not taking referrals at the moment" in html
    # Listed only on request.
    assert "Closed Hostel" not in html
    listed = sign_in(caseworker).get(
        url("suggest", person, f"?need={housing.pk}&left_out=not_accepting")
    )
    assert "Closed Hostel" in listed.content.decode()
    assert listed.context["left_out_page"].object_list[0].service_id == str(closed.pk)
    everything = sign_in(caseworker).get(url("suggest", person, f"?need={housing.pk}&left_out=all"))
    assert "Closed Hostel" in everything.content.decode()
    odd = sign_in(caseworker).get(url("suggest", person, f"?need={housing.pk}&left_out=nope"))
    assert odd.status_code == 200 and "not one we have" in odd.content.decode()


def test_it_shows_suggestions_at_once_for_a_single_open_need_and_asks_otherwise(
    sign_in, caseworker, person, housing, service
):
    client = sign_in(caseworker)
    assert client.get(url("suggest", person)).context["result"].rows[0].service == service
    add_need(person, "benefits")
    response = client.get(url("suggest", person))
    assert "result" not in response.context
    assert "Which need is this for?" in response.content.decode()


def test_it_ranks_a_specialism_the_person_asked_for_higher(
    sign_in, caseworker, person, housing, service, provider, southwark
):
    specialist = ServiceFactory(
        organisation=provider,
        name="Veterans Housing",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        groups=[group("veterans")],
        typical_wait_days=7,
    )
    client = sign_in(caseworker)
    plain = client.get(url("suggest", person, f"?need={housing.pk}")).context["result"]
    assert [row.service for row in plain.rows] == [service, specialist]
    asked = client.get(url("suggest", person, f"?need={housing.pk}&specialism=veterans"))
    assert [row.service for row in asked.context["result"].rows] == [specialist, service]
    assert "as they asked" in asked.content.decode()


def test_it_marks_a_service_already_referred_to(sign_in, caseworker, person, housing, service):
    consent_to_refer(caseworker, person)
    referral = send(caseworker, person, service, housing)
    html = sign_in(caseworker).get(url("suggest", person, f"?need={housing.pk}")).content.decode()
    assert f"Already referred ({referral.reference})" in html
    assert f"?service={service.pk}" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?need=not-a-uuid",
        f"?need={uuid.uuid4()}",
        "?need=",
        "?need={other}",
        "?need={met}",
        "?need={housing}&specialism=nonsense",
        "?need={housing}&left_out_page=999",
    ],
)
def test_it_answers_a_bad_address_with_a_message_not_a_server_error(
    sign_in, caseworker, organisation, person, housing, service, query
):
    other = add_need(person_with(organisation, caseworker), "benefits")
    met = add_need(person, "register-gp", status="met")
    query = query.format(other=other.pk, met=met.pk, housing=housing.pk)
    response = sign_in(caseworker).get(url("suggest", person, query))
    assert response.status_code == 200
    if "left_out_page" in query:
        assert response.context["result"].rows
    else:
        assert "There is a problem" in response.content.decode()
        assert "result" not in response.context


def test_it_says_what_to_do_when_the_person_has_no_open_needs(sign_in, caseworker, person):
    html = sign_in(caseworker).get(url("suggest", person)).content.decode()
    assert "They have no open needs" in html
    assert reverse("needs:add", args=[person.pk]) in html


def test_it_finds_services_for_a_person_known_to_no_prison_or_borough(
    sign_in, caseworker, organisation
):
    unknown = PersonFactory(home_borough=None, date_of_birth=None, custody_status="in_community")
    involve(unknown, organisation)
    need_row = add_need(unknown, "benefits")
    national = ServiceFactory(name="National Benefits Line", needs=[need("benefits")])
    from resettle.services.models import ServiceArea

    ServiceArea.objects.create(service=national, scope=ServiceArea.NATIONAL, name="England")
    response = sign_in(caseworker).get(url("suggest", unknown, f"?need={need_row.pk}"))
    assert [row.service for row in response.context["result"].rows] == [national]


# --- In a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_takes_a_caseworker_from_a_need_to_a_sent_referral_without_javascript(
    live_server, page_without_js, caseworker, person, housing, service
):
    consent_to_refer(caseworker, person)
    page = page_without_js
    sign_in_browser(page, live_server, caseworker)
    page.goto(live_server.url + reverse("needs:list", args=[person.pk]))
    page.get_by_role("link", name="Find a service for Help to find accommodation").click()
    page.get_by_role("link", name="Refer to Find a Home Southwark").click()
    page.get_by_label("Desired outcome 1").fill("Somewhere to live from release day")
    page.get_by_role("button", name="Add another outcome").click()
    page.get_by_label("Desired outcome 4").fill("Housing benefit in place")
    page.get_by_label("What does the person need from this service?").fill("Homeless on release")
    page.get_by_label("Soon (within 2 weeks)").check()
    page.get_by_label("Phone, email and address").check()
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_load_state()
    referral = Referral.objects.get()
    assert page.url == live_server.url + reverse("referrals:detail", args=[referral.pk])
    banner = page.get_by_text(f"Referral {referral.reference} sent to Bankside Housing Trust.")
    assert banner.is_visible()
    assert [o.description for o in referral.outcomes.all()] == [
        "Somewhere to live from release day",
        "Housing benefit in place",
    ]
    assert (referral.urgency, referral.shared_fields) == ("soon", ["contact"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_finds_no_wcag_violations_on_the_referral_pages(
    live_server, page, caseworker, person, housing, service, provider, southwark
):
    ServiceFactory(
        organisation=provider,
        name="Closed Hostel",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        accepting_referrals=False,
    )
    sign_in_browser(page, live_server, caseworker)
    for address in [
        url("suggest", person, f"?need={housing.pk}&left_out=all"),
        url("new", person, f"?service={service.pk}&need={housing.pk}"),
        url("list", person),
    ]:
        page.goto(live_server.url + address)
        assert axe_violations(page) == [], address
    # The form with its errors, no consent on record.
    page.goto(live_server.url + url("new", person, f"?service={service.pk}&need={housing.pk}"))
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_load_state()
    assert page.get_by_text("There is a problem").is_visible()
    assert axe_violations(page) == []

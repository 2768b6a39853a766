"""The referral form: consent up front, what is sent, overriding without consent (audited),
and bad input answered on the form, never with a server error."""

import datetime
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.consents import actions as consent_actions
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.places.models import Borough, Prison
from resettle.referrals.forms import ReferralForm
from resettle.referrals.models import Referral
from resettle.services.models import Service
from resettle.testing.factories import (
    OrganisationFactory,
    ServiceFactory,
    add_need,
    involve,
    member,
    need,
    person_with,
)


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
    Person.records.filter(pk=person.pk).update(
        home_borough=southwark, current_prison=Prison.objects.get(code="PVI")
    )
    return add_need(person, "find-accommodation")


@pytest.fixture
def service(provider, southwark):
    return ServiceFactory(
        organisation=provider,
        name="Find a Home Southwark",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
    )


def record_consent(actor, person, purpose="referrals", organisation=None, basis="consent"):
    return consent_actions.record_consent(
        actor,
        person,
        {
            "purpose": purpose,
            "organisation": organisation,
            "lawful_basis": basis,
            "how_recorded": "signed" if basis == "consent" else "not_applicable",
            "given_on": datetime.date(2026, 1, 12),
            "note": "Explained in the resettlement interview." if basis != "consent" else "",
        },
    )


def url(person, service=None, need=None):
    query = []
    if service is not None:
        query.append(f"service={getattr(service, 'pk', service)}")
    if need is not None:
        query.append(f"need={getattr(need, 'pk', need)}")
    base = reverse("person_referrals:new", kwargs={"person_id": person.pk})
    return base + ("?" + "&".join(query) if query else "")


def answers(service, need, /, **changes):
    data = {
        "service": str(service.pk),
        "need": str(need.pk),
        "outcome_count": "3",
        "outcome_1": "Somewhere safe to live on release",
        "outcome_2": "Housing benefit in place",
        "outcome_3": "",
        "reason": "They will be homeless on release and need a hostel place.",
        "urgency": "soon",
        "shared_fields": ["date_of_birth", "contact"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def boxes(html):
    return len(re.findall(r'name="outcome_\d+"', html))


def post(client, person, data):
    return client.post(url(person), data)


def errors(response):
    return response.context["form"].errors


# --- Showing the form ----------------------------------------------------------------------------


def test_it_shows_the_consent_on_record_and_the_release_context(
    sign_in, caseworker, person, housing, service, provider
):
    record_consent(caseworker, person, organisation=provider)
    response = sign_in(caseworker).get(url(person, service, housing))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Consent to refer to Bankside Housing Trust: recorded on 12 January 2026." in html
    assert 'name="consent_override_reason"' not in html
    assert "HMP Pentonville" in html
    assert person.release_date.strftime("%-d %B %Y") in html
    assert "Refer to Find a Home Southwark" in html
    assert boxes(html) == 3
    # The whole record cannot be chosen without consent to share it with them.
    assert 'value="whole_record"' not in html
    assert "they have not agreed to share it with Bankside Housing Trust" in html
    assert response.context["form"]["need"].value() == str(housing.pk)
    assert entries_about(person).filter(action="person.viewed", changes__page="new referral")


def test_it_names_another_lawful_basis(sign_in, caseworker, person, housing, service):
    record_consent(caseworker, person, basis="public_task")
    html = sign_in(caseworker).get(url(person, service, housing)).content.decode()
    assert "on the lawful basis of Public task, recorded on 12 January 2026" in html
    assert "This covers any organisation working with them." in html


def test_it_warns_up_front_when_there_is_no_consent(sign_in, caseworker, person, housing, service):
    html = sign_in(caseworker).get(url(person, service, housing)).content.decode()
    assert "has not agreed to be referred to Bankside Housing Trust" in html
    assert 'name="consent_override_reason"' in html


# --- Sending ------------------------------------------------------------------------------------


def test_it_sends_the_referral_with_consent_and_shows_it_sent(
    client, sign_in, caseworker, person, housing, service, provider
):
    consent = record_consent(caseworker, person, organisation=provider)
    response = post(sign_in(caseworker), person, answers(service, housing))
    referral = Referral.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Referral {referral.reference} sent to Bankside Housing Trust."
    ]
    assert referral.service == service and referral.need == housing
    assert referral.consent == consent and referral.consent_override_reason == ""
    assert referral.urgency == "soon"
    assert referral.shared_fields == ["contact", "date_of_birth"]
    assert [o.description for o in referral.outcomes.all()] == [
        "Somewhere safe to live on release",
        "Housing benefit in place",
    ]
    assert referral.in_custody and referral.prison.code == "PVI"
    assert referral.release_date == person.release_date
    assert entries_about(person).filter(action="referral.sent").count() == 1
    assert not entries_about(person).filter(action="referral.consent_overridden").exists()


def test_it_refuses_without_consent_unless_a_reason_is_given_and_audits_the_override(
    sign_in, caseworker, person, housing, service
):
    client = sign_in(caseworker)
    refused = post(client, person, answers(service, housing))
    assert refused.status_code == 200
    assert "consent_override_reason" in errors(refused)
    assert "Give the reason you must refer them without their consent" in (refused.content.decode())
    assert not Referral.objects.exists()

    reason = "Risk of rough sleeping on release day; they could not be reached to ask."
    sent = post(client, person, answers(service, housing, consent_override_reason=reason))
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent is None and referral.consent_override_reason == reason
    override = entries_about(person).get(action="referral.consent_overridden")
    assert override.actor == caseworker and override.changes["reason"] == reason


def test_it_shares_the_whole_record_only_with_consent_to_share_it(
    sign_in, caseworker, person, housing, service, provider
):
    record_consent(caseworker, person, organisation=provider)
    client = sign_in(caseworker)
    data = answers(service, housing, shared_fields=["whole_record"])
    refused = post(client, person, data)
    assert "shared_fields" in errors(refused) and not Referral.objects.exists()

    record_consent(caseworker, person, purpose="share_record", organisation=provider)
    html = client.get(url(person, service, housing)).content.decode()
    assert 'value="whole_record"' in html and "cannot be shared" not in html
    assert post(client, person, data).status_code == 302
    assert Referral.objects.get().shared_fields == ["whole_record"]


def test_it_adds_another_outcome_box_without_complaining(
    sign_in, caseworker, person, housing, service
):
    client = sign_in(caseworker)
    data = answers(service, housing, add_outcome="1", reason="")
    response = post(client, person, data)
    html = response.content.decode()
    assert response.status_code == 200 and not Referral.objects.exists()
    assert boxes(html) == 4
    assert "There is a problem" not in html
    assert "Somewhere safe to live on release" in html
    assert 'value="contact"' in html and response.context["form"]["shared_fields"].value() == [
        "date_of_birth",
        "contact",
    ]
    data = answers(service, housing, outcome_count="10", add_outcome="1")
    html = post(client, person, data).content.decode()
    assert boxes(html) == 10 and "Add another outcome" not in html


def test_it_sends_a_fourth_outcome(sign_in, caseworker, person, housing, service, provider):
    record_consent(caseworker, person, organisation=provider)
    data = answers(service, housing, outcome_count="4", outcome_4="A GP")
    assert post(sign_in(caseworker), person, data).status_code == 302
    assert Referral.objects.get().outcomes.count() == 3


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"outcome_1": "", "outcome_2": " "}, "outcome_1"),
        ({"outcome_1": "x" * 301}, "outcome_1"),
        ({"reason": "  "}, "reason"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"need": None}, "need"),
        ({"need": "nonsense"}, "need"),
        ({"shared_fields": ["passwords"]}, "shared_fields"),
        ({"service": "nonsense"}, "service"),
        ({"service": str(uuid.uuid4())}, "service"),
        ({"outcome_count": "many"}, "outcome_1"),
    ],
)
def test_it_answers_bad_input_on_the_form(
    sign_in, caseworker, person, housing, service, provider, changes, field
):
    record_consent(caseworker, person, organisation=provider)
    data = answers(service, housing, **changes)
    if field == "outcome_1" and "outcome_count" in changes:
        data.update(outcome_1="", outcome_2="")
    response = post(sign_in(caseworker), person, data)
    assert response.status_code == 200
    assert field in errors(response), errors(response)
    assert "There is a problem" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_refuses_a_need_of_another_person(
    sign_in, organisation, caseworker, person, housing, service, provider
):
    record_consent(caseworker, person, organisation=provider)
    someone_else = person_with(organisation, caseworker)
    theirs = add_need(someone_else, "find-accommodation")
    client = sign_in(caseworker)
    response = post(client, person, answers(service, housing, need=str(theirs.pk)))
    assert "need" in errors(response) and not Referral.objects.exists()
    shown = client.get(url(person, service, theirs))
    assert shown.status_code == 200
    assert "That need is not one of their open needs" in shown.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Service.Status.DEFUNCT},
        {"status": Service.Status.TEMPORARILY_CLOSED},
        {"accepting_referrals": False},
        {"accepts_professional_referral": False, "accepts_self_referral": True},
    ],
)
def test_it_refuses_a_service_that_cannot_take_the_referral(
    sign_in, caseworker, person, housing, service, provider, changes
):
    record_consent(caseworker, person, organisation=provider)
    Service.objects.filter(pk=service.pk).update(**changes)
    client = sign_in(caseworker)
    shown = client.get(url(person, service, housing))
    assert shown.status_code == 200 and "There is a problem" in shown.content.decode()
    response = post(client, person, answers(service, housing))
    assert "service" in errors(response)
    assert "Find a Home Southwark" in errors(response)["service"][0]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("service_id", ["", "nonsense", str(uuid.uuid4())])
def test_it_explains_an_unknown_service_on_arrival(
    sign_in, caseworker, person, housing, service_id
):
    response = sign_in(caseworker).get(url(person, service_id, housing))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a service to refer to: that one is not in the directory" in html
    assert reverse("person_referrals:suggest", args=[person.pk]) in html


def test_it_puts_a_refusal_from_the_action_on_the_form(
    sign_in, caseworker, person, housing, service, provider
):
    """The action checks again what the form checked: here a second referral to a service
    with one already open."""
    record_consent(caseworker, person, organisation=provider)
    client = sign_in(caseworker)
    assert post(client, person, answers(service, housing)).status_code == 302
    first = Referral.objects.get()
    again = post(client, person, answers(service, housing))
    assert again.status_code == 200
    assert f"There is already an open referral to Find a Home Southwark ({first.reference})" in (
        again.content.decode()
    )
    assert Referral.objects.count() == 1


# --- Who may send -------------------------------------------------------------------------------


def test_it_gives_outsiders_mentors_and_the_receiving_organisation_a_404(
    sign_in, organisation, caseworker, outsider, administrator, person, housing, service, provider
):
    record_consent(caseworker, person)
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    receiver = member(provider, Role.MANAGER)
    elsewhere = member(OrganisationFactory(), Role.CASEWORKER)
    for user in (outsider, elsewhere, mentor, administrator, receiver):
        client = sign_in(user)
        assert client.get(url(person, service, housing)).status_code == 404
        assert post(client, person, answers(service, housing)).status_code == 404
    assert not Referral.objects.exists()


# --- The form on its own (for the refer-on page) ------------------------------------------------


def test_the_form_for_an_onward_referral_has_no_need_choice_and_limits_what_is_shared(
    caseworker, person, housing, service, provider
):
    parent = Referral(
        person=person,
        need=housing,
        pathway=housing.pathway,
        service=service,
        shared_fields=["contact"],
    )
    form = ReferralForm(
        {
            "service": str(service.pk),
            "outcome_1": "A tenancy",
            "reason": "Needs housing",
            "urgency": "routine",
            "shared_fields": ["contact", "plan"],
            "consent_override_reason": "Urgent",
        },
        person=person,
        service=service,
        parent=parent,
        allowed=parent.shared_fields,
    )
    assert "need" not in form.fields
    assert not form.is_valid()
    assert list(form.errors) == ["shared_fields"]
    assert [option["value"] for option in form.share_options()] == ["contact"]


def test_it_starts_routine(sign_in, caseworker, person, housing, service):
    response = sign_in(caseworker).get(url(person, service, housing))
    assert response.context["form"]["urgency"].value() == "routine"

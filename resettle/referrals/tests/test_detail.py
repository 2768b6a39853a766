"""One referral's page: what each side sees, what the receiving side never sees, the chain and
the history."""

import pytest
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.referrals import actions
from resettle.referrals.models import SharedField
from resettle.referrals.tests.conftest import give_consent, send
from resettle.testing.factories import (
    OrganisationFactory,
    ServiceFactory,
    member,
    need,
    person_with,
)


def detail_url(referral):
    return reverse("referrals:detail", args=[referral.pk])


def test_it_shows_the_receiving_side_the_referral_and_what_was_shared(
    client, sign_in, intake, referral, person
):
    sign_in(intake)
    response = client.get(detail_url(referral))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in (
        referral.reference,
        person.full_name,
        "Tenancy Ready",
        "Lambeth Housing Advice",
        "Southwark Resettlement Trust",
        "A settled home",
        "Housing benefit",
        "Needs somewhere to live from release day.",
        "Routine",
        "Sent, waiting for an answer",
        "Consent given on",
        "In custody",
        "Accept referral",
        "Decline it",
    ):
        assert expected in content, expected


def test_it_never_shows_the_receiving_side_what_was_not_shared(
    client, sign_in, intake, referral, person
):
    assert person.phone and person.prison_number
    sign_in(intake)
    content = client.get(detail_url(referral)).content.decode()
    assert person.phone not in content
    assert person.prison_number not in content
    assert "1990" not in content  # date of birth
    assert reverse("people:person", args=[person.pk]) not in content
    assert "Phone, email and address" in content  # named as not shared


def test_it_shows_the_receiving_side_what_was_shared(
    client, sign_in, intake, caseworker, person, service
):
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.FEMALE)
    shared = send(
        caseworker,
        person,
        service,
        shared_fields=[
            SharedField.CONTACT,
            SharedField.PRISON_NUMBER,
            SharedField.DATE_OF_BIRTH,
            SharedField.SEX,
        ],
    )
    sign_in(intake)
    content = client.get(detail_url(shared)).content.decode()
    assert person.phone in content
    assert person.prison_number in content
    assert "17 May 1990" in content
    assert '<dt class="govuk-summary-list__key">Sex</dt>' in content and "Female" in content


def test_it_never_shows_a_sex_that_was_not_chosen_to_share(
    client, sign_in, intake, caseworker, person, service
):
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.FEMALE)
    referral = send(caseworker, person, service, shared_fields=[SharedField.DATE_OF_BIRTH])
    sign_in(intake)
    content = client.get(detail_url(referral)).content.decode()
    assert "17 May 1990" in content
    assert "Female" not in content


def test_it_shows_the_override_reason_only_to_the_referring_side(
    client, sign_in, organisation, caseworker, intake, service
):
    unconsented = person_with(organisation, caseworker)
    referral = send(
        caseworker, unconsented, service, consent_override_reason="Rough sleeping risk tonight"
    )
    sign_in(intake)
    content = client.get(detail_url(referral)).content.decode()
    assert "Rough sleeping risk tonight" not in content
    assert "Referred without consent on record" in content
    sign_in(caseworker)
    content = client.get(detail_url(referral)).content.decode()
    assert "Referred without consent: Rough sleeping risk tonight" in content


def test_it_links_the_referring_side_to_the_persons_record(
    client, sign_in, caseworker, referral, person
):
    sign_in(caseworker)
    response = client.get(detail_url(referral))
    content = response.content.decode()
    assert reverse("people:person", args=[person.pk]) in content
    assert "Cancel it" in content
    assert "Accept referral" not in content and "Decline it" not in content


def test_it_records_that_the_page_was_seen(client, sign_in, intake, referral, person):
    sign_in(intake)
    client.get(detail_url(referral))
    viewed = entries_about(person).filter(action="person.viewed", actor=intake)
    assert viewed.count() == 1
    assert viewed.get().changes["page"] == "referral"


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMISSIONER])
def test_it_is_not_found_for_roles_without_casework_at_either_side(
    client, sign_in, referral, receiving_organisation, organisation, role
):
    for org in (receiving_organisation, organisation):
        sign_in(member(org, role))
        assert client.get(detail_url(referral)).status_code == 404


def test_it_is_not_found_for_another_organisations_caseworker(
    client, sign_in, referral, other_organisation, person
):
    sign_in(member(other_organisation, Role.CASEWORKER))
    response = client.get(detail_url(referral))
    assert response.status_code == 404
    assert person.full_name.encode() not in response.content


def test_it_sends_anonymous_visitors_to_sign_in(client, referral):
    response = client.get(detail_url(referral))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_it_shows_the_history_with_who_when_and_why(client, sign_in, intake, caseworker, referral):
    intake.first_name, intake.last_name = "Priya", "Shah"
    intake.save()
    actions.decline(intake, referral, reason="no_capacity", detail="Full until spring.")
    sign_in(caseworker)
    content = client.get(detail_url(referral)).content.decode()
    assert "moj-timeline" in content
    assert "by Priya Shah, Lambeth Housing Advice" in content
    assert "Reason:</strong> No capacity" in content
    assert "Full until spring." in content
    assert "Why it was declined" in content
    assert content.index("Declined</h3>") < content.index("Sent</h3>")  # newest first


def test_it_shows_contacts_in_the_history(client, sign_in, intake, referral):
    from django.utils import timezone

    actions.accept(intake, referral)
    actions.record_contact(intake, referral, on=timezone.localdate(), how="phone")
    sign_in(intake)
    content = client.get(detail_url(referral)).content.decode()
    assert "First contact." in content and "By phone." in content
    assert "before release" in content  # still in custody


def test_it_shows_the_chain_only_as_far_as_the_user_may_see(
    client, sign_in, caseworker, intake, referral, person
):
    actions.accept(intake, referral)
    onward_org = OrganisationFactory(name="Camden Recovery Service")
    onward_service = ServiceFactory(
        organisation=onward_org, name="Recovery Steps", needs=[need("find-accommodation")]
    )
    give_consent(caseworker, person, organisation=onward_org)
    onward = actions.refer_on(
        intake,
        referral,
        service=onward_service,
        need=referral.need,
        desired_outcomes=["Somewhere stable"],
        reason="They need more support than we give.",
    )
    sign_in(intake)
    content = client.get(detail_url(referral)).content.decode()
    assert onward.reference in content and "Referred on from this one" in content
    content = client.get(detail_url(onward)).content.decode()
    assert referral.reference in content and "This referral came from it" in content
    # The first referrer sent neither the onward referral nor received it: the history says
    # it was referred on (as the person's timeline does), but there is no link to open it.
    sign_in(caseworker)
    content = client.get(detail_url(referral)).content.decode()
    assert "Referred on from this one" not in content
    assert detail_url(onward) not in content
    assert client.get(detail_url(onward)).status_code == 404
    # The onward organisation sees where it came from only if it may see it: it may not.
    sign_in(member(onward_org, Role.INTAKE))
    content = client.get(detail_url(onward)).content.decode()
    assert referral.reference not in content and detail_url(referral) not in content

"""The pages that change a referral: each works, each refuses bad input with a message beside
the field, an out-of-date change is a clear 409 (never a 500), and the other side and outsiders
get a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.referrals import actions
from resettle.referrals.models import Referral, ReferralEvent, SharedField, Status
from resettle.referrals.tests.conftest import give_consent
from resettle.testing.factories import OrganisationFactory, ServiceFactory, member, need

TODAY = timezone.localdate


def url(name, referral):
    return reverse(f"referrals:{name}", args=[referral.pk])


def fresh(referral):
    return Referral.objects.get(pk=referral.pk)


def date_parts(day):
    return {"on_day": day.day, "on_month": day.month, "on_year": day.year}


@pytest.fixture
def accepted(intake, referral):
    return actions.accept(intake, referral)


@pytest.fixture
def under_way(intake, accepted):
    return actions.record_contact(intake, accepted, on=TODAY(), how="phone")


# --- Accept --------------------------------------------------------------------------------


def test_it_accepts_with_one_button_and_says_so(client, sign_in, intake, referral):
    sign_in(intake)
    response = client.post(url("accept", referral), {"assign_to": ""}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", referral)
    assert fresh(referral).status == Status.ACCEPTED
    assert f"Referral {referral.reference} accepted." in response.content.decode()


def test_it_accepts_and_assigns_at_once(client, sign_in, intake, receiving_manager, referral):
    sign_in(receiving_manager)
    client.post(url("accept", referral), {"assign_to": intake.pk})
    assert fresh(referral).assigned_to == intake


def test_it_explains_a_second_accept_with_who_accepted_and_when(
    client, sign_in, intake, receiving_manager, referral
):
    intake.first_name, intake.last_name = "Sam", "Jones"
    intake.save()
    actions.accept(intake, referral)
    sign_in(receiving_manager)
    response = client.post(url("accept", referral), {"assign_to": ""})
    assert response.status_code == 409
    content = response.content.decode()
    assert "This referral has already been accepted, so it cannot be accepted." in content
    at = timezone.localtime(referral.events.get(kind="accepted").at).strftime("%H:%M")
    assert f"Sam Jones (Lambeth Housing Advice) accepted it at {at} today." in content


def test_it_explains_a_change_made_on_an_earlier_day(
    client, sign_in, intake, receiving_manager, referral
):
    actions.decline(intake, referral, reason="no_capacity")
    ReferralEvent.objects.filter(kind="sent").update(
        at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
    )
    ReferralEvent.objects.filter(kind="declined").update(
        at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 2))
    )
    sign_in(receiving_manager)
    response = client.post(url("accept", referral), {"assign_to": ""})
    assert response.status_code == 409
    assert "declined it on 2 March 2026 at 10:02." in response.content.decode()


def test_it_refuses_to_assign_on_accept_someone_from_another_organisation(
    client, sign_in, intake, referral, caseworker
):
    sign_in(intake)
    response = client.post(url("accept", referral), {"assign_to": caseworker.pk})
    assert response.status_code == 400
    assert "Choose someone who works at Lambeth Housing Advice" in response.content.decode()
    assert fresh(referral).status == Status.SENT


def test_accept_is_a_post(client, sign_in, intake, referral):
    sign_in(intake)
    assert client.get(url("accept", referral)).status_code == 405


# --- Decline -------------------------------------------------------------------------------


def test_it_declines_with_a_reason(client, sign_in, intake, caseworker, referral):
    sign_in(intake)
    page = client.get(url("decline", referral))
    assert page.status_code == 200
    assert "govuk-radios__conditional" in page.content.decode()
    response = client.post(url("decline", referral), {"reason": "out_of_area", "detail": ""})
    assert response.status_code == 302
    declined = fresh(referral)
    assert declined.status == Status.DECLINED and declined.decline_reason == "out_of_area"


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Select why you are declining the referral"),
        ({"reason": "bored"}, "Select why you are declining the referral"),
        ({"reason": "other", "detail": "  "}, "Say why you are declining the referral"),
    ],
)
def test_it_asks_for_a_reason_to_decline(client, sign_in, intake, referral, data, message):
    sign_in(intake)
    response = client.post(url("decline", referral), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(referral).status == Status.SENT


# --- Assign --------------------------------------------------------------------------------


def test_it_assigns_a_worker(client, sign_in, intake, receiving_manager, referral):
    sign_in(receiving_manager)
    assert client.get(url("assign", referral)).status_code == 200
    response = client.post(url("assign", referral), {"worker": intake.pk})
    assert response.status_code == 302
    assert fresh(referral).assigned_to == intake


def test_it_refuses_to_assign_someone_from_another_organisation(
    client, sign_in, intake, referral, caseworker
):
    sign_in(intake)
    for worker in (caseworker.pk, "", "nonsense"):
        response = client.post(url("assign", referral), {"worker": worker})
        assert response.status_code == 400
        assert "Choose someone who works at Lambeth Housing Advice" in response.content.decode()
    assert fresh(referral).assigned_to is None


def test_it_will_not_assign_a_mentor_of_the_receiving_organisation(
    client, sign_in, intake, referral, receiving_organisation
):
    mentor = member(receiving_organisation, Role.MENTOR)
    sign_in(intake)
    assert client.post(url("assign", referral), {"worker": mentor.pk}).status_code == 400


# --- Contact -------------------------------------------------------------------------------


def test_it_records_a_first_contact(client, sign_in, intake, accepted):
    sign_in(intake)
    assert client.get(url("contact", accepted)).status_code == 200
    response = client.post(
        url("contact", accepted),
        {**date_parts(TODAY()), "happened": "yes", "how": "prison_visit", "note": "Met on B wing"},
    )
    assert response.status_code == 302
    contacted = fresh(accepted)
    assert contacted.status == Status.CONTACT_MADE
    assert contacted.first_contact_on == TODAY() and contacted.first_contact_before_release


def test_it_records_a_contact_that_did_not_happen(client, sign_in, intake, accepted):
    sign_in(intake)
    client.post(url("contact", accepted), {**date_parts(TODAY()), "happened": "no", "how": "phone"})
    assert fresh(accepted).status == Status.ACCEPTED
    assert fresh(accepted).first_contact_on is None


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {**date_parts(TODAY() + datetime.timedelta(days=1)), "happened": "yes", "how": "phone"},
            "The date of the contact must be today or in the past",
        ),
        (
            {**date_parts(TODAY() - datetime.timedelta(days=30)), "happened": "yes"},
            "when it was referred",
        ),
        (
            {"on_day": "31", "on_month": "2", "on_year": "2026", "happened": "yes"},
            "The date of the contact must be a real date",
        ),
        ({"happened": "yes", "how": "phone"}, "Enter the date of the contact"),
        ({**date_parts(TODAY()), "how": "phone"}, "Select whether the contact happened"),
        ({**date_parts(TODAY()), "happened": "yes"}, "Select how the contact was made"),
    ],
)
def test_it_refuses_a_contact_it_cannot_record(client, sign_in, intake, accepted, data, message):
    sign_in(intake)
    response = client.post(url("contact", accepted), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(accepted).status == Status.ACCEPTED


def test_it_will_not_record_a_contact_before_acceptance(client, sign_in, intake, referral):
    sign_in(intake)
    response = client.post(
        url("contact", referral), {**date_parts(TODAY()), "happened": "yes", "how": "phone"}
    )
    assert response.status_code == 409
    assert "has not been answered yet, so no contact can be recorded" in response.content.decode()


# --- Complete ------------------------------------------------------------------------------


def test_it_completes_with_a_result_for_each_outcome(client, sign_in, intake, under_way):
    first, second = under_way.outcomes.all()
    sign_in(intake)
    page = client.get(url("complete", under_way))
    assert page.status_code == 200
    assert "A settled home" in page.content.decode()
    response = client.post(
        url("complete", under_way),
        {
            f"outcome_{first.pk}": "achieved",
            f"outcome_{second.pk}": "partly_achieved",
            "note": "Housed in Peckham.",
        },
    )
    assert response.status_code == 302
    completed = fresh(under_way)
    assert completed.status == Status.COMPLETED and completed.closing_note == "Housed in Peckham."
    assert [o.result for o in completed.outcomes.all()] == ["achieved", "partly_achieved"]


def test_it_asks_for_every_outcome(client, sign_in, intake, under_way):
    first, _second = under_way.outcomes.all()
    sign_in(intake)
    response = client.post(url("complete", under_way), {f"outcome_{first.pk}": "achieved"})
    assert response.status_code == 400
    assert "Select how far “Housing benefit” was achieved" in response.content.decode()
    assert fresh(under_way).is_open


def test_it_explains_why_a_declined_referral_cannot_be_completed(client, sign_in, intake, referral):
    actions.decline(intake, referral, reason="risk")
    sign_in(intake)
    posted = client.post(url("complete", referral))
    assert posted.status_code == 409
    # A stale link to the form goes to the referral, saying the same.
    followed = client.get(url("complete", referral), follow=True)
    assert followed.redirect_chain == [(url("detail", referral), 302)]
    for response in (posted, followed):
        content = response.content.decode()
        assert "This referral was declined, so it cannot be completed." in content
        assert "declined it at" in content


# --- Withdraw and cancel -------------------------------------------------------------------


def test_the_referrer_withdraws_an_accepted_referral(client, sign_in, caseworker, accepted):
    sign_in(caseworker)
    assert client.get(url("withdraw", accepted)).status_code == 200
    response = client.post(
        url("withdraw", accepted), {"reason": "needs_met_elsewhere", "detail": ""}, follow=True
    )
    assert f"Referral {accepted.reference} withdrawn." in response.content.decode()
    withdrawn = fresh(accepted)
    assert (
        withdrawn.status == Status.WITHDRAWN and withdrawn.withdraw_reason == "needs_met_elsewhere"
    )


def test_the_receiving_side_withdraws_too(client, sign_in, intake, under_way):
    sign_in(intake)
    client.post(url("withdraw", under_way), {"reason": "not_engaged"})
    assert fresh(under_way).status == Status.WITHDRAWN


def test_it_asks_why_a_referral_is_withdrawn(client, sign_in, caseworker, accepted):
    sign_in(caseworker)
    response = client.post(url("withdraw", accepted), {"reason": "other"})
    assert response.status_code == 400
    assert "Say why the referral is being withdrawn" in response.content.decode()
    assert fresh(accepted).is_open


def test_the_referrer_cancels_with_a_note(client, sign_in, caseworker, referral):
    sign_in(caseworker)
    assert client.get(url("cancel", referral)).status_code == 200
    response = client.post(url("cancel", referral), {"note": "Found a place with family."})
    assert response.status_code == 302
    cancelled = fresh(referral)
    assert cancelled.status == Status.CANCELLED
    assert cancelled.closing_note == "Found a place with family."


def test_it_asks_why_a_referral_is_cancelled(client, sign_in, caseworker, referral):
    sign_in(caseworker)
    response = client.post(url("cancel", referral), {"note": "  "})
    assert response.status_code == 400
    assert "Say why you are cancelling the referral" in response.content.decode()
    assert fresh(referral).status == Status.SENT


def test_it_explains_why_a_cancelled_referral_cannot_be_cancelled_again(
    client, sign_in, caseworker, referral
):
    actions.cancel(caseworker, referral)
    sign_in(caseworker)
    response = client.post(url("cancel", referral), {"note": "Sent twice by mistake."})
    assert response.status_code == 409
    assert "This referral was cancelled, so it cannot be cancelled." in response.content.decode()


# --- Who may ---------------------------------------------------------------------------------

RECEIVING_ONLY = ["accept", "decline", "assign", "contact", "complete", "refer_on"]


@pytest.mark.parametrize("name", RECEIVING_ONLY)
def test_the_referring_side_cannot_make_the_receiving_sides_changes(
    client, sign_in, caseworker, referral, name
):
    sign_in(caseworker)
    assert client.post(url(name, referral), {}).status_code == 404
    if name != "accept":
        assert client.get(url(name, referral)).status_code == 404
    assert fresh(referral).status == Status.SENT


def test_the_receiving_side_cannot_cancel(client, sign_in, intake, referral):
    sign_in(intake)
    assert client.post(url("cancel", referral), {"note": "Not ours."}).status_code == 404
    assert fresh(referral).status == Status.SENT


ALL_CHANGES = [*RECEIVING_ONLY, "withdraw", "cancel"]


@pytest.mark.parametrize("name", ALL_CHANGES)
def test_outsiders_mentors_and_commissioners_get_a_404(
    client, sign_in, referral, other_organisation, receiving_organisation, name
):
    for user in (
        member(other_organisation, Role.CASEWORKER),
        member(receiving_organisation, Role.MENTOR),
        member(receiving_organisation, Role.COMMISSIONER),
    ):
        sign_in(user)
        assert (
            client.post(url(name, referral), {"reason": "other", "detail": "x"}).status_code == 404
        )
    assert fresh(referral).status == Status.SENT


@pytest.mark.parametrize("name", ALL_CHANGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, referral, name):
    response = client.post(url(name, referral), {})
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


# --- Refer on ------------------------------------------------------------------------------


@pytest.fixture
def onward_service(caseworker, person):
    organisation = OrganisationFactory(name="Camden Recovery Service")
    give_consent(caseworker, person, organisation=organisation)
    return ServiceFactory(
        organisation=organisation, name="Recovery Steps", needs=[need("find-accommodation")]
    )


def test_it_finds_services_to_refer_on_to(client, sign_in, intake, accepted, onward_service):
    closed = ServiceFactory(name="Recovery Closed", accepting_referrals=False)
    sign_in(intake)
    by_need = client.get(url("refer_on", accepted)).content.decode()
    assert "Recovery Steps" in by_need and "Tenancy Ready" not in by_need  # not its own
    found = client.get(url("refer_on", accepted), {"q": "Recovery"}).content.decode()
    assert "Recovery Steps" in found and closed.name not in found


def test_it_refers_on_sharing_no_more_than_it_was_given(
    client, sign_in, intake, accepted, onward_service, person
):
    sign_in(intake)
    form = client.get(url("refer_on", accepted), {"service": onward_service.pk})
    assert form.status_code == 200
    content = form.content.decode()
    assert "Refer on to Recovery Steps" in content
    assert 'value="contact"' not in content  # contact details were not shared with them
    data = {
        "service": str(onward_service.pk),
        "outcome_count": "3",
        "outcome_1": "Somewhere stable",
        "reason": "They need more support than we give.",
        "urgency": "soon",
    }
    refused = client.post(url("refer_on", accepted), {**data, "shared_fields": ["contact"]})
    assert refused.status_code == 400
    assert Referral.objects.count() == 1
    response = client.post(url("refer_on", accepted), data)
    onward = Referral.objects.get(parent=accepted)
    assert response.status_code == 302 and response["Location"] == url("detail", onward)
    assert onward.from_organisation == accepted.to_organisation
    assert onward.to_organisation == onward_service.organisation
    assert onward.chain_root == accepted and onward.need == accepted.need
    assert onward.shared == {"name": person.full_name}


def test_it_asks_for_what_a_referral_on_needs(client, sign_in, intake, accepted, onward_service):
    sign_in(intake)
    response = client.post(
        url("refer_on", accepted),
        {"service": str(onward_service.pk), "outcome_count": "3", "urgency": "routine"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Say what the person needs from this service" in content
    assert "Say at least one thing the person hopes this referral achieves" in content


def test_it_will_not_refer_on_a_referral_not_yet_accepted(client, sign_in, intake, referral):
    sign_in(intake)
    response = client.post(url("refer_on", referral), {"service": "x"})
    assert response.status_code == 409
    assert "so it cannot be referred on" in response.content.decode()
    response = client.get(url("refer_on", referral), follow=True)
    assert response.redirect_chain == [(url("detail", referral), 302)]
    assert "so it cannot be referred on" in response.content.decode()


def test_it_refers_on_with_the_contact_it_was_given(
    client, sign_in, intake, caseworker, person, service, onward_service
):
    from resettle.referrals.tests.conftest import send

    given = send(caseworker, person, service, shared_fields=[SharedField.CONTACT])
    actions.accept(intake, given)
    sign_in(intake)
    client.post(
        url("refer_on", given),
        {
            "service": str(onward_service.pk),
            "outcome_count": "3",
            "outcome_1": "Somewhere stable",
            "reason": "More support.",
            "urgency": "routine",
            "shared_fields": ["contact"],
        },
    )
    onward = Referral.objects.get(parent=given)
    assert onward.shared["contact"]["phone"] == person.phone


# --- In a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_finds_no_wcag_violations_on_the_referral_pages(
    live_server, page, intake, caseworker, person, under_way, receiving_organisation, onward_service
):
    from resettle.referrals.tests.conftest import send
    from resettle.testing.browser import axe_violations, sign_in_browser

    waiting = send(
        caseworker, person, ServiceFactory(organisation=receiving_organisation, name="Second")
    )
    pages = {
        intake: [
            reverse("referrals:inbox"),
            reverse("referrals:inbox") + "?tab=open",
            url("detail", waiting),
            url("decline", waiting),
            url("detail", under_way),
            url("assign", under_way),
            url("contact", under_way),
            url("complete", under_way),
            url("withdraw", under_way),
            url("refer_on", under_way),
            url("refer_on", under_way) + f"?service={onward_service.pk}",
        ],
        caseworker: [reverse("referrals:sent"), url("detail", under_way), url("cancel", waiting)],
    }
    failures = {}
    for user, urls in pages.items():
        sign_in_browser(page, live_server, user)
        for address in urls:
            response = page.goto(live_server.url + address)
            assert response.status == 200, address
            if violations := axe_violations(page):
                failures[address] = violations
    # A form with its errors shown, and a refused change.
    page.goto(live_server.url + url("cancel", waiting))
    page.get_by_role("button", name="Cancel referral").click()
    assert page.locator(".govuk-error-summary").is_visible()
    if violations := axe_violations(page):
        failures["cancel with errors"] = violations
    sign_in_browser(page, live_server, intake)
    page.goto(live_server.url + url("complete", waiting))
    assert "cannot be completed" in page.content()
    if violations := axe_violations(page):
        failures["refused"] = violations
    assert failures == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_declines_with_other_reason_without_javascript(
    live_server, page_without_js, intake, referral
):
    from resettle.testing.browser import sign_in_browser

    page = page_without_js
    sign_in_browser(page, live_server, intake)
    page.goto(live_server.url + url("decline", referral))
    page.get_by_label("Other").check()
    page.get_by_label("More detail").fill("They asked us to wait until spring.")
    page.get_by_role("button", name="Decline referral").click()
    assert "declined." in page.content()
    declined = fresh(referral)
    assert declined.decline_reason == "other"
    assert declined.reason_detail == "They asked us to wait until spring."

"""The referrals API with the three personas: the referring caseworker, the receiving intake
worker, and an outsider who may see nothing of it. Every response is checked against the
schemas in the API's own OpenAPI description."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resettle.api.tests.conftest import referral_url, send
from resettle.api.tests.schemas import assert_valid
from resettle.people.log import entries_about
from resettle.referrals.models import Referral, ReferralEvent
from resettle.testing.factories import ServiceFactory, add_need, need, person_with

LIST = "/api/v1/referrals/"


def ok(response, status=200, schema="Referral"):
    assert response.status_code == status, response.content
    body = response.json()
    assert_valid(body, schema)
    return body


def refused(response, status, field="__any__"):
    assert response.status_code == status, response.content
    body = response.json()
    assert_valid(body, "Errors")
    if field != "__any__":
        assert field in [error["field"] for error in body["errors"]], body
    return body["errors"]


def new_referral_body(person, service, **fields):
    return {
        "person_id": str(person.pk),
        "service_id": str(service.pk),
        "support_need": "find-accommodation",
        "desired_outcomes": ["A settled home", "Help with housing benefit"],
        "reason": "Due out in eight weeks with nowhere to live.",
        "urgency": "soon",
        "shared_fields": ["contact", "language"],
    } | fields


# --- The whole loop ------------------------------------------------------------------------


def test_it_takes_a_referral_from_sent_to_completed(api, caseworker, intake, person, service):
    referrer, receiver = api(caseworker), api(intake)

    response = referrer.post(LIST, new_referral_body(person, service))
    sent = ok(response, 201)
    assert response["Location"] == sent["url"] == f"/api/v1/referrals/{sent['id']}/"
    assert sent["status"] == "sent"
    assert sent["person_id"] == str(person.pk)
    assert sent["need"]["pathway"] == "accommodation"
    assert sent["shared"]["contact"]["phone"] == "07700 900123"
    assert sent["actions"] == ["cancel"]
    referral = Referral.objects.get(pk=sent["id"])
    assert referral.referred_by == caseworker
    assert entries_about(person).filter(action="referral.sent", actor=caseworker).exists()

    inbox = ok(receiver.get(LIST, {"box": "received"}), schema="ReferralList")
    assert [item["id"] for item in inbox["referrals"]] == [sent["id"]]
    seen = ok(receiver.get(sent["url"]))
    assert seen["actions"] == ["accept", "decline", "assign"]

    accepted = ok(receiver.post(sent["url"] + "accept/", {"worker_id": intake.pk}))
    assert accepted["status"] == "accepted"
    assert accepted["assigned_to"] == {"id": intake.pk, "name": "Ines Intake"}

    today = timezone.localdate().isoformat()
    contacted = ok(
        receiver.post(sent["url"] + "contact/", {"on": today, "how": "phone", "note": "Spoke"})
    )
    assert contacted["status"] == "contact_made"
    assert contacted["first_contact_on"] == today
    assert contacted["first_contact_before_release"] is True
    assert contacted["events"][-1]["contact"] == {
        "on": today,
        "how": "phone",
        "first": True,
        "happened": True,
    }

    outcomes = contacted["desired_outcomes"]
    completed = ok(
        receiver.post(
            sent["url"] + "complete/",
            {
                "results": [
                    {"outcome_id": outcomes[0]["id"], "result": "achieved"},
                    {"outcome_id": outcomes[1]["id"], "result": "partly_achieved"},
                ],
                "note": "Housed in Lambeth.",
                "version": contacted["version"],
            },
        )
    )
    assert completed["status"] == "completed"
    assert completed["is_open"] is False
    assert [o["result"] for o in completed["desired_outcomes"]] == ["achieved", "partly_achieved"]
    assert completed["actions"] == []
    assert [event["kind"] for event in completed["events"]] == [
        "sent",
        "accepted",
        "contact",
        "completed",
    ]

    # The referrer always sees where it stands.
    assert ok(referrer.get(sent["url"]))["status"] == "completed"
    actions = set(entries_about(person).values_list("action", flat=True))
    assert {"referral.sent", "referral.accepted", "referral.contact", "referral.completed"} <= (
        actions
    )


def test_it_creates_from_a_need_in_the_plan(api, caseworker, person, service, accommodation_need):
    body = new_referral_body(person, service, need_id=str(accommodation_need.pk))
    del body["support_need"]
    created = ok(api(caseworker).post(LIST, body), 201)
    assert created["need"]["id"] == str(accommodation_need.pk)
    assert Referral.objects.get(pk=created["id"]).need == accommodation_need


def test_it_creates_from_a_pathway_alone(api, caseworker, person, service):
    body = new_referral_body(person, service, pathway="accommodation")
    del body["support_need"]
    created = ok(api(caseworker).post(LIST, body), 201)
    assert created["need"] == {
        "id": None,
        "name": "Accommodation",
        "pathway": "accommodation",
        "support_need": None,
    }


# --- Who sees what -------------------------------------------------------------------------


def test_it_shows_the_receiving_side_only_what_was_shared(api, intake, person, referral):
    seen = ok(api(intake).get(referral_url(referral)))
    assert seen["person_id"] is None
    assert seen["need"]["id"] is None
    assert seen["person_name"] == "Jordan Reyes"
    assert seen["shared"] == {
        "name": "Jordan Reyes",
        "contact": {"phone": "07700 900123", "email": "", "address": ""},
    }
    assert "date_of_birth" not in json.dumps(seen)
    assert person.prison_number not in json.dumps(seen)


def test_it_shows_the_referring_side_the_person_and_its_override_reason(
    api, caseworker, intake, person, service, organisation
):
    unconsented = person_with(organisation, caseworker)
    made = send(
        caseworker,
        unconsented,
        service,
        consent_override_reason="Risk of rough sleeping on release day.",
    )
    mine = ok(api(caseworker).get(referral_url(made)))
    assert mine["person_id"] == str(unconsented.pk)
    assert mine["lawful_basis"] == "override"
    assert mine["consent_override_reason"] == "Risk of rough sleeping on release day."
    theirs = ok(api(intake).get(referral_url(made)))
    assert theirs["lawful_basis"] == "override"
    assert theirs["consent_override_reason"] is None


def test_it_gives_the_receiving_side_the_person_once_their_whole_record_is_shared(
    api, caseworker, intake, person, service
):
    from resettle.api.tests.conftest import give_consent

    give_consent(caseworker, person, purpose="share_record")
    made = send(caseworker, person, service, shared_fields=["whole_record"])
    receiver = api(intake)
    assert ok(receiver.get(referral_url(made)))["person_id"] is None
    accepted = ok(receiver.post(referral_url(made, "accept")))
    assert accepted["person_id"] == str(person.pk)


def test_it_records_each_read_of_a_referral_in_the_persons_audit_trail(
    api, caseworker, intake, person, referral
):
    api(intake).get(referral_url(referral))
    api(caseworker).get(referral_url(referral))
    views = entries_about(person).filter(action="person.viewed", changes__page="referral (API)")
    assert set(views.values_list("actor", flat=True)) == {intake.pk, caseworker.pk}


def test_it_hides_everything_from_another_organisation(api, outsider, person, referral):
    stranger = api(outsider)
    assert ok(stranger.get(LIST), schema="ReferralList")["referrals"] == []
    refused(stranger.get(referral_url(referral)), 404)
    for change in ("accept", "decline", "assign", "contact", "complete", "withdraw", "cancel"):
        refused(stranger.post(referral_url(referral, change), {"reason": "other"}), 404)
    # Creating for someone they do not work with: the person is as unknown as a made-up one.
    errors = refused(
        stranger.post(LIST, new_referral_body(person, referral.service)), 400, "person_id"
    )
    assert "Jordan" not in json.dumps(errors)
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert not entries_about(person).filter(actor=outsider).exists()


def test_it_gives_a_commissioner_an_empty_list(api, commissioner, referral):
    assert ok(api(commissioner).get(LIST), schema="ReferralList") == {
        "referrals": [],
        "next_cursor": None,
        "next": None,
    }
    refused(api(commissioner).get(referral_url(referral)), 404)


def test_it_lets_each_side_make_only_its_own_changes(api, caseworker, intake, referral):
    errors = refused(api(caseworker).post(referral_url(referral, "accept")), 403)
    assert "receiving organisation" in errors[0]["message"]
    refused(api(intake).post(referral_url(referral, "cancel")), 403)
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.parametrize("identifier", ["not-a-uuid", "12345", "0" * 500, "%00"])
def test_it_answers_a_bad_or_unknown_id_with_404(api, caseworker, identifier):
    refused(api(caseworker).get(f"/api/v1/referrals/{identifier}/"), 404)
    refused(api(caseworker).post(f"/api/v1/referrals/{identifier}/accept/"), 404)


def test_it_answers_unknown_uuids_with_404(api, caseworker, db):
    missing = "6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b99"
    refused(api(caseworker).get(f"/api/v1/referrals/{missing}/"), 404)


# --- Listing -------------------------------------------------------------------------------


def test_it_filters_the_list_by_box_status_and_open(
    api, caseworker, intake, person, service, referral, receiving_organisation, organisation
):
    other_service = ServiceFactory(organisation=receiving_organisation)
    second = send(caseworker, person, other_service)
    from resettle.referrals import actions

    actions.decline(intake, second, reason="no_capacity")
    referrer, receiver = api(caseworker), api(intake)

    def ids(client, **params):
        return [
            item["id"] for item in ok(client.get(LIST, params), schema="ReferralList")["referrals"]
        ]

    both = [str(second.pk), str(referral.pk)]
    assert ids(referrer) == both
    assert ids(referrer, box="sent") == both
    assert ids(referrer, box="received") == []
    assert ids(receiver, box="received") == both
    assert ids(receiver, box="sent") == []
    assert ids(receiver, status="declined") == [str(second.pk)]
    assert ids(receiver, open="true") == [str(referral.pk)]
    assert ids(receiver, open="false") == [str(second.pk)]


def test_it_pages_newest_first_with_a_cursor_even_when_times_tie(
    api, caseworker, person, receiving_organisation
):
    made = [
        send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
        for _ in range(5)
    ]
    same_time = timezone.now() - datetime.timedelta(days=1)
    Referral.objects.filter(pk__in=[r.pk for r in made[1:4]]).update(sent_at=same_time)
    expected = [
        str(r.pk)
        for r in Referral.objects.filter(pk__in=[r.pk for r in made]).order_by("-sent_at", "-id")
    ]
    referrer = api(caseworker)
    seen, url, params = [], LIST, {"limit": "2"}
    for _page in range(5):
        page = ok(referrer.get(url, params), schema="ReferralList")
        seen += [item["id"] for item in page["referrals"]]
        if page["next"] is None:
            break
        url, params = page["next"], None
    assert seen == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"box": "mine"}, "box"),
        ({"status": "lost"}, "status"),
        ({"open": "yes"}, "open"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"after": "not a cursor"}, "after"),
        ({"after": "MjAyNnwx"}, "after"),
        ({"page": "2"}, "page"),
        ({"status": "sent\x00"}, "status"),
    ],
)
def test_it_explains_bad_list_parameters(api, caseworker, params, field):
    refused(api(caseworker).get(LIST, params), 400, field)


def test_it_lists_in_a_fixed_number_of_queries(api, caseworker, person, receiving_organisation):
    for _ in range(3):
        send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    referrer = api(caseworker)
    referrer.get(LIST)
    with CaptureQueriesContext(connection) as three:
        referrer.get(LIST)
    for _ in range(5):
        send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    with CaptureQueriesContext(connection) as eight:
        referrer.get(LIST)
    assert len(eight) == len(three)


# --- Refusals ------------------------------------------------------------------------------


def test_it_refuses_invalid_changes_with_409(api, intake, referral):
    receiver = api(intake)
    ok(receiver.post(referral_url(referral, "accept")))
    errors = refused(receiver.post(referral_url(referral, "accept")), 409)
    assert (
        errors[0]["message"] == "This referral has already been accepted, so it cannot be accepted."
    )
    refused(receiver.post(referral_url(referral, "decline"), {"reason": "no_capacity"}), 409)


def test_it_will_not_complete_a_declined_referral(api, intake, referral):
    receiver = api(intake)
    ok(receiver.post(referral_url(referral, "decline"), {"reason": "out_of_area"}))
    outcome = referral.outcomes.first()
    errors = refused(
        receiver.post(
            referral_url(referral, "complete"),
            {
                "results": [
                    {"outcome_id": o.pk, "result": "achieved"} for o in referral.outcomes.all()
                ]
            },
        ),
        409,
    )
    assert "declined" in errors[0]["message"]
    assert outcome.result == ""


def test_it_refuses_a_change_based_on_an_old_version(api, intake, receiving_caseworker, referral):
    receiver = api(intake)
    read = ok(receiver.get(referral_url(referral)))
    ok(receiver.post(referral_url(referral, "accept"), {"version": read["version"]}))
    refused(
        receiver.post(
            referral_url(referral, "assign"),
            {"worker_id": receiving_caseworker.pk, "version": read["version"]},
        ),
        409,
        "version",
    )
    referral.refresh_from_db()
    assert referral.assigned_to is None


def test_it_explains_a_body_that_is_not_json(api, caseworker, intake, referral):
    for client, url in ((api(caseworker), LIST), (api(intake), referral_url(referral, "accept"))):
        refused(client.post(url, raw="{not json"), 400, None)
        refused(client.post(url, raw="[1, 2]"), 400, None)
        refused(client.post(url, raw='{"version": NaN}'), 400, None)
        refused(client.post(url, raw=b"\xff\xfe"), 400, None)
        refused(client.post(url, raw="[" * 100_000), 400, None)
        refused(client.post(url, raw="x" * 70_000), 400, None)
        refused(client.post(url, raw="reason=x", content_type="text/plain"), 415, None)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"person_id": "nobody"}, "person_id"),
        ({"person_id": 12}, "person_id"),
        ({"person_id": "6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b99"}, "person_id"),
        ({"service_id": None}, "service_id"),
        ({"service_id": "6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b99"}, "service_id"),
        ({"support_need": "flying-lessons"}, "support_need"),
        ({"pathway": "finance-id", "support_need": "find-accommodation"}, "support_need"),
        ({"support_need": None}, "need_id"),
        ({"need_id": "6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b99"}, "need_id"),
        ({"desired_outcomes": []}, "desired_outcomes"),
        ({"desired_outcomes": "A home"}, "desired_outcomes"),
        ({"desired_outcomes": ["A home", 7]}, "desired_outcomes[1]"),
        ({"desired_outcomes": ["x" * 301]}, "desired_outcomes[0]"),
        ({"desired_outcomes": [f"Outcome {n}" for n in range(11)]}, "desired_outcomes"),
        ({"reason": "   "}, "reason"),
        ({"reason": "bad\x00byte"}, "reason"),
        ({"reason": "lone \ud800 surrogate"}, "reason"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"shared_fields": ["contact", "bank_details"]}, "shared_fields[1]"),
        ({"shared_fields": {"contact": True}}, "shared_fields"),
        ({"consent_override_reason": ["why"]}, "consent_override_reason"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_it_explains_bad_values_when_creating(api, caseworker, person, service, fields, field):
    body = new_referral_body(person, service) | fields
    body = {key: value for key, value in body.items() if value is not None}
    refused(api(caseworker).post(LIST, body), 400, field)
    assert not Referral.objects.exists()


def test_it_passes_on_what_the_action_refuses(api, caseworker, organisation, service):
    unconsented = person_with(organisation, caseworker)
    errors = refused(api(caseworker).post(LIST, new_referral_body(unconsented, service)), 400, None)
    assert "has not agreed to be referred" in errors[0]["message"]
    created = ok(
        api(caseworker).post(
            LIST, new_referral_body(unconsented, service, consent_override_reason="At risk.")
        ),
        201,
    )
    assert created["lawful_basis"] == "override"
    assert entries_about(unconsented).filter(action="referral.consent_overridden").exists()


def test_it_refuses_a_need_of_someone_else(api, caseworker, person, service, organisation):
    other = person_with(organisation, caseworker)
    theirs = add_need(other, "find-accommodation")
    body = new_referral_body(person, service, need_id=str(theirs.pk))
    del body["support_need"]
    refused(api(caseworker).post(LIST, body), 400, "need_id")


@pytest.mark.parametrize(
    "change, body, field",
    [
        ("decline", {}, "reason"),
        ("decline", {"reason": "because"}, "reason"),
        ("decline", {"reason": "other"}, "detail"),
        ("decline", {"reason": "risk", "detail": 5}, "detail"),
        ("accept", {"worker_id": "me"}, "worker_id"),
        ("accept", {"worker_id": True}, "worker_id"),
        ("accept", {"worker_id": 10**30}, "worker_id"),
        ("accept", {"version": 0}, "version"),
        ("accept", {"version": 1.5}, "version"),
        ("assign", {}, "worker_id"),
        ("contact", {}, "on"),
        ("contact", {"on": "31/03/2026"}, "on"),
        ("contact", {"on": "2026-02-30"}, "on"),
        ("contact", {"on": "2999-01-01"}, "on"),
        ("contact", {"on": "2000-01-01"}, "on"),
        ("contact", {"on": "2026-01-01", "happened": "yes"}, "happened"),
        ("contact", {"on": "2026-01-01", "how": "pigeon"}, "how"),
        ("contact", {"on": "2026-01-01"}, "how"),
        ("complete", {}, "results"),
        ("complete", {"results": [{"outcome_id": 1}]}, "results[0]"),
        ("complete", {"results": [{"outcome_id": 1, "result": "great"}]}, "results[0].result"),
        ("withdraw", {"reason": "other", "detail": "  "}, "detail"),
        ("cancel", {"note": ["x"]}, "note"),
        ("cancel", {"reason": "x"}, "reason"),
    ],
)
def test_it_explains_bad_values_when_changing(
    api, caseworker, intake, referral, change, body, field
):
    client = api(caseworker) if change == "cancel" else api(intake)
    refused(client.post(referral_url(referral, change), body), 400, field)
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.version == 1


def test_it_assigns_only_to_casework_staff_of_the_receiving_organisation(
    api, intake, caseworker, receiving_caseworker, referral
):
    receiver = api(intake)
    refused(
        receiver.post(referral_url(referral, "assign"), {"worker_id": caseworker.pk}),
        400,
        "worker_id",
    )
    assigned = ok(
        receiver.post(referral_url(referral, "assign"), {"worker_id": receiving_caseworker.pk})
    )
    assert assigned["assigned_to"]["id"] == receiving_caseworker.pk
    assert assigned["events"][-1]["kind"] == ReferralEvent.Kind.ASSIGNED


def test_it_needs_a_result_for_every_outcome(api, intake, referral):
    receiver = api(intake)
    ok(receiver.post(referral_url(referral, "accept")))
    today = timezone.localdate().isoformat()
    ok(receiver.post(referral_url(referral, "contact"), {"on": today, "how": "video"}))
    first = referral.outcomes.first()
    refused(
        receiver.post(
            referral_url(referral, "complete"),
            {"results": [{"outcome_id": first.pk, "result": "achieved"}]},
        ),
        400,
        "results",
    )
    refused(
        receiver.post(
            referral_url(referral, "complete"),
            {"results": [{"outcome_id": 10**12, "result": "achieved"}]},
        ),
        400,
        "results[0].outcome_id",
    )


def test_it_lets_either_side_withdraw_and_the_referrer_cancel(
    api, caseworker, intake, person, service, receiving_organisation
):
    first = send(caseworker, person, service)
    ok(api(intake).post(referral_url(first, "accept")))
    withdrawn = ok(
        api(caseworker).post(
            referral_url(first, "withdraw"), {"reason": "moved", "detail": "Moved to Leeds"}
        )
    )
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdraw_reason"] == "moved"
    second = send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    cancelled = ok(api(caseworker).post(referral_url(second, "cancel"), {"note": "Sent in error"}))
    assert cancelled["status"] == "cancelled"
    assert cancelled["closing_note"] == "Sent in error"


def test_it_answers_wrong_methods_and_unknown_paths_in_json(api, caseworker, referral):
    client = api(caseworker)
    response = client.get(referral_url(referral, "accept"))
    refused(response, 405)
    assert response["Allow"] == "POST"
    refused(client.client.delete(referral_url(referral)), 405)
    refused(client.get("/api/v1/nothing-here/"), 404)
    errors = refused(client.get("/api/v1/referrals"), 404)
    assert "Add a slash" in errors[0]["message"]


def test_it_serves_its_description_to_anyone(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    described = response.json()
    assert described["openapi"] == "3.1.0"
    assert described["servers"] == [{"url": "http://testserver"}]
    assert "/api/v1/referrals/" in described["paths"]


def test_it_creates_referrals_for_a_need_other_than_the_default(api, caseworker, person, service):
    body = new_referral_body(person, service, support_need="rent-arrears")
    created = ok(api(caseworker).post(LIST, body), 201)
    assert created["need"]["support_need"] == "rent-arrears"
    assert created["need"]["name"] == str(need("rent-arrears").name)


def test_it_lets_a_token_into_the_api_only(api, caseworker, referral):
    # Pages go by the signed-in session alone: a token there is a stranger.
    response = api(caseworker).client.get(f"/people/{referral.person_id}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_it_shows_how_long_an_unanswered_referral_waited(api, caseworker, referral):
    from resettle.referrals import actions

    actions.chase_unanswered(now=timezone.now() + datetime.timedelta(days=30))
    events = ok(api(caseworker).get(referral_url(referral)))["events"]
    assert events[-1]["kind"] == "escalated"
    assert events[-1]["working_days_waiting"] >= 10
    assert events[0]["working_days_waiting"] is None


def test_it_merges_both_sides_and_open_and_closed_into_one_list_without_repeats(
    api, caseworker, intake, person, service, organisation, receiving_organisation
):
    from resettle.accounts.models import Membership, Role
    from resettle.referrals import actions

    Membership.objects.create(user=intake, organisation=organisation, role=Role.CASEWORKER)
    to_them = send(caseworker, person, service)
    declined = actions.decline(
        intake,
        send(caseworker, person, ServiceFactory(organisation=receiving_organisation)),
        reason="no_capacity",
    )
    to_ourselves = send(caseworker, person, ServiceFactory(organisation=organisation))
    tie = timezone.now() - datetime.timedelta(hours=1)
    Referral.objects.filter(pk__in=[to_them.pk, declined.pk]).update(sent_at=tie)
    expected = [
        str(r.pk)
        for r in Referral.objects.filter(
            pk__in=[to_them.pk, declined.pk, to_ourselves.pk]
        ).order_by("-sent_at", "-id")
    ]
    both_sides = api(intake)
    seen, url, params = [], LIST, {"limit": "1"}
    while url:
        page = ok(both_sides.get(url, params), schema="ReferralList")
        seen += [item["id"] for item in page["referrals"]]
        url, params = page["next"], None
    assert seen == expected
    received = ok(both_sides.get(LIST, {"box": "received"}), schema="ReferralList")
    assert {item["id"] for item in received["referrals"]} == set(expected)
    sent_open = ok(both_sides.get(LIST, {"box": "sent", "open": "true"}), schema="ReferralList")
    assert [item["id"] for item in sent_open["referrals"]] == [
        str(to_ourselves.pk),
        str(to_them.pk),
    ]

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.notifications.models import Notification
from resettle.people.log import entries_about
from resettle.people.models import Involvement, Person
from resettle.referrals import actions
from resettle.referrals.actions import InvalidChange, ReferralRefused
from resettle.referrals.models import Referral, ReferralEvent, SharedField, Status
from resettle.referrals.tests.conftest import give_consent, send
from resettle.testing.factories import ServiceFactory, add_need, member, need
from resettle.timeline.models import Event

TODAY = timezone.localdate


# --- Sending -------------------------------------------------------------------------------


def test_it_sends_a_referral_with_its_release_context_event_audit_and_timeline(
    intake, referral, person, caseworker, organisation, receiving_organisation
):
    assert referral.status == Status.SENT and referral.is_open
    assert referral.from_organisation == organisation
    assert referral.to_organisation == receiving_organisation
    assert referral.in_custody and referral.release_date == person.release_date
    assert referral.consent is not None and referral.consent_override_reason == ""
    assert [o.description for o in referral.outcomes.all()] == ["A settled home", "Housing benefit"]
    assert list(referral.events.values_list("kind", flat=True)) == ["sent"]
    assert entries_about(person).filter(action="referral.sent", actor=caseworker).exists()
    assert Event.objects.filter(person=person, kind="referral").exists()
    assert Notification.objects.filter(recipient=intake, kind="referral.received").count() == 1


def test_it_shares_only_the_chosen_fields(caseworker, person, service, accommodation_need):
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.MALE)
    plain = send(caseworker, person, service, accommodation_need)
    assert plain.shared == {"name": person.full_name}
    referral = Referral.objects.get(pk=plain.pk)
    actions.cancel(caseworker, referral)
    shared = send(
        caseworker,
        person,
        service,
        accommodation_need,
        shared_fields=[SharedField.CONTACT, SharedField.DATE_OF_BIRTH],
    )
    assert shared.shared["contact"]["phone"] == "07700 900123"
    assert shared.shared["date_of_birth"] == person.date_of_birth.isoformat()
    assert "sex" not in shared.shared  # only when chosen on its own
    actions.cancel(caseworker, Referral.objects.get(pk=shared.pk))
    with_sex = send(
        caseworker, person, service, accommodation_need, shared_fields=[SharedField.SEX]
    )
    assert with_sex.shared == {"name": person.full_name, "sex": "male"}
    assert "prison_number" not in shared.shared


def test_it_refuses_without_consent_unless_a_reason_is_given_and_audits_the_override(
    organisation, caseworker, service
):
    from resettle.testing.factories import person_with

    person = person_with(organisation, caseworker)
    with pytest.raises(ReferralRefused, match="has not agreed to be referred"):
        send(caseworker, person, service)
    assert not Referral.objects.exists()
    referral = send(
        caseworker, person, service, consent_override_reason="Safeguarding: homeless tonight."
    )
    assert referral.consent is None
    assert referral.consent_override_reason == "Safeguarding: homeless tonight."
    override = entries_about(person).get(action="referral.consent_overridden")
    assert override.changes["reason"] == "Safeguarding: homeless tonight."


def test_it_shares_the_whole_record_only_with_consent_to_share_it(
    caseworker, person, service, accommodation_need, receiving_organisation, intake
):
    with pytest.raises(ReferralRefused, match="whole record cannot be shared"):
        send(
            caseworker,
            person,
            service,
            accommodation_need,
            shared_fields=[SharedField.WHOLE_RECORD],
        )
    give_consent(caseworker, person, "share_record", receiving_organisation)
    referral = send(
        caseworker, person, service, accommodation_need, shared_fields=[SharedField.WHOLE_RECORD]
    )
    assert not Person.records.with_casework_access(intake).filter(pk=person.pk).exists()
    referral = actions.accept(intake, referral)
    assert referral.involvement.kind == Involvement.Kind.REFERRED
    assert Person.records.with_casework_access(intake).filter(pk=person.pk).exists()
    actions.withdraw(intake, referral, reason="not_engaged")
    assert not Person.records.with_casework_access(intake).filter(pk=person.pk).exists()


def test_it_refuses_a_second_open_referral_to_the_same_service(referral, caseworker, person):
    with pytest.raises(ReferralRefused, match=referral.reference):
        send(caseworker, person, referral.service, referral.need)


def test_it_refuses_services_not_taking_referrals(caseworker, person, receiving_organisation):
    closed = ServiceFactory(organisation=receiving_organisation, accepting_referrals=False)
    with pytest.raises(ReferralRefused, match="not taking referrals"):
        send(caseworker, person, closed)
    self_only = ServiceFactory(
        organisation=receiving_organisation,
        accepts_self_referral=True,
        accepts_professional_referral=False,
    )
    with pytest.raises(ReferralRefused, match="self-referrals only"):
        send(caseworker, person, self_only)


@pytest.mark.parametrize(
    "details, message",
    [
        ({"desired_outcomes": ["", "  "]}, "at least one thing"),
        ({"desired_outcomes": [f"outcome {i}" for i in range(11)]}, "at most 10"),
        ({"reason": "  "}, "needs from this service"),
    ],
)
def test_it_refuses_bad_details(caseworker, person, service, details, message):
    with pytest.raises(ReferralRefused, match=message):
        send(caseworker, person, service, **details)


def test_it_refuses_a_need_of_someone_else(caseworker, person, service, organisation):
    from resettle.testing.factories import person_with

    other = person_with(organisation, caseworker)
    with pytest.raises(ReferralRefused, match="someone else"):
        send(caseworker, person, service, add_need(other, "find-accommodation"))


def test_it_lets_only_casework_staff_working_with_the_person_refer(person, service, outsider):
    with pytest.raises(PermissionDenied):
        send(outsider, person, service)


# --- Answering and working -------------------------------------------------------------------


def test_it_walks_a_referral_to_completion(referral, intake, caseworker, person):
    worker = member(referral.to_organisation, Role.CASEWORKER)
    referral = actions.accept(intake, referral, assign_to=worker)
    assert referral.status == Status.ACCEPTED and referral.assigned_to == worker
    assert Notification.objects.filter(recipient=caseworker, kind="referral.accepted").exists()
    assert Notification.objects.filter(recipient=worker, kind="referral.assigned").exists()

    referral = actions.record_contact(worker, referral, on=TODAY(), how="phone")
    assert referral.status == Status.CONTACT_MADE
    assert referral.first_contact_on == TODAY()
    assert referral.first_contact_before_release is True  # still in custody
    person.refresh_from_db()
    assert person.last_contact_on == TODAY()
    assert Involvement.objects.get(person=person).last_contact_on == TODAY()

    referral = actions.record_contact(worker, referral, on=TODAY(), how="in person")
    assert referral.status == Status.IN_PROGRESS
    results = {o.pk: "achieved" for o in referral.outcomes.all()}
    referral = actions.complete(worker, referral, results=results, note="Housed in Brixton.")
    assert referral.status == Status.COMPLETED and not referral.is_open
    assert referral.closed_at is not None
    assert set(referral.outcomes.values_list("result", flat=True)) == {"achieved"}
    assert list(referral.events.values_list("kind", flat=True)) == [
        "sent",
        "accepted",
        "contact",
        "contact",
        "completed",
    ]


def test_it_keeps_an_accepted_referral_waiting_when_the_contact_did_not_happen(referral, intake):
    referral = actions.accept(intake, referral)
    referral = actions.record_contact(intake, referral, on=TODAY(), happened=False)
    assert referral.status == Status.ACCEPTED and referral.first_contact_on is None


def test_it_refuses_contacts_in_the_future_or_before_sending(referral, intake):
    referral = actions.accept(intake, referral)
    with pytest.raises(ReferralRefused, match="today or in the past"):
        actions.record_contact(intake, referral, on=TODAY() + datetime.timedelta(days=1))
    with pytest.raises(ReferralRefused, match="after the referral was sent"):
        actions.record_contact(intake, referral, on=TODAY() - datetime.timedelta(days=30))


def test_it_refuses_completing_without_a_result_for_every_outcome(referral, intake):
    referral = actions.accept(intake, referral)
    referral = actions.record_contact(intake, referral, on=TODAY())
    first = referral.outcomes.first()
    with pytest.raises(ReferralRefused, match="Housing benefit"):
        actions.complete(intake, referral, results={first.pk: "achieved"})
    assert Referral.objects.get(pk=referral.pk).status == Status.CONTACT_MADE


def test_it_records_decline_reasons_with_fairness_context_and_no_names(
    referral, intake, caseworker, person
):
    add_need(person, "id-documents")
    referral = actions.decline(intake, referral, reason="no_capacity")
    assert referral.status == Status.DECLINED and referral.decline_reason == "no_capacity"
    event = referral.events.get(kind=ReferralEvent.Kind.DECLINED)
    assert event.context["needs"] == 2 and event.context["open_needs"] == 2
    assert event.context["in_custody_when_referred"] is True
    assert event.context["weeks_to_release_when_referred"] == 8
    assert event.context["to_organisation"] == str(referral.to_organisation_id)
    assert person.family_name not in str(event.context)
    assert Notification.objects.filter(recipient=caseworker, kind="referral.declined").exists()


def test_it_requires_words_for_other_reasons(referral, intake):
    with pytest.raises(ReferralRefused, match="Say why"):
        actions.decline(intake, referral, reason="other", detail=" ")
    with pytest.raises(ValueError):
        actions.decline(intake, referral, reason="bored")


def test_it_gives_clear_refusals_for_invalid_changes(referral, intake, caseworker):
    referral = actions.decline(intake, referral, reason="out_of_area")
    with pytest.raises(InvalidChange, match="was declined, so it cannot be completed"):
        actions.complete(intake, referral, results={})
    with pytest.raises(InvalidChange, match="cannot be accepted"):
        actions.accept(intake, referral)
    with pytest.raises(InvalidChange):
        actions.cancel(caseworker, referral)


def test_it_refuses_accepting_twice_and_notifies_once(referral, intake, receiving_manager):
    actions.accept(intake, referral)
    with pytest.raises(InvalidChange, match="already been accepted"):
        actions.accept(receiving_manager, referral)
    assert Notification.objects.filter(kind="referral.accepted").count() == 1
    assert referral.events.filter(kind="accepted").count() == 1


def test_it_keeps_each_side_to_its_own_changes(referral, intake, caseworker, outsider):
    with pytest.raises(PermissionDenied):
        actions.accept(caseworker, referral)  # the referrer cannot answer its own referral
    with pytest.raises(PermissionDenied):
        actions.cancel(intake, referral)  # only the referrer cancels
    for change in (actions.accept, actions.cancel):
        with pytest.raises(PermissionDenied):
            change(outsider, referral)
    with pytest.raises(PermissionDenied):
        actions.withdraw(outsider, referral, reason="moved")


def test_it_assigns_only_staff_of_the_receiving_organisation(referral, intake, caseworker):
    with pytest.raises(ReferralRefused, match="Choose someone who works at"):
        actions.assign(intake, referral, caseworker)


def test_it_lets_either_side_withdraw_and_the_referrer_cancel(
    referral, intake, caseworker, person, service
):
    referral = actions.accept(intake, referral)
    referral = actions.withdraw(caseworker, referral, reason="returned_to_custody")
    assert referral.status == Status.WITHDRAWN
    event = referral.events.get(kind="withdrawn")
    assert event.organisation == referral.from_organisation
    assert event.context["service"] == str(service.pk)
    again = send(caseworker, person, service, referral.need)
    assert actions.cancel(caseworker, again, note="Sent by mistake").status == Status.CANCELLED


# --- Onward referrals ------------------------------------------------------------------------


def test_it_tracks_onward_referrals_in_one_chain(referral, intake, caseworker, person):
    third = member(ServiceFactory(needs=[need("find-accommodation")]).organisation, Role.INTAKE)
    onward_service = third.memberships.get().organisation.services.get()
    give_consent(caseworker, person)
    referral = actions.accept(intake, referral)
    onward = actions.refer_on(
        intake,
        referral,
        service=onward_service,
        need=referral.need,
        desired_outcomes=["Supported housing"],
        reason="Needs more support than we offer.",
    )
    assert onward.parent == referral and onward.chain_root == referral
    assert onward.from_organisation == referral.to_organisation
    assert referral.events.filter(kind="referred_on").exists()
    further = actions.refer_on(
        third,
        actions.accept(third, onward),
        service=ServiceFactory(needs=[need("find-accommodation")]),
        need=referral.need,
        desired_outcomes=["A flat"],
        reason="Move-on accommodation.",
    )
    assert further.chain_root == referral
    assert set(referral.chain.all()) == {onward, further}


def test_it_shares_onward_no_more_than_it_was_given(referral, intake):
    referral = actions.accept(intake, referral)
    with pytest.raises(ReferralRefused, match="only share on what was shared with you"):
        actions.refer_on(
            intake,
            referral,
            service=ServiceFactory(needs=[need("find-accommodation")]),
            need=referral.need,
            desired_outcomes=["Supported housing"],
            reason="More support.",
            shared_fields=[SharedField.CONTACT],
        )


def test_it_passes_on_its_copy_never_what_the_record_holds_now(
    caseworker, person, service, accommodation_need, intake
):
    referral = send(
        caseworker,
        person,
        service,
        accommodation_need,
        shared_fields=[SharedField.CONTACT, SharedField.SEX],
    )
    assert "sex" not in referral.shared  # none recorded when it was sent
    referral = actions.accept(intake, Referral.objects.get(pk=referral.pk))
    Person.records.filter(pk=person.pk).update(sex=Person.Sex.FEMALE, phone="07700 900999")
    onward = actions.refer_on(
        intake,
        referral,
        service=ServiceFactory(needs=[need("find-accommodation")]),
        need=referral.need,
        desired_outcomes=["Supported housing"],
        reason="More support.",
        shared_fields=[SharedField.CONTACT, SharedField.SEX],
    )
    assert onward.shared == {"name": person.full_name, "contact": referral.shared["contact"]}
    assert onward.shared["contact"]["phone"] == "07700 900123"


def test_it_refers_on_only_once_accepted(referral, intake):
    with pytest.raises(InvalidChange):
        actions.refer_on(
            intake,
            referral,
            service=ServiceFactory(needs=[need("find-accommodation")]),
            need=referral.need,
            desired_outcomes=["Supported housing"],
            reason="More support.",
        )


# --- Chasing unanswered referrals ------------------------------------------------------------


def _sent_on(referral, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Referral.objects.filter(pk=referral.pk).update(sent_at=at)


def test_it_reminds_then_escalates_unanswered_referrals_once_each(
    settings, intake, receiving_manager, caseworker, referral
):
    settings.REFERRAL_REMIND_AFTER_WORKING_DAYS = 3
    settings.REFERRAL_ESCALATE_AFTER_WORKING_DAYS = 5
    monday = datetime.date(2026, 11, 2)
    _sent_on(referral, monday)

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    assert actions.chase_unanswered(at(monday + datetime.timedelta(days=2))) == {
        "reminded": 0,
        "escalated": 0,
    }
    thursday = monday + datetime.timedelta(days=3)
    assert actions.chase_unanswered(at(thursday))["reminded"] == 1
    assert actions.chase_unanswered(at(thursday))["reminded"] == 0  # never twice
    assert Notification.objects.filter(recipient=intake, kind="referral.reminder").count() == 1
    # Sat and Sun are not working days: the following Monday is only 5 working days on.
    assert actions.chase_unanswered(at(monday + datetime.timedelta(days=6)))["escalated"] == 0
    next_monday = monday + datetime.timedelta(days=7)
    assert actions.chase_unanswered(at(next_monday))["escalated"] == 1
    assert actions.chase_unanswered(at(next_monday))["escalated"] == 0
    assert Notification.objects.filter(
        recipient=receiving_manager, kind="referral.escalated"
    ).exists()
    assert Notification.objects.filter(
        recipient=caseworker, kind="referral.escalated_referrer"
    ).exists()
    assert list(referral.events.values_list("kind", flat=True)) == [
        "sent",
        "reminded",
        "escalated",
    ]


def test_it_does_not_chase_answered_referrals(settings, referral, intake):
    _sent_on(referral, TODAY() - datetime.timedelta(days=30))
    actions.accept(intake, referral)
    assert actions.chase_unanswered() == {"reminded": 0, "escalated": 0}


def test_it_audits_every_change_against_the_person(referral, intake, person):
    referral = actions.accept(intake, referral)
    actions.record_contact(intake, referral, on=TODAY())
    audited = set(entries_about(person).values_list("action", flat=True))
    assert {"referral.sent", "referral.accepted", "referral.contact"} <= audited
    accepted = AuditEntry.objects.get(action="referral.accepted")
    assert accepted.organisation == referral.to_organisation


def test_it_chases_from_the_command(settings, intake, referral):
    from io import StringIO

    from django.core.management import call_command

    _sent_on(referral, TODAY() - datetime.timedelta(days=30))
    out = StringIO()
    call_command("chase_referrals", stdout=out)
    assert out.getvalue().strip() == "Reminded 0 and escalated 1 unanswered referrals."

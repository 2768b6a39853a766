"""The demo referrals: deterministic, each referral's story consistent with its events, and
every one sent as the actions would have allowed (consent, matching service, sharing)."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from resettle.accounts.models import User
from resettle.consents.models import Consent
from resettle.core.referrals import OPEN
from resettle.core.working_days import working_days_between
from resettle.demo.generator import generate_directory, organisation_ids
from resettle.demo.people import LONDON, generate_people
from resettle.demo.referrals import generate_referrals, reference_for, wipe_referrals
from resettle.needs.models import Need
from resettle.organisations.models import Organisation
from resettle.people.models import Involvement, Person
from resettle.referrals.models import Referral, ReferralEvent, SharedField, Status
from resettle.referrals.sharing import snapshot
from resettle.services.models import Attribute
from resettle.timeline.models import Event

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
FAIRNESS_KEYS = {
    "needs",
    "open_needs",
    "open_pathways",
    "in_custody_when_referred",
    "prison",
    "weeks_to_release_when_referred",
    "from_organisation",
    "to_organisation",
    "service",
    "pathway",
    "urgency",
    "onward",
    "days_since_sent",
}
# The status each change leaves a referral in (contacts: see below).
AFTER = {
    ReferralEvent.Kind.ACCEPTED: Status.ACCEPTED,
    ReferralEvent.Kind.DECLINED: Status.DECLINED,
    ReferralEvent.Kind.COMPLETED: Status.COMPLETED,
    ReferralEvent.Kind.WITHDRAWN: Status.WITHDRAWN,
    ReferralEvent.Kind.CANCELLED: Status.CANCELLED,
}


def _now():
    """The generator's "now": the end of TODAY's working day, or now if that is today."""
    if timezone.localdate() == TODAY:
        return timezone.now()
    return datetime.datetime(2026, 11, 22, 18, tzinfo=LONDON)


def _organisations(seed=2026):
    generate_directory(services=60, seed=seed, today=TODAY)
    ids = organisation_ids(seed, 15)
    return sorted(Organisation.objects.filter(id__in=ids), key=lambda o: ids.index(o.id))


@pytest.fixture
def referrals():
    generate_people(people=300, seed=2026, today=TODAY, organisations=_organisations())
    return generate_referrals(people=300, seed=2026, today=TODAY)


def _rows():
    return list(
        Referral.objects.order_by("reference").values_list(
            "reference", "person_id", "service_id", "status", "sent_at", "shared"
        )
    ), list(ReferralEvent.objects.order_by("referral__reference", "at").values_list("kind", "at"))


def test_it_gives_the_same_referrals_for_the_same_seed():
    organisations = _organisations()
    generate_people(people=120, seed=5, today=TODAY, organisations=organisations)
    generate_referrals(people=120, seed=5, today=TODAY)
    first = _rows()
    Referral.objects.update(parent=None, chain_root=None)
    Referral.objects.all().delete()
    Person.records.all().delete()

    generate_people(people=120, seed=5, today=TODAY, organisations=organisations)
    generate_referrals(people=120, seed=5, today=TODAY)

    assert first[0] and _rows() == first


def test_it_makes_references_unique():
    references = {reference_for(n, 2026) for n in range(200_000)}
    assert len(references) == 200_000
    assert all(r.startswith("R-") and len(r) == 9 for r in references)


def test_it_spreads_referrals_across_every_status_like_a_real_service(referrals):
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert referrals.referrals == sum(statuses.values()) > 200
    two_years = _now() - datetime.timedelta(days=731)
    assert not Referral.objects.filter(sent_at__lt=two_years).exists()
    # Most older referrals are closed; most closed ones were completed.
    old = Referral.objects.filter(sent_at__lt=_now() - datetime.timedelta(days=180))
    assert old.filter(is_open=False).count() > 0.8 * old.count()
    closed = Counter(old.filter(is_open=False).values_list("status", flat=True))
    assert closed[Status.COMPLETED] > 0.4 * sum(closed.values())
    for status in (Status.DECLINED, Status.WITHDRAWN):
        assert 0.05 * sum(closed.values()) < closed[status] < 0.3 * sum(closed.values())
    # Recent ones are mostly still open.
    recent = Referral.objects.filter(sent_at__gte=_now() - datetime.timedelta(days=14))
    assert recent.filter(is_open=True).count() > 0.5 * recent.count()


def test_it_plays_each_referral_story_out_in_its_events(referrals):
    assert ReferralEvent.objects.count() == referrals.events
    for referral in Referral.objects.prefetch_related("events", "outcomes"):
        events = list(referral.events.all())
        assert events[0].kind == ReferralEvent.Kind.SENT
        assert events[0].organisation_id == referral.from_organisation_id
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert events[-1].at <= _now()
        assert referral.is_open == (referral.status in OPEN)
        assert (referral.closed_at is None) == referral.is_open
        status = Status.SENT
        for event in events:
            if event.kind in AFTER:
                status = AFTER[event.kind]
            elif event.kind == ReferralEvent.Kind.CONTACT:
                happened = event.reason == "happened"
                if status == Status.ACCEPTED:
                    status = Status.CONTACT_MADE if happened else Status.ACCEPTED
                else:
                    status = Status.IN_PROGRESS
            assert event.status == status
        assert referral.status == status
        outcomes = list(referral.outcomes.all())
        assert 1 <= len(outcomes) <= 3
        assert all(o.result for o in outcomes) == (referral.status == Status.COMPLETED)
        if referral.status == Status.DECLINED:
            assert referral.decline_reason and referral.answered_at
        if referral.status == Status.WITHDRAWN:
            assert referral.withdraw_reason
        if referral.status in (Status.CONTACT_MADE, Status.IN_PROGRESS, Status.COMPLETED):
            assert referral.first_contact_on is not None
            assert referral.first_contact_before_release is not None
    for event in ReferralEvent.objects.filter(kind__in=["declined", "withdrawn"]):
        assert set(event.context) == FAIRNESS_KEYS
        assert event.reason


def test_it_sends_each_referral_to_a_service_meeting_the_need_from_the_lead_organisation(
    referrals,
):
    """...and open to the person's recorded sex: no demo man is sent to a women's service."""
    allocated = dict(
        Involvement.objects.filter(kind=Involvement.Kind.ALLOCATED).values_list(
            "person_id", "organisation_id"
        )
    )
    offered = set(
        Attribute.objects.filter(link_type=Attribute.NEED).values_list(
            "service_id", "taxonomy_term_id"
        )
    )
    onward = 0
    for referral in Referral.objects.select_related("parent", "need", "service", "person"):
        assert (referral.service_id, referral.support_need_id) in offered
        assert referral.to_organisation_id == referral.service.organisation_id
        assert referral.need.person_id == referral.person_id
        assert referral.from_organisation_id != referral.to_organisation_id
        if referral.person.sex:
            assert referral.service.sex_eligibility in ("", referral.person.sex)
        if referral.parent is None:
            assert referral.from_organisation_id == allocated[referral.person_id]
            assert referral.chain_root_id is None
        else:
            onward += 1
            assert referral.from_organisation_id == referral.parent.to_organisation_id
            assert referral.chain_root_id == (referral.parent.chain_root_id or referral.parent_id)
            assert set(referral.shared_fields) <= set(referral.parent.shared_fields)
            note = referral.parent.events.get(kind=ReferralEvent.Kind.REFERRED_ON).note
            assert referral.reference in note
    assert onward and onward == referrals.onward


def test_it_rests_every_referral_on_consent_in_force_or_an_override(referrals):
    overrides = 0
    for referral in Referral.objects.select_related("consent"):
        sent_on = timezone.localdate(referral.sent_at)
        if referral.consent is None:
            assert referral.consent_override_reason
            overrides += 1
            continue
        consent = referral.consent
        assert not referral.consent_override_reason
        assert consent.person_id == referral.person_id
        assert consent.purpose == Consent.Purpose.REFERRALS
        assert consent.organisation_id in (None, referral.to_organisation_id)
        assert consent.given_on <= sent_on
        assert consent.withdrawn_on is None or consent.withdrawn_on > sent_on
    assert 0 < overrides < 0.15 * referrals.referrals


def _unordered(shared):
    # Needs assessed together tie on Need's ordering (pathway, then when recorded): the
    # database may list those in any order.
    if "needs" in shared:
        shared = {**shared, "needs": sorted(shared["needs"], key=lambda n: n["need"])}
    return shared


def test_it_shares_what_the_sharing_module_would_have_shared(referrals):
    shared = Counter()
    for referral in Referral.objects.select_related("person"):
        need = Need.objects.get(pk=referral.need_id)
        assert _unordered(referral.shared) == _unordered(
            snapshot(referral.person, referral.shared_fields, need=need)
        )
        shared.update(referral.shared_fields)
    assert set(shared) == set(SharedField.values)


def test_it_opens_the_record_to_organisations_accepting_the_whole_record(referrals):
    opened = Referral.objects.filter(involvement__isnull=False).select_related("involvement")
    assert opened.exists()
    for referral in opened:
        involvement = referral.involvement
        assert SharedField.WHOLE_RECORD in referral.shared_fields
        assert involvement.kind == Involvement.Kind.REFERRED
        assert involvement.organisation_id == referral.to_organisation_id
        assert involvement.person_id == referral.person_id
        assert involvement.started_on == timezone.localdate(referral.answered_at)
        assert (involvement.ended_on is None) == referral.is_open
    assert not Referral.objects.filter(involvement__isnull=False, status=Status.DECLINED).exists()


def test_it_puts_each_change_on_the_persons_timeline(referrals):
    for referral in Referral.objects.all()[:150]:
        lines = Event.objects.filter(object_type="referrals.referral", object_id=str(referral.pk))
        assert lines.filter(title__startswith="Referred to").get().person_id == referral.person_id
        changes = referral.events.exclude(
            kind__in=["sent", "assigned", "reminded", "escalated", "referred_on"]
        )
        assert lines.count() == changes.count() + 1
    # The rest are the referral consents recorded on the day a referral needed one.
    referral_lines = Event.objects.filter(kind=Event.Kind.REFERRAL).count()
    assert referral_lines + referrals.consents == referrals.timeline_events


def test_it_chases_referrals_left_unanswered(referrals):
    # Slow answers were chased first: reminded after 3 working days, escalated after 5.
    for event in ReferralEvent.objects.filter(kind__in=["reminded", "escalated"]):
        waited = working_days_between(
            timezone.localdate(event.referral.sent_at), timezone.localdate(event.at)
        )
        assert waited == event.context["working_days_waiting"] in (3, 5)
        assert event.status == Status.SENT and event.actor is None
    assert ReferralEvent.objects.filter(kind="escalated").exists()
    # The few still unanswered past the escalation day have been chased (and are few).
    waiting = Referral.objects.filter(status=Status.SENT)
    late = [r for r in waiting if working_days_between(timezone.localdate(r.sent_at), TODAY) > 5]
    for referral in late:
        assert referral.reminded_at and referral.escalated_at
        kinds = set(referral.events.values_list("kind", flat=True))
        assert {"reminded", "escalated"} <= kinds
    assert len(late) < 0.05 * referrals.referrals


def test_it_brings_last_contact_up_to_a_providers_first_contact(referrals):
    for referral in Referral.objects.filter(first_contact_on__isnull=False).select_related(
        "person"
    ):
        assert referral.person.last_contact_on >= referral.first_contact_on


def test_it_aims_for_the_requested_number_of_referral_events():
    generate_people(people=150, seed=3, today=TODAY, organisations=_organisations())
    result = generate_referrals(people=150, events=1_500, seed=3, today=TODAY)
    assert 1_350 <= result.events <= 1_650
    assert ReferralEvent.objects.count() == result.events


def test_it_fills_the_demo_sign_ins_inboxes_and_removes_referrals_on_reset():
    out = StringIO()
    call_command("load_demo_data", "--services", "60", "--people", "400", stdout=out)
    assert "referrals" in out.getvalue()
    intake = User.objects.get(email="intake@demo.resettle.example")
    caseworker = User.objects.get(email="caseworker@demo.resettle.example")
    received = Referral.objects.received_by(intake)
    assert received.open().filter(assigned_to__isnull=True).exists()
    assert received.filter(assigned_to=intake).exists()
    assert received.closed().exists()
    assert Referral.objects.received_by(caseworker).filter(assigned_to=caseworker).exists()
    assert Referral.objects.filter(referred_by=caseworker).exists()

    call_command("load_demo_data", "--services", "40", "--people", "30", "--reset", stdout=out)

    assert Person.records.count() == 30


def test_it_wipes_what_it_added_so_a_benchmark_can_load_again_at_another_size():
    generate_people(people=120, seed=5, today=TODAY, organisations=_organisations())
    involvements = Involvement.objects.count()
    consents = Consent.objects.count()
    generate_referrals(people=120, seed=5, today=TODAY)
    first = _rows()

    wipe_referrals()

    assert not Referral.objects.exists() and not ReferralEvent.objects.exists()
    assert not Event.objects.filter(object_type="referrals.referral").exists()
    assert (Involvement.objects.count(), Consent.objects.count()) == (involvements, consents)
    generate_referrals(people=120, seed=5, today=TODAY)
    assert _rows() == first

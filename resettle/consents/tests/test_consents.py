import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.consents import actions
from resettle.consents.checks import consent_in_force
from resettle.consents.models import Consent
from resettle.people.log import entries_about
from resettle.testing.factories import OrganisationFactory, PersonFactory, involve, member
from resettle.timeline.models import Event

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def give(actor, person, **fields):
    data = {
        "purpose": "referrals",
        "organisation": None,
        "lawful_basis": "consent",
        "how_recorded": "signed",
        "given_on": TODAY() - 10 * DAY,
        "note": "",
    } | fields
    return actions.record_consent(actor, person, data)


def urls(person, consent=None):
    kwargs = {"person_id": person.pk}
    found = {
        "list": reverse("consents:list", kwargs=kwargs),
        "add": reverse("consents:add", kwargs=kwargs),
    }
    if consent is not None:
        found["withdraw"] = reverse("consents:withdraw", kwargs=kwargs | {"consent_id": consent.pk})
    return found


@pytest.fixture
def consent(caseworker, person):
    return give(caseworker, person)


# --- Who may reach the pages ---------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "add", "withdraw"])
def test_it_shows_each_page_to_caseworkers_and_intake_workers(
    sign_in, organisation, caseworker, person, consent, page
):
    intake = member(organisation, Role.INTAKE)
    for user in (caseworker, intake):
        assert sign_in(user).get(urls(person, consent)[page]).status_code == 200
        assert entries_about(person).filter(action="person.viewed", actor=user).exists()


@pytest.mark.parametrize("page", ["list", "add", "withdraw"])
def test_it_hides_every_page_from_outsiders_mentors_and_administrators(
    sign_in, organisation, outsider, administrator, person, consent, page
):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    for user in (outsider, mentor, administrator):
        client = sign_in(user)
        assert client.get(urls(person, consent)[page]).status_code == 404
        assert client.post(urls(person, consent)[page], {}).status_code in {404, 405}
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_it_will_not_withdraw_another_persons_consent_through_this_person(
    sign_in, organisation, caseworker, person
):
    other = PersonFactory()
    involve(other, organisation)
    theirs = give(caseworker, other)
    url = reverse("consents:withdraw", kwargs={"person_id": person.pk, "consent_id": theirs.pk})
    assert sign_in(caseworker).get(url).status_code == 404


# --- The list ------------------------------------------------------------------------------


def test_it_lists_current_and_withdrawn_consent(sign_in, caseworker, person, organisation):
    partner = OrganisationFactory(name="Partner Housing")
    give(caseworker, person, purpose="contact", organisation=partner)
    old = give(caseworker, person, purpose="outcomes")
    actions.withdraw_consent(caseworker, old, TODAY(), "Changed their mind")
    page = sign_in(caseworker).get(urls(person)["list"]).content.decode()
    assert "Partner Housing" in page
    assert "Contact me by phone, text or email" in page
    assert "Withdrawn" in page
    assert "Changed their mind" in page
    assert organisation.name in page  # who recorded it
    assert urls(person)["add"] in page


# --- Recording consent ---------------------------------------------------------------------


def test_it_records_consent_with_audit_and_timeline(sign_in, caseworker, person):
    partner = OrganisationFactory(name="Partner Housing")
    response = sign_in(caseworker).post(
        urls(person)["add"],
        {
            "purpose": "share_record",
            "organisation": str(partner.pk),
            "lawful_basis": "consent",
            "how_recorded": "in_person",
            "given_on": TODAY().isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert (consent.organisation, consent.recorded_by) == (partner, caseworker)
    assert consent.recorded_by_organisation is not None
    audit = entries_about(person).get(action="consent.recorded")
    assert audit.changes["record_id"] == str(consent.pk)
    assert audit.changes["shared_with"] == str(partner.pk)
    event = person.events.get(kind=Event.Kind.CONSENT)
    assert "Partner Housing" in event.detail


def test_it_records_another_lawful_basis_with_a_reason(caseworker, person):
    consent = give(
        caseworker,
        person,
        lawful_basis="public_task",
        how_recorded="",
        note="Probation supervision on licence",
    )
    assert consent.how_recorded == Consent.HowRecorded.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"how_recorded": "not_applicable"}, "Select how they gave their consent"),
        ({"how_recorded": ""}, "Select how they gave their consent"),
        ({"lawful_basis": "vital_interests", "how_recorded": ""}, "Say why this lawful basis"),
        ({"given_on": "tomorrow"}, "today or in the past"),
        ({"given_on": ""}, "Enter the date they gave consent"),
        ({"given_on": "30/02/2025"}, "Enter a real date"),
        ({"purpose": "everything"}, "Select what they agreed to"),
        ({"organisation": "not-an-id"}, "Select an organisation from the list"),
        ({"lawful_basis": ""}, "Select the lawful basis"),
        ({"note": "x" * 2001}, "2,000 characters or fewer"),
    ],
)
def test_it_explains_bad_input(sign_in, caseworker, person, data, message):
    posted = {
        "purpose": "referrals",
        "organisation": "",
        "lawful_basis": "consent",
        "how_recorded": "signed",
        "given_on": TODAY().isoformat(),
        "note": "",
    } | data
    if posted["given_on"] == "tomorrow":
        posted["given_on"] = (TODAY() + DAY).isoformat()
    response = sign_in(caseworker).post(urls(person)["add"], posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not person.consents.exists()


def test_it_refuses_consent_from_someone_without_casework_access(outsider, person):
    with pytest.raises(PermissionDenied):
        give(outsider, person)


# --- Withdrawing ---------------------------------------------------------------------------


def test_it_withdraws_consent_with_audit_and_timeline(sign_in, caseworker, person, consent):
    response = sign_in(caseworker).post(
        urls(person, consent)["withdraw"],
        {"withdrawn_on": TODAY().isoformat(), "note": "Asked us to stop"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawal_note, consent.withdrawal_recorded_by) == (
        TODAY(),
        "Asked us to stop",
        caseworker,
    )
    assert consent.is_withdrawn
    assert entries_about(person).filter(action="consent.withdrawn").exists()
    assert person.events.filter(title__startswith="Consent withdrawn").exists()


def test_it_refuses_to_withdraw_twice(sign_in, caseworker, person, consent):
    actions.withdraw_consent(caseworker, consent, TODAY() - DAY)
    client = sign_in(caseworker)
    assert "already withdrawn" in client.get(urls(person, consent)["withdraw"]).content.decode()
    response = client.post(urls(person, consent)["withdraw"], {"withdrawn_on": TODAY().isoformat()})
    assert response.status_code == 200
    assert "cannot be withdrawn twice" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY() - DAY
    with pytest.raises(ValidationError):
        actions.withdraw_consent(caseworker, consent, TODAY())
    assert entries_about(person).filter(action="consent.withdrawn").count() == 1


@pytest.mark.parametrize(
    ("withdrawn_on", "message"),
    [
        ("tomorrow", "today or in the past"),
        ("before", "on or after the date it was given"),
        ("", "Enter the date they withdrew consent"),
        ("soon", "Enter a real date"),
    ],
)
def test_it_checks_the_withdrawal_date(sign_in, caseworker, person, consent, withdrawn_on, message):
    dates = {"tomorrow": TODAY() + DAY, "before": consent.given_on - DAY}
    if withdrawn_on in dates:
        withdrawn_on = dates[withdrawn_on].isoformat()
    response = sign_in(caseworker).post(
        urls(person, consent)["withdraw"], {"withdrawn_on": withdrawn_on}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- consent_in_force ----------------------------------------------------------------------


def test_it_finds_consent_for_any_organisation(caseworker, person, consent):
    partner = OrganisationFactory()
    assert consent_in_force(person, "referrals") == consent
    assert consent_in_force(person, "referrals", partner) == consent
    assert consent_in_force(person, "contact") is None


def test_it_prefers_consent_naming_the_organisation(caseworker, person, consent):
    partner = OrganisationFactory()
    named = give(caseworker, person, organisation=partner, given_on=TODAY() - 20 * DAY)
    assert consent_in_force(person, "referrals", partner) == named
    assert consent_in_force(person, "referrals") == consent


def test_it_does_not_let_consent_for_one_organisation_cover_another(caseworker, person):
    partner, stranger = OrganisationFactory(), OrganisationFactory()
    give(caseworker, person, organisation=partner)
    assert consent_in_force(person, "referrals", stranger) is None
    assert consent_in_force(person, "referrals") is None


def test_it_respects_the_dates_given_and_withdrawn(caseworker, person, consent):
    assert consent_in_force(person, "referrals", on=consent.given_on - DAY) is None
    actions.withdraw_consent(caseworker, consent, TODAY() - 2 * DAY)
    assert consent_in_force(person, "referrals") is None
    assert consent_in_force(person, "referrals", on=TODAY() - 3 * DAY) == consent


def test_it_only_looks_at_this_persons_consent(caseworker, organisation, person, consent):
    other = PersonFactory()
    involve(other, organisation)
    assert consent_in_force(other, "referrals") is None

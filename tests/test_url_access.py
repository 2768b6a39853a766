"""Walks every URL of the app as every persona: nobody reaches what they should not.

Each named URL must be classified below, so a URL added later without a decision about who
may see it fails this test until someone makes that decision.
"""

import datetime
import itertools

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    add_need,
    involve,
    member,
    person_with,
    place_service,
)

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed in"  # any signed-in user
MANAGER = "manager"  # managers of the owning organisation, and administrators
ADMINISTRATOR = "administrator"  # administrators only

# A person's record (the person in `world` works with the owning organisation). Sets of the
# personas who may reach each kind of page; everyone else gets 403 or 404.
CASEWORK = frozenset({"manager", "caseworker", "intake worker"})
# Casework roles, the person's own mentor, and administrators (for data-protection work).
ANY_VIEW = CASEWORK | {"mentor", "administrator"}
EQUALITY = frozenset({"manager", "caseworker"})
OVERSIGHT = frozenset({"manager", "administrator"})
# Lists that show only the people the user may see: anyone with a casework role anywhere
# (the outsider's lists are empty), so the walk also checks nothing of ours leaks into them.
CASEWORK_ANYWHERE = CASEWORK | {"outsider"}

ACCESS = {
    "pages:home": PUBLIC,
    "pages:accessibility": PUBLIC,
    "pages:privacy": PUBLIC,
    "pages:healthz": PUBLIC,
    "services:search": PUBLIC,
    "services:detail": PUBLIC,
    "organisations:detail": PUBLIC,
    "organisations:mine": SIGNED_IN,
    "organisations:edit": MANAGER,
    "manage:service_create": MANAGER,
    "manage:service": MANAGER,
    "manage:service_details": MANAGER,
    "manage:service_needs": MANAGER,
    "manage:service_area": MANAGER,
    "manage:service_contact": MANAGER,
    "manage:service_mark_reviewed": MANAGER,
    "manage:location_add": MANAGER,
    "manage:location_edit": MANAGER,
    "manage:location_remove": MANAGER,
    "interchange:import": ADMINISTRATOR,
    "interchange:export_json": ADMINISTRATOR,
    "interchange:export_package": ADMINISTRATOR,
    "accounts:sign_in": PUBLIC,
    "accounts:sign_out": PUBLIC,
    "accounts:two_factor": PUBLIC,
    "accounts:two_factor_setup": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "oruk:root": PUBLIC,
    "oruk:openapi": PUBLIC,
    "oruk:services": PUBLIC,
    "oruk:service": PUBLIC,
    "oruk:service_at_locations": PUBLIC,
    "oruk:service_at_location": PUBLIC,
    "oruk:taxonomies": PUBLIC,
    "oruk:taxonomy": PUBLIC,
    "oruk:taxonomy_terms": PUBLIC,
    "oruk:taxonomy_term": PUBLIC,
    "people:search": CASEWORK_ANYWHERE | {"administrator"},
    "people:create": CASEWORK_ANYWHERE,
    "people:person": ANY_VIEW,
    "people:details": CASEWORK,
    "people:organisations": CASEWORK,
    "people:involvement_end": CASEWORK,
    "people:merge": OVERSIGHT,
    "custody:movements": CASEWORK,
    "custody:edit": CASEWORK,
    "custody:record": CASEWORK,
    "equality:answers": EQUALITY,
    "equality:edit": EQUALITY,
    "consents:list": CASEWORK,
    "consents:add": CASEWORK,
    "consents:withdraw": CASEWORK,
    "needs:list": CASEWORK,
    "needs:add": CASEWORK,
    "needs:need": CASEWORK,
    "needs:no_needs": CASEWORK,
    "plans:plan": ANY_VIEW,
    "plans:print": ANY_VIEW,
    "plans:goal_add": CASEWORK,
    "plans:goal": CASEWORK,
    "plans:step_add": CASEWORK,
    "plans:step_done": CASEWORK,
    "casenotes:list": CASEWORK,
    "appointments:list": ANY_VIEW,
    "appointments:add": CASEWORK,
    "appointments:outcome": CASEWORK,
    "timeline:timeline": CASEWORK,
    "soft_outcomes:journey": CASEWORK,
    "outcomes:list": CASEWORK,
    "outcomes:add": CASEWORK,
    # Managers of any organisation (the outsider too) import for organisations they manage.
    "outcome_import:upload": frozenset({"manager", "outsider", "administrator"}),
    "soft_outcomes:record": CASEWORK,
    "subject_access:seen_by": OVERSIGHT,
    "subject_access:export_json": OVERSIGHT,
    "subject_access:export_document": OVERSIGHT,
    "caseloads:mine": CASEWORK_ANYWHERE | {"mentor"},
    "caseloads:team": CASEWORK_ANYWHERE,
    "caseloads:worklist": CASEWORK_ANYWHERE,
    "notifications:list": SIGNED_IN,
    "notifications:open": frozenset({"caseworker"}),  # only its recipient
    "notifications:mark_all_read": SIGNED_IN,
    # The owning organisation receives the referral in `world`; its staff work on it.
    "person_referrals:list": CASEWORK,
    "person_referrals:suggest": CASEWORK,
    "person_referrals:new": CASEWORK,
    "referrals:inbox": CASEWORK_ANYWHERE,
    "referrals:sent": CASEWORK_ANYWHERE,
    "referrals:detail": CASEWORK,
    "referrals:accept": CASEWORK,
    "referrals:decline": CASEWORK,
    "referrals:assign": CASEWORK,
    "referrals:contact": CASEWORK,
    "referrals:complete": CASEWORK,
    "referrals:withdraw": CASEWORK,
    "referrals:refer_on": CASEWORK,
    "referrals:cancel": frozenset(),  # the referring organisation's, and it is not here
    # Managers see their own organisations' evaluations, commissioners every one.
    "evaluation:list": frozenset({"manager", "outsider", "commissioner"}),
    "evaluation:result": frozenset({"manager", "commissioner"}),
    "evaluation:json": frozenset({"manager", "commissioner"}),
    "evaluation:csv": frozenset({"manager", "commissioner"}),
    "evaluation:pdf": frozenset({"manager", "commissioner"}),
    "evaluation:services": frozenset({"manager", "outsider"}),
    "evaluation:evaluate_service": frozenset({"manager"}),
    "evaluation:jdl_cohort": frozenset({"manager"}),
    # The JSON API: the same rules as the pages, for the referral the owner receives.
    "api:openapi": PUBLIC,
    "api:referrals": SIGNED_IN,
    "api:referral": CASEWORK,
    "api:referral_accept": CASEWORK,
    "api:referral_decline": CASEWORK,
    "api:referral_assign": CASEWORK,
    "api:referral_contact": CASEWORK,
    "api:referral_complete": CASEWORK,
    "api:referral_withdraw": CASEWORK,
    "api:referral_cancel": frozenset(),
    "api:tokens": SIGNED_IN,
    "api:token_revoke": frozenset({"caseworker"}),  # only its owner
}
# The JSON API answers the anonymous with 401 and a Bearer challenge, never a redirect.
JSON_API = {name for name in ACCESS if name.startswith("api:")} - {
    "api:openapi",
    "api:tokens",
    "api:token_revoke",
}


def named_urls(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from named_urls(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_it_has_decided_who_may_reach_every_url():
    assert sorted(set(named_urls()) - set(ACCESS)) == []


@pytest.fixture
def world(db):
    owner = OrganisationFactory(name="Owner Trust")
    service = ServiceFactory(organisation=owner)
    location = LocationFactory(organisation=owner)
    at = place_service(service, location)
    from resettle.taxonomy.models import TaxonomyTerm

    term = TaxonomyTerm.objects.needs().first()
    kwargs = {
        "organisation_id": owner.pk,
        "service_id": service.pk,
        "location_id": location.pk,
        "uidb64": "MQ",
        "token": "not-a-token",
    }
    oruk_ids = {
        "oruk:service": service.pk,
        "oruk:service_at_location": at.pk,
        "oruk:taxonomy": term.taxonomy_id,
        "oruk:taxonomy_term": term.pk,
    }
    personas = {
        "anonymous": None,
        "manager": member(owner, Role.MANAGER),
        "caseworker": member(owner, Role.CASEWORKER),
        "intake worker": member(owner, Role.INTAKE),
        "mentor": member(owner, Role.MENTOR),
        "outsider": member(OrganisationFactory(name="Unrelated Org"), Role.MANAGER),
        "commissioner": member(OrganisationFactory(name="Funder"), Role.COMMISSIONER),
        "administrator": member(OrganisationFactory(name="Operations"), Role.ADMINISTRATOR),
    }
    kwargs |= person_world(owner, personas)
    from resettle.notifications.models import Notification

    kwargs["notification_id"] = Notification.objects.create(
        recipient=personas["caseworker"], kind="test", key="walk", title="A referral", url="/"
    ).pk
    kwargs |= referral_world(owner, service, kwargs["person_id"])
    kwargs["evaluation_id"] = evaluation_of(owner, service)
    kwargs["token_id"] = api_token_of(personas["caseworker"])
    return kwargs, oruk_ids, personas


# Names that must never appear on a page for someone who may not see the person.
SECRET_NAME = "Quillfeather"


def person_world(owner, personas):
    """A person the owning organisation works with, and one of each thing held about them."""
    from resettle.appointments.models import Appointment
    from resettle.consents.models import Consent
    from resettle.plans.models import Goal, Step

    person = person_with(
        owner, personas["caseworker"], given_name="Morwenna", family_name=SECRET_NAME
    )
    mentoring = involve(person, owner, "mentoring", personas["mentor"])
    goal = Goal.objects.create(person=person, in_their_words="Get my own flat")
    step = Step.objects.create(goal=goal, what="Fill in the housing form", who="Me")
    consent = Consent.objects.create(
        person=person,
        purpose="share_record",
        lawful_basis="consent",
        how_recorded="signed",
        given_on=datetime.date(2026, 1, 5),
    )
    appointment = Appointment.objects.create(
        person=person,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        mode="phone",
        purpose="Check in",
        organisation=owner,
        worker=personas["mentor"],
    )
    return {
        "person_id": person.pk,
        "need_id": add_need(person, "find-accommodation").pk,
        "goal_id": goal.pk,
        "step_id": step.pk,
        "consent_id": consent.pk,
        "appointment_id": appointment.pk,
        "involvement_id": mentoring.pk,
    }


def referral_world(owner, service, person_id):
    """A referral to the owning organisation's service from another organisation that works
    with the person: the owner's staff are its receiving side."""
    from resettle.consents.models import Consent
    from resettle.people.models import Person
    from resettle.referrals.actions import send_referral
    from resettle.taxonomy.models import TaxonomyTerm

    referring = OrganisationFactory(name="Referring Trust")
    referrer = member(referring, Role.CASEWORKER)
    person = Person.records.get(pk=person_id)
    involve(person, referring, "supporting")
    Consent.objects.create(
        person=person,
        purpose="referrals",
        lawful_basis="consent",
        how_recorded="signed",
        given_on=datetime.date(2026, 1, 5),
    )
    term = TaxonomyTerm.objects.needs().get(code="find-accommodation")
    service.attributes.create(taxonomy_term=term, link_type="need")
    referral = send_referral(
        referrer,
        person,
        service=service,
        need=person.needs.get(support_need=term),
        desired_outcomes=["A home"],
        reason="Housing on release",
    )
    return {"referral_id": referral.pk}


def evaluation_of(owner, service):
    from resettle.evaluation.testing import stored_evaluation

    return stored_evaluation(owner, service=service).pk


def api_token_of(user):
    from resettle.api.actions import create_token

    token, _secret = create_token(user, user, "walk")
    return token.pk


def url_for(name, kwargs, oruk_ids):
    if name in oruk_ids:
        return reverse(name, kwargs={"id": oruk_ids[name]})
    # The first set of the world's ids that the URL takes, trying the fewest first.
    for size in range(4):
        for needed in itertools.combinations(sorted(kwargs), size):
            try:
                return reverse(name, kwargs={k: kwargs[k] for k in needed})
            except NoReverseMatch:
                continue
    raise NoReverseMatch(f"{name}: the world in this test has no ids for it")


def allowed(access, persona):
    if isinstance(access, frozenset):
        return persona in access
    if access == PUBLIC:
        return True
    if persona == "anonymous":
        return False
    if access == SIGNED_IN:
        return True
    if access == MANAGER:
        return persona in {"manager", "administrator"}
    return persona == "administrator"


@pytest.mark.parametrize(
    "persona",
    [
        "anonymous",
        "manager",
        "caseworker",
        "intake worker",
        "mentor",
        "outsider",
        "commissioner",
        "administrator",
    ],
)
def test_it_lets_each_persona_reach_only_what_it_may(client, sign_in, world, persona):
    kwargs, oruk_ids, personas = world
    user = personas[persona]
    if user is not None:
        sign_in(user)
    wrong = []
    for name, access in ACCESS.items():
        url = url_for(name, kwargs, oruk_ids)
        if user is not None:
            sign_in(user)  # again, since the walk POSTs to sign out on its way
        if name.startswith("api:"):
            get, post = client.get(url), client.post(url, {}, content_type="application/json")
        else:
            get, post = client.get(url), client.post(url, {})
        if get.status_code >= 500 or post.status_code >= 500:
            wrong.append(f"{name}: server error {get.status_code}/{post.status_code}")
        elif persona in {"anonymous", "outsider", "commissioner"} and any(
            SECRET_NAME.encode() in response.content for response in (get, post)
        ):
            wrong.append(f"{name}: {persona} was shown the person's name")
        elif allowed(access, persona):
            # 405: a POST-only action (sign out, mark reviewed) reached by GET; 302 onwards.
            if get.status_code not in {200, 302, 405}:
                wrong.append(f"{name}: {persona} should reach it, got {get.status_code}")
            elif (
                get.status_code == 302
                and get["Location"].startswith("/account/")
                and (not name.startswith("accounts:"))
            ):
                wrong.append(f"{name}: {persona} was sent to {get['Location']}")
        elif persona == "anonymous" and name in JSON_API:
            for response in (get, post):
                if response.status_code == 405:
                    continue
                if response.status_code != 401 or "Bearer" not in response["WWW-Authenticate"]:
                    wrong.append(f"{name}: anonymous should get 401, got {response.status_code}")
        elif persona == "anonymous":
            for response in (get, post):
                if response.status_code == 405:
                    continue
                if response.status_code != 302 or "/account/sign-in/" not in response["Location"]:
                    wrong.append(
                        f"{name}: anonymous should be sent to sign in, got {response.status_code}"
                    )
        else:
            # Refused for reading and for writing alike; 405 only where the method is wrong.
            for method, response in (("GET", get), ("POST", post)):
                if response.status_code not in {403, 404, 405}:
                    wrong.append(
                        f"{name}: {persona} {method} should be refused, got {response.status_code}"
                    )
    assert wrong == []

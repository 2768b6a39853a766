"""Walks every URL of the app as every persona: nobody reaches what they should not.

Each named URL must be classified below, so a URL added later without a decision about who
may see it fails this test until someone makes that decision.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from resettle.accounts.models import Role
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    member,
    place_service,
)

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed in"  # any signed-in user
MANAGER = "manager"  # managers of the owning organisation, and administrators
ADMINISTRATOR = "administrator"  # administrators only

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
    return kwargs, oruk_ids, personas


def url_for(name, kwargs, oruk_ids):
    if name in oruk_ids:
        return reverse(name, kwargs={"id": oruk_ids[name]})
    from django.urls import NoReverseMatch

    for needed in ([], ["organisation_id"], ["service_id"], ["service_id", "location_id"]):
        try:
            return reverse(name, kwargs={k: kwargs[k] for k in needed})
        except NoReverseMatch:
            continue
    return reverse(name, kwargs={"uidb64": kwargs["uidb64"], "token": kwargs["token"]})


def allowed(access, persona):
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
        get, post = client.get(url), client.post(url, {})
        if get.status_code >= 500 or post.status_code >= 500:
            wrong.append(f"{name}: server error {get.status_code}/{post.status_code}")
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

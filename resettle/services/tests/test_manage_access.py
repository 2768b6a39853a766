"""Who may reach each manage page: owner, team member, outsider, administrator, anonymous."""

import uuid

import pytest
from django.urls import reverse

from resettle.services.models import Service
from resettle.testing.factories import LocationFactory, ServiceFactory, place_service


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Peckham Housing Advice")


@pytest.fixture
def located(service):
    location = LocationFactory()
    place_service(service, location)
    return location


def service_urls(service, location):
    """Every manage URL for one service, with what a GET should show its editors."""
    return [
        reverse("manage:service", args=[service.pk]),
        reverse("manage:service_details", args=[service.pk]),
        reverse("manage:service_needs", args=[service.pk]),
        reverse("manage:service_area", args=[service.pk]),
        reverse("manage:service_contact", args=[service.pk]),
        reverse("manage:location_add", args=[service.pk]),
        reverse("manage:location_edit", args=[service.pk, location.pk]),
        reverse("manage:location_remove", args=[service.pk, location.pk]),
    ]


POST_URLS = [
    "manage:service_details",
    "manage:service_needs",
    "manage:service_area",
    "manage:service_contact",
    "manage:service_mark_reviewed",
    "manage:location_add",
]


def test_it_lets_the_manager_open_every_page(sign_in, manager, service, located):
    client = sign_in(manager)
    for url in service_urls(service, located):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Peckham Housing Advice" in response.text


def test_it_lets_an_administrator_open_every_page(sign_in, administrator, service, located):
    client = sign_in(administrator)
    for url in service_urls(service, located):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["caseworker", "outsider"])
def test_it_hides_every_page_from_non_managers(request, sign_in, persona, service, located):
    client = sign_in(request.getfixturevalue(persona))
    for url in service_urls(service, located):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Peckham Housing Advice" not in response.text


@pytest.mark.parametrize("persona", ["caseworker", "outsider"])
def test_it_refuses_every_post_from_non_managers(request, sign_in, persona, service, located):
    client = sign_in(request.getfixturevalue(persona))
    for name in POST_URLS:
        url = reverse(name, args=[service.pk])
        response = client.post(url, {"version": service.version, "name": "Hijacked"})
        assert response.status_code == 404, url
    for name in ["manage:location_edit", "manage:location_remove"]:
        url = reverse(name, args=[service.pk, located.pk])
        assert client.post(url, {"version": service.version}).status_code == 404, url
    service.refresh_from_db()
    assert service.name == "Peckham Housing Advice"
    assert service.version == 1
    assert service.at_locations.count() == 1


@pytest.mark.parametrize("persona", ["caseworker", "outsider"])
def test_it_hides_add_a_service_from_non_managers(request, sign_in, persona, organisation):
    client = sign_in(request.getfixturevalue(persona))
    url = reverse("manage:service_create", args=[organisation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Sneaky", "description": "x"}).status_code == 404
    assert not Service.objects.filter(name="Sneaky").exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, service, located, organisation):
    urls = [
        *service_urls(service, located),
        reverse("manage:service_create", args=[organisation.pk]),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:sign_in")), url


def test_it_answers_unknown_ids_with_404(sign_in, manager, service, located):
    client = sign_in(manager)
    missing = uuid.uuid4()
    urls = [
        reverse("manage:service", args=[missing]),
        reverse("manage:service_details", args=[missing]),
        reverse("manage:location_edit", args=[service.pk, missing]),
        reverse("manage:location_remove", args=[missing, located.pk]),
        reverse("manage:service_create", args=[missing]),
        "/manage/services/not-a-uuid/",
        "/manage/services/12345/details/",
        f"/manage/services/{service.pk}/locations/nope/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in urls[1:]:
        assert client.post(url, {"version": "1"}).status_code == 404, url


def test_it_will_not_edit_another_services_location_through_this_one(
    sign_in, manager, organisation, located
):
    other = ServiceFactory(organisation=organisation)
    client = sign_in(manager)
    url = reverse("manage:location_edit", args=[other.pk, located.pk])
    assert client.get(url).status_code == 404


def test_it_will_not_let_a_manager_change_a_location_another_organisation_uses(
    sign_in, manager, service, located, other_organisation
):
    # An import can link one place to services of two organisations: neither may move it.
    place_service(ServiceFactory(organisation=other_organisation), located)
    client = sign_in(manager)
    for name in ("manage:location_edit", "manage:location_remove"):
        url = reverse(name, args=[service.pk, located.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_it_allows_mark_reviewed_only_by_post(sign_in, manager, service):
    client = sign_in(manager)
    assert client.get(reverse("manage:service_mark_reviewed", args=[service.pk])).status_code == 405

"""A person finds a service by need and borough, with and without JavaScript."""

import pytest
from django.urls import reverse

from resettle.testing.factories import ServiceFactory, need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services(db):
    from resettle.places.models import Borough

    camden = Borough.objects.get(name="Camden")
    wanted = ServiceFactory(
        name="Camden ID Clinic",
        needs=[need("id-documents")],
        boroughs=[camden],
        languages=["en", "bn"],
    )
    ServiceFactory(
        name="Croydon Job Club",
        needs=[need("find-work")],
        boroughs=[Borough.objects.get(name="Croydon")],
    )
    return wanted


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_it_finds_a_service_by_need_and_borough(live_server, services, request, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server.url + reverse("pages:home"))
    page.get_by_role("link", name="Find a service").first.click()
    page.get_by_label("Need").select_option(label="Apply for ID documents")
    page.get_by_label("Borough").select_option(label="Camden")
    page.get_by_role("button", name="Search").click()
    results = page.locator("main")
    assert "Camden ID Clinic" in results.inner_text()
    assert "Croydon Job Club" not in results.inner_text()
    assert "need=id-documents" in page.url and "borough=camden" in page.url
    page.get_by_role("link", name="Camden ID Clinic").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Camden ID Clinic"

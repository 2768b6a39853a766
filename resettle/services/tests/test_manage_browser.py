"""The manage pages pass axe-core's WCAG 2.2 A and AA rules in a real browser, with errors too."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from resettle.testing.browser import axe_violations
from resettle.testing.factories import LocationFactory, ServiceFactory, need, place_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(browser, live_server, manager):
    """A browser page signed in as the organisation's manager, both factors done."""
    client = Client()
    client.force_login(manager)
    session = client.session
    session["two_factor_verified"] = True
    session.save()
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()


def test_it_finds_no_wcag_violations_on_any_manage_page(live_server, signed_in_page, organisation):
    service = ServiceFactory(organisation=organisation, needs=[need("find-accommodation")])
    location = LocationFactory()
    place_service(service, location)
    urls = [
        reverse("organisations:mine"),
        reverse("organisations:edit", args=[organisation.pk]),
        reverse("manage:service_create", args=[organisation.pk]),
        reverse("manage:service", args=[service.pk]),
        reverse("manage:service_details", args=[service.pk]),
        reverse("manage:service_needs", args=[service.pk]),
        reverse("manage:service_area", args=[service.pk]),
        reverse("manage:service_contact", args=[service.pk]),
        reverse("manage:location_add", args=[service.pk]),
        reverse("manage:location_edit", args=[service.pk, location.pk]),
        reverse("manage:location_remove", args=[service.pk, location.pk]),
    ]
    failures = {}
    for url in urls:
        signed_in_page.goto(live_server.url + url)
        assert signed_in_page.locator("h1").count() == 1, url
        if violations := axe_violations(signed_in_page):
            failures[url] = violations
    assert failures == {}


def test_it_moves_focus_to_a_linked_field_from_the_error_summary(
    live_server, signed_in_page, organisation
):
    service = ServiceFactory(organisation=organisation)
    page = signed_in_page
    page.goto(live_server.url + reverse("manage:location_add", args=[service.pk]))
    page.get_by_label("Postcode").fill("SE1")
    page.locator("#id_times-0-opens_at").fill("17:00")
    page.locator("#id_times-0-closes_at").fill("09:00")
    page.get_by_role("button", name="Add location").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter the full postcode, like SE1 7TP").click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    closing = summary.get_by_role("link", name="Closing time must be after the opening time")
    assert closing.count() == 1

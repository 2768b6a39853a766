"""Every public page passes axe-core's WCAG 2.2 A and AA rules in a real browser."""

import pytest
from django.urls import reverse

from resettle.testing.browser import axe_violations
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    group,
    need,
    place_service,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    from resettle.places.models import Borough

    southwark = Borough.objects.get(name="Southwark")
    organisation = OrganisationFactory(name="Bankside Women's Project")
    service = ServiceFactory(
        organisation=organisation,
        name="Housing advice after release",
        description="Help to find somewhere to live before and after you leave prison.",
        needs=[need("find-accommodation")],
        groups=[group("women")],
        boroughs=[southwark],
        languages=["en", "pl", "ar"],
    )
    place_service(service, LocationFactory())
    refuge = LocationFactory(name="Refuge", confidential=True)
    place_service(service, refuge)
    return {"organisation": organisation, "service": service}


def public_urls(directory):
    service, organisation = directory["service"], directory["organisation"]
    search = reverse("services:search")
    return [
        reverse("pages:home"),
        search,
        f"{search}?q=housing&need=accommodation&borough=southwark&language=pl",
        f"{search}?postcode=SE1+7TP&group=women&day=MO&age=30",
        f"{search}?postcode=NOT+A+POSTCODE&age=-4",
        f"{search}?q=nothing+matches+this+at+all",
        reverse("services:detail", args=[service.pk]),
        reverse("organisations:detail", args=[organisation.pk]),
        reverse("pages:accessibility"),
        reverse("pages:privacy"),
        reverse("accounts:sign_in"),
        reverse("accounts:password_reset"),
        "/no-such-page/",
    ]


def test_it_finds_no_wcag_violations_on_any_public_page(live_server, page, directory):
    failures = {}
    for url in public_urls(directory):
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


def test_it_finds_no_wcag_violations_on_a_sign_in_form_with_errors(live_server, page):
    page.goto(live_server.url + reverse("accounts:sign_in"))
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_it_reports_violations_on_an_inaccessible_page(page):
    # The harness must be able to fail: an unlabelled input and an image with no text.
    page.set_content(
        '<html lang="en"><head><title>Bad</title></head><body><main>'
        '<img src="x.png"><input type="text"></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found

"""The API tokens page passes axe-core's WCAG 2.2 A and AA rules in a real browser: empty,
with an error, showing a new token once, and listing a revoked one."""

import pytest

from resettle.accounts.models import Role
from resettle.api.models import ApiToken
from resettle.testing.browser import axe_violations, sign_in_browser
from resettle.testing.factories import OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_finds_no_wcag_violations_on_the_tokens_page(live_server, page):
    user = member(OrganisationFactory(name="Owner Trust"), Role.CASEWORKER)
    sign_in_browser(page, live_server, user)
    failures = {}
    page.goto(live_server.url + "/api/tokens/")
    failures["empty"] = axe_violations(page)

    page.get_by_role("button", name="Make token").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    failures["error"] = axe_violations(page)

    page.get_by_label("Name").fill("Case system sync")
    page.get_by_role("button", name="Make token").click()
    page.wait_for_load_state()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("rsk_")
    failures["made"] = axe_violations(page)

    page.get_by_role("button", name="Revoke Case system sync").click()
    page.wait_for_load_state()
    assert ApiToken.objects.get(user=user).is_revoked
    assert secret not in page.content()
    failures["revoked"] = axe_violations(page)
    assert {state: found for state, found in failures.items() if found} == {}

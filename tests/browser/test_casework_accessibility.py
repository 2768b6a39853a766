"""Every page of a person's record, the caseloads and the worklist pass axe-core's WCAG 2.2
A and AA rules in a real browser, as a manager (who sees every tab)."""

import pytest

from resettle.accounts.models import Role
from resettle.testing.browser import axe_violations, sign_in_browser
from resettle.testing.factories import OrganisationFactory, member
from tests.test_url_access import ACCESS, person_world, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASEWORK_NAMESPACES = {
    "people",
    "custody",
    "equality",
    "consents",
    "needs",
    "plans",
    "casenotes",
    "appointments",
    "timeline",
    "subject_access",
    "caseloads",
    "outcomes",
    "soft_outcomes",
}
NOT_PAGES = {"subject_access:export_json", "plans:step_done"}


@pytest.fixture
def manager_and_ids(db):
    owner = OrganisationFactory(name="Owner Trust")
    personas = {
        role: member(owner, role)
        for role in (Role.MANAGER, Role.CASEWORKER, Role.INTAKE, Role.MENTOR)
    }
    ids = person_world(
        owner,
        {
            "caseworker": personas[Role.CASEWORKER],
            "mentor": personas[Role.MENTOR],
        },
    )
    return personas[Role.MANAGER], ids


def casework_pages():
    return sorted(
        name
        for name in ACCESS
        if name.split(":")[0] in CASEWORK_NAMESPACES and name not in NOT_PAGES
    )


def test_it_finds_no_wcag_violations_on_any_casework_page(live_server, page, manager_and_ids):
    manager, ids = manager_and_ids
    sign_in_browser(page, live_server, manager)
    failures = {}
    for name in casework_pages():
        url = url_for(name, ids, {})
        response = page.goto(live_server.url + url)
        if response.status != 200:
            failures[name] = f"status {response.status}"
            continue
        if violations := axe_violations(page):
            failures[name] = violations
    assert failures == {}


def test_it_finds_no_wcag_violations_on_forms_with_errors(live_server, page, manager_and_ids):
    manager, ids = manager_and_ids
    sign_in_browser(page, live_server, manager)
    failures = {}
    for name in ("people:create", "needs:add", "plans:goal_add", "appointments:add"):
        page.goto(live_server.url + url_for(name, ids, {}))
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()
        if violations := axe_violations(page):
            failures[name] = violations
    assert failures == {}

"""A stored evaluation's page, the list and the standalone report pass axe-core's WCAG 2.2 A
and AA rules in a real browser."""

import pytest
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.evaluation.report import report_context
from resettle.evaluation.testing import stored_evaluation
from resettle.testing.browser import axe_violations, sign_in_browser
from resettle.testing.factories import OrganisationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("resettle.evaluation.tests.urls"),
]


def test_it_finds_no_wcag_violations_on_the_evaluation_pages(live_server, page, tmp_path):
    organisation = OrganisationFactory(name="Owner Trust")
    manager = member(organisation, Role.MANAGER)
    evaluation = stored_evaluation(organisation)
    sign_in_browser(page, live_server, manager)
    failures = {}
    for url in (
        reverse("evaluation:list"),
        reverse("evaluation:result", kwargs={"evaluation_id": evaluation.pk}),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        if violations := axe_violations(page):
            failures[url] = violations
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=str(tmp_path / "result.png"), full_page=True)
    assert failures == {}


def test_it_finds_no_wcag_violations_in_the_standalone_report(page, db):
    from django.template.loader import render_to_string

    evaluation = stored_evaluation(OrganisationFactory())
    html = render_to_string(
        "evaluation/report.html",
        report_context(
            evaluation.result,
            treated="treated.csv",
            comparison="pool.csv",
            generated=evaluation.created_at,
        ),
    )
    page.set_content(html)
    assert axe_violations(page) == []

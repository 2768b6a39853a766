"""Stored evaluations on the web: who may see them, the page, and its downloads."""

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.evaluation.actions import save_evaluation
from resettle.evaluation.models import Evaluation
from resettle.evaluation.testing import simulated_result, stored_evaluation
from resettle.testing.factories import OrganisationFactory, ServiceFactory, member

pytestmark = pytest.mark.urls("resettle.evaluation.tests.urls")


@pytest.fixture
def evaluation(organisation):
    return stored_evaluation(organisation)


@pytest.fixture
def commissioner(db):
    return member(OrganisationFactory(name="London Funders"), Role.COMMISSIONER)


def page(client, name, evaluation):
    return client.get(reverse(f"evaluation:{name}", kwargs={"evaluation_id": evaluation.pk}))


def test_it_shows_a_manager_their_organisations_evaluation(client, sign_in, manager, evaluation):
    sign_in(manager)
    response = page(client, "result", evaluation)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Housing First: impact on re-offending" in html
    assert "For 100 typical people who received this support" in html
    assert "What you can say" in html and "What you cannot say" in html
    # Both charts, each with a text alternative, and the figures behind them in tables.
    assert html.count('<svg role="img"') == 3  # overlap before and after, and balance
    assert 'id="overlap-before-desc"' in html and 'id="balance-chart-desc"' in html
    assert "Share of each group by propensity score" in html
    assert "Balance before and after matching" in html
    assert "People needed" in html


def test_it_shows_commissioners_every_evaluation(client, sign_in, commissioner, evaluation):
    sign_in(commissioner)
    assert page(client, "result", evaluation).status_code == 200
    listed = client.get(reverse("evaluation:list"))
    assert evaluation.title in listed.content.decode()


@pytest.mark.parametrize("name", ["result", "json", "csv", "pdf"])
def test_it_hides_an_evaluation_from_another_organisations_manager(
    client, sign_in, outsider, evaluation, name
):
    sign_in(outsider)
    assert page(client, name, evaluation).status_code == 404
    assert evaluation.title not in client.get(reverse("evaluation:list")).content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE, Role.MENTOR])
def test_it_refuses_casework_roles(client, sign_in, organisation, evaluation, role):
    sign_in(member(organisation, role))
    assert page(client, "result", evaluation).status_code == 404
    assert client.get(reverse("evaluation:list")).status_code == 403


def test_it_refuses_administrators_who_see_records_not_aggregates(
    client, sign_in, administrator, evaluation
):
    sign_in(administrator)
    assert page(client, "result", evaluation).status_code == 404
    assert client.get(reverse("evaluation:list")).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, evaluation):
    response = page(client, "result", evaluation)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_it_lists_only_the_managers_own_evaluations(client, sign_in, manager, organisation):
    stored_evaluation(organisation, title="Ours")
    stored_evaluation(OrganisationFactory(), title="Someone else's")
    sign_in(manager)
    html = client.get(reverse("evaluation:list")).content.decode()
    assert "Ours" in html and "Someone else" not in html


def test_it_downloads_the_full_results_as_json(client, sign_in, manager, evaluation):
    sign_in(manager)
    response = page(client, "json", evaluation)
    assert response["Content-Type"] == "application/json"
    assert 'filename="housing-first-impact-on-re-offending.json"' in response["Content-Disposition"]
    results = json.loads(response.content)
    assert results["inputs"]["treated"].startswith("People who completed a referral")
    assert [o["name"] for o in results["outcomes"]] == ["reoffended", "reoffences", "days_employed"]
    assert len(results["overlap"]["edges"]) == 21


def test_it_downloads_the_tables_as_csv(client, sign_in, manager, evaluation):
    sign_in(manager)
    response = page(client, "csv", evaluation)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    blank = rows.index([])
    assert rows[0][:3] == ["outcome", "type", "status"]
    assert [row[0] for row in rows[1:blank]] == ["reoffended", "reoffences", "days_employed"]
    assert rows[blank + 1][0] == "covariate"


def test_it_downloads_the_same_report_as_a_pdf(client, sign_in, manager, evaluation):
    sign_in(manager)
    response = page(client, "pdf", evaluation)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        headline = evaluation.result.outcomes[0].statements[0].text
        assert " ".join(headline.split()[:8]) in " ".join(text.split())


def test_it_keeps_an_evaluation_for_a_manager_with_an_audit_row(manager, organisation):
    service = ServiceFactory(organisation=organisation)
    evaluation = save_evaluation(
        manager,
        organisation,
        simulated_result(),
        title="Housing First",
        treated_description="Completed referrals",
        comparison_description="Not referred",
        service=service,
    )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.result.to_dict() == simulated_result().to_dict()
    assert stored.service == service and stored.created_by == manager
    entry = AuditEntry.objects.get(action="evaluation.saved")
    assert entry.object_id == str(evaluation.pk) and entry.organisation == organisation


def test_it_refuses_to_keep_an_evaluation_for_someone_elses_organisation(
    outsider, organisation, commissioner
):
    for actor in (outsider, commissioner, None):
        with pytest.raises(PermissionDenied):
            save_evaluation(
                actor,
                organisation,
                simulated_result(),
                title="Not ours",
                treated_description="x",
                comparison_description="y",
            )
    assert not Evaluation.objects.exists()


def test_it_refuses_a_service_of_another_organisation(manager, organisation):
    with pytest.raises(PermissionDenied):
        save_evaluation(
            manager,
            organisation,
            simulated_result(),
            title="Mixed up",
            treated_description="x",
            comparison_description="y",
            service=ServiceFactory(organisation=OrganisationFactory()),
        )

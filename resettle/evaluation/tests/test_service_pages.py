"""Evaluating a service and exporting its Justice Data Lab file, from the pages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.evaluation.models import Evaluation
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import OrganisationFactory, involve, member


@pytest.fixture
def service_manager(world):
    service, _treated, _pool = world
    return member(service.organisation, Role.MANAGER)


def test_it_lists_the_managers_services_with_completed_counts(
    client,
    sign_in,
    world,
    service_manager,
):
    service, treated, _pool = world
    page = sign_in(service_manager).get(reverse("evaluation:services"))
    assert page.status_code == 200
    assert service.name in page.text
    assert f">{len(treated)}<" in page.text.replace(" ", "")


def test_it_evaluates_a_service_and_keeps_the_result(
    client,
    sign_in,
    world,
    service_manager,
    settings,
):
    service, _treated, _pool = world
    url = reverse("evaluation:evaluate_service", kwargs={"service_id": service.pk})
    client = sign_in(service_manager)
    assert client.get(url).status_code == 200
    response = client.post(url)
    evaluation = Evaluation.objects.get(service=service)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "evaluation:result", kwargs={"evaluation_id": evaluation.pk}
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    for person in _treated[:5]:
        assert person.family_name not in page.text


def test_it_explains_when_there_are_too_few_people(client, sign_in, db):
    from resettle.testing.factories import ServiceFactory

    service = ServiceFactory()
    manager = member(service.organisation, Role.MANAGER)
    url = reverse("evaluation:evaluate_service", kwargs={"service_id": service.pk})
    client = sign_in(manager)
    page = client.get(url)
    assert "at least 60" in page.text and "fewer than 10 people" in page.text
    refused = client.post(url)
    assert refused.status_code == 400
    assert not Evaluation.objects.exists()


def test_it_refuses_other_organisations_and_other_roles(client, sign_in, world):
    service, _treated, _pool = world
    outsider = member(OrganisationFactory(), Role.MANAGER)
    caseworker = member(service.organisation, Role.CASEWORKER)
    commissioner = member(OrganisationFactory(), Role.COMMISSIONER)
    for user in (outsider, caseworker, commissioner):
        client = sign_in(user)
        for name in ("evaluation:evaluate_service", "evaluation:jdl_cohort"):
            url = reverse(name, kwargs={"service_id": service.pk})
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
    assert not Evaluation.objects.exists()


def test_it_exports_the_jdl_file_of_people_the_organisation_holds(
    client,
    sign_in,
    world,
    service_manager,
):
    service, treated, _pool = world
    for person in treated[:3]:
        involve(person, service.organisation, "referred", ended_on=datetime.date(2026, 1, 1))
    Person.records.filter(pk=treated[0].pk).update(sex=Person.Sex.FEMALE)
    Person.records.filter(pk=treated[1].pk).update(sex=Person.Sex.MALE)
    url = reverse("evaluation:jdl_cohort", kwargs={"service_id": service.pk})
    client = sign_in(service_manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "It is never taken from equality monitoring" in page.text
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Cohort-Rows"] == "3"
    body = response.content.decode()
    assert treated[0].family_name.upper() in body.upper()
    assert treated[5].family_name not in body
    genders = {row[0]: row[3] for row in csv.reader(io.StringIO(body))}
    assert [genders[p.family_name] for p in treated[:3]] == ["Female", "Male", ""]
    assert entries_about(treated[0]).filter(action="person.exported").exists()

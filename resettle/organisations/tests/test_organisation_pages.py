"""Your organisations, an organisation's public page, and editing it."""

import datetime
import uuid

import pytest
from django.urls import reverse

from resettle.audit.models import AuditEntry
from resettle.organisations.forms import version_of
from resettle.organisations.models import Organisation
from resettle.services.models import Service
from resettle.testing.factories import OrganisationFactory, ServiceFactory, group


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Peckham Housing Advice",
        last_reviewed=datetime.date(2020, 1, 1),
    )


@pytest.fixture
def other_service(other_organisation):
    return ServiceFactory(organisation=other_organisation, name="Elsewhere Tenancy Support")


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("organisations:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_it_shows_a_manager_their_services_to_edit(sign_in, manager, service, other_service):
    html = sign_in(manager).get(reverse("organisations:mine")).text
    assert "Southwark Resettlement Trust" in html
    assert "Organisation manager" in html
    assert "Peckham Housing Advice" in html
    assert reverse("manage:service", args=[service.pk]) in html
    assert "May be out of date" in html
    assert reverse("manage:service_create", args=[service.organisation.pk]) in html
    assert reverse("organisations:edit", args=[service.organisation.pk]) in html
    assert "Elsewhere Tenancy Support" not in html
    assert "All organisations" not in html


def test_it_shows_a_caseworker_their_role_but_nothing_to_edit(sign_in, caseworker, service):
    html = sign_in(caseworker).get(reverse("organisations:mine")).text
    assert "Southwark Resettlement Trust" in html
    assert "Caseworker" in html
    assert reverse("manage:service", args=[service.pk]) not in html
    assert reverse("manage:service_create", args=[service.organisation.pk]) not in html
    assert reverse("organisations:edit", args=[service.organisation.pk]) not in html


def test_it_shows_an_outsider_only_their_own_organisation(sign_in, outsider, service):
    html = sign_in(outsider).get(reverse("organisations:mine")).text
    assert "Unrelated Housing Association" in html
    assert "Southwark Resettlement Trust" not in html
    assert "Peckham Housing Advice" not in html


def test_it_gives_administrators_a_searchable_paginated_list(sign_in, administrator, service):
    for n in range(30):
        OrganisationFactory(name=f"Bulk Charity {n:02d}")
    client = sign_in(administrator)
    html = client.get(reverse("organisations:mine")).text
    assert "All organisations" in html
    assert "Page 1 of 2" in html
    html = client.get(reverse("organisations:mine"), {"q": "southwark"}).text
    assert "Southwark Resettlement Trust" in html
    assert "Bulk Charity" not in html
    assert "1 organisation" in html
    for page in ["2", "999", "abc", "-1"]:
        assert client.get(reverse("organisations:mine"), {"page": page}).status_code == 200
    response = client.get(reverse("organisations:mine"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "100 characters or fewer" in response.text


def test_it_shows_the_public_organisation_page(client, organisation, service):
    organisation.charity_number = "1234567"
    organisation.save()
    organisation.led_by_and_for.add(group("black-african-caribbean"))
    ServiceFactory(organisation=organisation, name="Closed Thing", status=Service.Status.DEFUNCT)
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).text
    assert "Southwark Resettlement Trust" in html
    assert "1234567" in html
    assert "Black African and Caribbean people" in html
    assert reverse("services:detail", args=[service.pk]) in html
    assert "Closed Thing" not in html
    assert reverse("organisations:edit", args=[organisation.pk]) not in html


def test_it_offers_editing_on_the_public_page_only_to_managers(
    request, sign_in, organisation, service
):
    for persona, sees in [
        ("manager", True),
        ("administrator", True),
        ("caseworker", False),
        ("outsider", False),
    ]:
        client = sign_in(request.getfixturevalue(persona))
        html = client.get(reverse("organisations:detail", args=[organisation.pk])).text
        assert (reverse("organisations:edit", args=[organisation.pk]) in html) is sees, persona
        assert (reverse("manage:service", args=[service.pk]) in html) is sees, persona


def test_it_answers_unknown_organisations_with_404(client, sign_in, manager):
    assert client.get(reverse("organisations:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/organisations/not-a-uuid/").status_code == 404
    signed_in = sign_in(manager)
    assert signed_in.get(reverse("organisations:edit", args=[uuid.uuid4()])).status_code == 404
    assert signed_in.post("/organisations/123/edit/", {}).status_code == 404


def edit_data(organisation, **changes):
    data = {
        "version": version_of(organisation),
        "name": organisation.name,
        "alternate_name": "",
        "description": organisation.description,
        "kind": organisation.kind,
        "website": "",
        "email": "",
        "charity_number": "",
        "company_number": "",
        "led_by_and_for": [],
    }
    data.update(changes)
    return data


def test_it_lets_a_manager_edit_their_organisation(sign_in, manager, organisation, service):
    client = sign_in(manager)
    url = reverse("organisations:edit", args=[organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        edit_data(
            organisation,
            name="Southwark Resettlement Partnership",
            charity_number="123 4567",
            company_number="1234567",
            led_by_and_for=[str(group("women").pk)],
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Southwark Resettlement Partnership"
    assert organisation.charity_number == "1234567"
    assert organisation.company_number == "01234567"
    assert [t.code for t in organisation.led_by_and_for.all()] == ["women"]
    service.refresh_from_db()
    assert "Southwark Resettlement Partnership" in service.search_document
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.actor == manager
    assert entry.changes["name"] == [
        "Southwark Resettlement Trust",
        "Southwark Resettlement Partnership",
    ]
    assert entry.changes["led_by_and_for"] == [[], ["Women"]]


def test_it_lets_an_administrator_edit_any_organisation(sign_in, administrator, organisation):
    response = sign_in(administrator).post(
        reverse("organisations:edit", args=[organisation.pk]),
        edit_data(organisation, description="New description"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "New description"


@pytest.mark.parametrize("persona", ["caseworker", "outsider"])
def test_it_hides_editing_from_non_managers(request, sign_in, persona, organisation):
    client = sign_in(request.getfixturevalue(persona))
    url = reverse("organisations:edit", args=[organisation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(organisation, name="Taken over")).status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Southwark Resettlement Trust"
    assert not AuditEntry.objects.exists()


def test_it_explains_bad_organisation_details(sign_in, manager, organisation):
    response = sign_in(manager).post(
        reverse("organisations:edit", args=[organisation.pk]),
        edit_data(
            organisation,
            name="",
            kind="castle",
            charity_number="charity",
            company_number="ABC",
            website="not a website",
            led_by_and_for=["not-an-id"],
        ),
    )
    assert response.status_code == 200
    html = response.text
    assert '<a href="#id_name">Enter the organisation&#x27;s name</a>' in html
    assert '<a href="#id_kind">Select what kind of organisation it is</a>' in html
    assert '<a href="#id_charity_number">Enter a charity number' in html
    assert '<a href="#id_company_number">Enter a company number' in html
    assert '<a href="#id_website">Enter a web address in the correct format' in html
    assert '<a href="#id_led_by_and_for">Select groups from the list</a>' in html
    organisation.refresh_from_db()
    assert organisation.name == "Southwark Resettlement Trust"


def test_it_refuses_a_stale_organisation_edit_and_keeps_input(sign_in, manager, organisation):
    client = sign_in(manager)
    url = reverse("organisations:edit", args=[organisation.pk])
    started_from = edit_data(organisation, name="My new name")
    client.post(url, edit_data(organisation, description="Their description"))
    response = client.post(url, started_from)
    assert response.status_code == 409
    html = response.text
    assert "Someone else changed this organisation while you were editing." in html
    assert 'value="My new name"' in html
    assert "Their description" in html
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.name == "Southwark Resettlement Trust"
    assert f'value="{version_of(organisation)}"' in html

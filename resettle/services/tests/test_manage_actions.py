"""The named actions behind the manage pages, called directly as imports and the API would."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from resettle.audit.models import AuditEntry
from resettle.places.models import Borough
from resettle.services import actions
from resettle.services.models import Service
from resettle.testing.factories import LocationFactory, ServiceFactory, need, place_service


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Peckham Housing Advice")


def test_it_refuses_the_second_of_two_edits_from_the_same_version(manager, administrator, service):
    actions.update_service(manager, service, {"name": "First"}, 1)
    with pytest.raises(actions.StaleEdit) as refused:
        actions.update_service(administrator, service, {"name": "Second"}, 1)
    assert refused.value.current.name == "First"
    assert refused.value.current.version == 2
    service.refresh_from_db()
    assert service.name == "First"
    assert AuditEntry.objects.filter(action="service.updated").count() == 1


@pytest.mark.parametrize("persona", ["caseworker", "outsider"])
def test_it_refuses_every_action_to_non_managers(request, persona, organisation, service):
    user = request.getfixturevalue(persona)
    location = LocationFactory()
    at = place_service(service, location)
    attempts = [
        lambda: actions.create_service(user, organisation, {"name": "X", "description": "Y"}),
        lambda: actions.update_service(user, service, {"name": "X"}, 1),
        lambda: actions.set_service_needs(
            user, service, needs=[], groups=[], languages=[], expected_version=1
        ),
        lambda: actions.set_service_areas(
            user, service, coverage="london", boroughs=[], prisons=[], expected_version=1
        ),
        lambda: actions.set_service_contact(
            user, service, url="", email="", phones=[], expected_version=1
        ),
        lambda: actions.mark_reviewed(user, service, expected_version=1),
        lambda: actions.save_location(
            user, service, {"address_1": "X"}, schedules=[], expected_version=1
        ),
        lambda: actions.delete_location(user, at, expected_version=1),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    service.refresh_from_db()
    assert service.version == 1
    assert Service.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_it_writes_nothing_when_nothing_changed(manager, service):
    same = actions.update_service(manager, service, {"name": service.name}, 1)
    assert same.version == 1
    assert not AuditEntry.objects.exists()


def test_it_rejects_fields_that_are_not_editable(manager, service):
    with pytest.raises(ValueError):
        actions.update_service(manager, service, {"search_document": "spam"}, 1)


def test_it_rolls_back_when_an_opening_time_is_impossible(manager, service):
    with pytest.raises(ValueError):
        actions.save_location(
            manager,
            service,
            {"address_1": "1 High Street", "postal_code": "SE1 7TP"},
            schedules=[
                {"days": ["MO"], "opens_at": datetime.time(9), "closes_at": datetime.time(8)}
            ],
            expected_version=1,
        )
    assert not service.at_locations.exists()
    service.refresh_from_db()
    assert service.version == 1


def test_it_keeps_a_given_position_and_borough(manager, service):
    camden = Borough.objects.get(name="Camden")
    at = actions.save_location(
        manager,
        service,
        {
            "address_1": "1 High Street",
            "postal_code": "SE1 7TP",
            "latitude": 51.55,
            "longitude": -0.14,
            "borough": camden,
        },
        schedules=[],
        expected_version=1,
    )
    assert (at.location.latitude, at.location.longitude) == (51.55, -0.14)
    assert at.location.borough == camden


def test_it_moves_a_location_when_its_postcode_changes(manager, service):
    at = actions.save_location(
        manager,
        service,
        {"address_1": "1 High St", "postal_code": "SE1 7TP"},
        schedules=[],
        expected_version=1,
    )
    southwark_position = (at.location.latitude, at.location.longitude)
    assert at.location.borough.name == "Southwark"
    # The edit form posts back the position and borough worked out from the old postcode.
    moved = actions.save_location(
        manager,
        service,
        {
            "address_1": "1 High St",
            "postal_code": "N7 8AA",
            "latitude": southwark_position[0],
            "longitude": southwark_position[1],
            "borough": at.location.borough,
        },
        schedules=[],
        expected_version=2,
        at_location=at,
    )
    moved.location.refresh_from_db()
    assert moved.location.borough.name == "Islington"
    assert (moved.location.latitude, moved.location.longitude) != southwark_position


def test_it_rebuilds_search_text_when_needs_change(manager, service):
    assert "Debt advice" not in service.search_document
    actions.set_service_needs(
        manager,
        service,
        needs=[need("debt-advice")],
        groups=[],
        languages=[],
        expected_version=1,
    )
    service.refresh_from_db()
    assert "Debt advice" in service.search_document
    assert Service.objects.meeting_need(need("finance-id")).filter(pk=service.pk).exists()

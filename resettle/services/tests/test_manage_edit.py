"""Editing a service through the manage pages: saving, validation, audit and stale edits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.audit.models import AuditEntry
from resettle.places.models import Borough, PostcodeDistrict, Prison
from resettle.services.models import Attribute, Location, Service, ServiceArea
from resettle.testing.factories import (
    LocationFactory,
    ServiceFactory,
    group,
    need,
    place_service,
)

STALE_TEXT = "Someone else changed this service while you were editing."


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Peckham Housing Advice",
        description="Help finding somewhere to live.",
        needs=[need("find-accommodation")],
    )


def details(service, **changes):
    data = {
        "version": service.version,
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "eligibility_description": "",
        "minimum_age": "",
        "maximum_age": "",
        "sex_eligibility": "",
        "application_process": "",
        "accepts_professional_referral": "on",
        "accepting_referrals": "yes",
        "fees_description": "",
        "typical_wait_days": "",
    }
    data.update(changes)
    return data


def test_it_saves_main_details_and_audits_the_change(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_details", args=[service.pk]),
        details(service, name="Peckham Housing Help", minimum_age="18", typical_wait_days="14"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:service", args=[service.pk])
    service.refresh_from_db()
    assert service.name == "Peckham Housing Help"
    assert service.minimum_age == 18
    assert service.typical_wait_days == 14
    assert service.version == 2
    assert "Peckham Housing Help" in service.search_document
    entry = AuditEntry.objects.get(action="service.updated", object_id=str(service.pk))
    assert entry.actor == manager
    assert entry.organisation == service.organisation
    assert entry.changes["name"] == ["Peckham Housing Advice", "Peckham Housing Help"]
    assert entry.changes["minimum_age"] == [None, 18]
    assert "description" not in entry.changes


def test_it_lets_an_administrator_edit_any_organisations_service(sign_in, administrator, service):
    client = sign_in(administrator)
    response = client.post(
        reverse("manage:service_details", args=[service.pk]), details(service, name="Renamed")
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Renamed"
    assert AuditEntry.objects.get(action="service.updated").actor == administrator


def test_it_marks_reviewed_from_the_details_form(sign_in, manager, service):
    client = sign_in(manager)
    client.post(
        reverse("manage:service_details", args=[service.pk]),
        details(service, mark_reviewed="on"),
    )
    service.refresh_from_db()
    assert service.last_reviewed == timezone.localdate()


def test_it_shows_an_error_summary_linked_to_each_wrong_field(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_details", args=[service.pk]),
        details(service, name="", minimum_age="30", maximum_age="20", typical_wait_days="soon"),
    )
    assert response.status_code == 200
    html = response.text
    assert "govuk-error-summary" in html
    assert "Error" in html.split("<title>")[1].split("</title>")[0]
    assert '<a href="#id_name">Enter the name of the service</a>' in html
    assert (
        '<a href="#id_maximum_age">Maximum age must be the same as or more than the minimum age'
        in html
    )
    assert '<a href="#id_typical_wait_days">Typical wait must be a whole number' in html
    # The inputs the summary links to exist, and keep what was typed.
    assert 'id="id_maximum_age"' in html
    assert 'value="soon"' in html
    service.refresh_from_db()
    assert service.name == "Peckham Housing Advice"
    assert service.version == 1


def test_it_links_radio_errors_to_the_first_radio(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_details", args=[service.pk]),
        details(service, status="nonsense", accepting_referrals=""),
    )
    html = response.text
    assert '<a href="#id_status">Select the status of the service</a>' in html
    assert 'id="id_status"' in html
    assert '<a href="#id_accepting_referrals">Select yes if' in html


def test_it_refuses_a_stale_edit_and_keeps_what_was_typed(sign_in, manager, service):
    client = sign_in(manager)
    url = reverse("manage:service_details", args=[service.pk])
    # Someone else (here, another tab) saves first.
    client.post(url, details(service, description="Their new description."))
    service.refresh_from_db()
    assert service.version == 2

    response = client.post(url, details(service, version=1, name="My typed name"))
    assert response.status_code == 409
    html = response.text
    assert STALE_TEXT in html
    assert "your changes have not been saved" in html
    assert 'value="My typed name"' in html  # the editor's own input, shown back
    assert "Their new description." in html  # what the other person saved
    assert 'name="version" value="2"' in html  # saving again is based on what is stored now
    service.refresh_from_db()
    assert service.name == "Peckham Housing Advice"
    assert service.description == "Their new description."
    assert service.version == 2

    again = client.post(url, details(service, name="My typed name"))
    assert again.status_code == 302
    service.refresh_from_db()
    assert service.name == "My typed name"
    assert service.version == 3


def test_it_rejects_a_missing_or_forged_version(sign_in, manager, service):
    client = sign_in(manager)
    url = reverse("manage:service_details", args=[service.pk])
    for version in ["", "abc", "0"]:
        response = client.post(url, details(service, version=version, name="Changed"))
        assert response.status_code == 200
        assert "Reload the page" in response.text
    service.refresh_from_db()
    assert service.name == "Peckham Housing Advice"


def test_it_creates_a_service_for_the_managers_organisation(sign_in, manager, organisation):
    client = sign_in(manager)
    url = reverse("manage:service_create", args=[organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Release Day Meet and Greet",
            "description": "We meet people at the gate.",
            "status": "active",
            "accepting_referrals": "yes",
            "accepts_self_referral": "on",
        },
    )
    service = Service.objects.get(name="Release Day Meet and Greet")
    assert response["Location"] == reverse("manage:service", args=[service.pk])
    assert service.organisation == organisation
    assert service.accepts_self_referral is True
    assert service.accepts_professional_referral is False
    assert "We meet people at the gate." in service.search_document
    entry = AuditEntry.objects.get(action="service.created")
    assert entry.object_id == str(service.pk)
    assert entry.actor == manager


def test_it_shows_errors_when_creating_a_service_badly(sign_in, manager, organisation):
    client = sign_in(manager)
    response = client.post(reverse("manage:service_create", args=[organisation.pk]), {})
    assert response.status_code == 200
    assert '<a href="#id_description">Enter a description of the service</a>' in response.text
    assert not Service.objects.filter(organisation=organisation).exists()


def needs_data(service, **changes):
    data = {"version": service.version, "needs": [], "groups": [], "languages": []}
    data.update(changes)
    return data


def test_it_replaces_needs_groups_and_languages_and_updates_search(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_needs", args=[service.pk]),
        needs_data(
            service,
            needs=[str(need("debt-advice").pk), str(need("benefits").pk)],
            groups=[str(group("women").pk)],
            languages=["pl", "so"],
        ),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert set(
        service.attributes.filter(link_type=Attribute.NEED).values_list(
            "taxonomy_term__code", flat=True
        )
    ) == {"debt-advice", "benefits"}
    assert service.attributes.filter(link_type=Attribute.GROUP).count() == 1
    assert set(service.languages.values_list("code", flat=True)) == {"pl", "so"}
    assert "Debt advice" in service.search_document
    assert "Women" in service.search_document
    assert "Help to find accommodation" not in service.search_document
    assert Service.objects.matching_text("debt").filter(pk=service.pk).exists()
    assert service.version == 2
    entry = AuditEntry.objects.get(action="service.updated")
    assert entry.changes["needs"] == [
        ["Help to find accommodation"],
        ["Claim benefits", "Debt advice"],
    ]
    assert entry.changes["languages"] == [[], ["pl", "so"]]


def test_it_groups_needs_by_pathway_in_fieldsets(sign_in, manager, service):
    response = sign_in(manager).get(reverse("manage:service_needs", args=[service.pk]))
    html = response.text
    assert "<legend" in html
    assert "Finance and ID" in html
    assert "Marriage and civil partnership" in html  # a characteristic with no sub-groups
    # The current need is ticked.
    assert f'value="{need("find-accommodation").pk}" checked' in html


def test_it_requires_a_need_and_rejects_unknown_choices(sign_in, manager, service):
    client = sign_in(manager)
    url = reverse("manage:service_needs", args=[service.pk])
    response = client.post(url, needs_data(service))
    assert '<a href="#id_needs">Select at least one need the service meets</a>' in response.text
    response = client.post(
        url,
        needs_data(
            service,
            needs=["not-a-uuid", str(group("women").pk)],
            languages=["xx"],
        ),
    )
    assert response.status_code == 200
    assert "Select needs from the list" in response.text
    assert "Select languages from the list" in response.text
    assert service.attributes.get().taxonomy_term == need("find-accommodation")


def test_it_sets_boroughs_london_or_national_and_prisons(sign_in, manager, service):
    client = sign_in(manager)
    url = reverse("manage:service_area", args=[service.pk])
    southwark = Borough.objects.get(name="Southwark")
    lambeth = Borough.objects.get(name="Lambeth")
    brixton = Prison.objects.get(name__icontains="Brixton")
    response = client.post(
        url,
        {
            "version": 1,
            "coverage": "boroughs",
            "boroughs": [southwark.pk, lambeth.pk],
            "in_reach_prisons": [brixton.pk],
        },
    )
    assert response.status_code == 302
    assert set(service.service_areas.values_list("borough__name", flat=True)) == {
        "Southwark",
        "Lambeth",
    }
    assert list(service.in_reach_prisons.all()) == [brixton]
    assert Service.objects.covering_borough(lambeth).filter(pk=service.pk).exists()

    client.post(url, {"version": 2, "coverage": "london", "boroughs": [southwark.pk]})
    areas = list(service.service_areas.all())
    assert [a.scope for a in areas] == [ServiceArea.LONDON]
    assert list(service.in_reach_prisons.all()) == []
    assert AuditEntry.objects.filter(action="service.updated").count() == 2


def test_it_asks_for_a_borough_when_covering_boroughs(sign_in, manager, service):
    response = sign_in(manager).post(
        reverse("manage:service_area", args=[service.pk]), {"version": 1, "coverage": "boroughs"}
    )
    assert '<a href="#id_boroughs">Select at least one borough' in response.text
    response = sign_in(manager).post(
        reverse("manage:service_area", args=[service.pk]), {"version": 1, "boroughs": ["999999"]}
    )
    assert '<a href="#id_coverage">Select where the service works</a>' in response.text
    assert "Select boroughs from the list" in response.text


def contact_data(service, phones=(), **changes):
    data = {
        "version": service.version,
        "url": "",
        "email": "",
        "phones-TOTAL_FORMS": str(max(len(phones), 1)),
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "5",
    }
    for index, (number, description) in enumerate(phones):
        data[f"phones-{index}-number"] = number
        data[f"phones-{index}-description"] = description
    data.update(changes)
    return data


def test_it_saves_contact_details_and_phones(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_contact", args=[service.pk]),
        contact_data(
            service,
            phones=[("020 7946 0000", "Referrals"), ("", "")],
            url="www.example.org",
            email="help@example.org",
        ),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.url == "https://www.example.org"
    assert service.email == "help@example.org"
    assert [(p.number, p.description) for p in service.phones.all()] == [
        ("020 7946 0000", "Referrals")
    ]
    entry = AuditEntry.objects.get(action="service.updated")
    assert entry.changes["phones"] == [[], ["020 7946 0000 (Referrals)"]]


def test_it_explains_bad_contact_details(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_contact", args=[service.pk]),
        contact_data(service, phones=[("call us", ""), ("", "Helpline")], email="nope"),
    )
    html = response.text
    assert '<a href="#id_email">Enter an email address in the correct format' in html
    assert '<a href="#id_phones-0-number">Enter a phone number, like' in html
    assert '<a href="#id_phones-1-number">Enter a phone number, or clear' in html
    assert not service.phones.exists()


def test_it_survives_a_tampered_formset(sign_in, manager, service):
    response = sign_in(manager).post(
        reverse("manage:service_contact", args=[service.pk]), {"version": 1, "url": ""}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not service.phones.exists()


def location_data(service, rows=(), **changes):
    data = {
        "version": service.version,
        "name": "Drop-in",
        "address_1": "1 Bermondsey Street",
        "address_2": "",
        "city": "London",
        "postal_code": "se1 3xf",
        "borough": "",
        "accessibility": "Step-free entrance",
        "latitude": "",
        "longitude": "",
        "times-TOTAL_FORMS": str(max(len(rows), 1)),
        "times-INITIAL_FORMS": "0",
        "times-MIN_NUM_FORMS": "0",
        "times-MAX_NUM_FORMS": "14",
    }
    for index, (days, opens, closes) in enumerate(rows):
        data[f"times-{index}-days"] = days
        data[f"times-{index}-opens_at"] = opens
        data[f"times-{index}-closes_at"] = closes
    data.update(changes)
    return data


def test_it_adds_a_location_placed_from_its_postcode(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:location_add", args=[service.pk]),
        location_data(service, rows=[(["MO", "TU"], "09:30", "17:00"), ([], "", "")]),
    )
    assert response.status_code == 302
    location = Location.objects.get(address_1="1 Bermondsey Street")
    district = PostcodeDistrict.objects.get(code="SE1")
    assert location.postal_code == "SE1 3XF"
    assert (location.latitude, location.longitude) == (district.latitude, district.longitude)
    assert location.borough == district.borough
    assert location.organisation == service.organisation
    at = service.at_locations.get()
    schedule = at.schedules.get()
    assert schedule.byday == "MO,TU"
    assert schedule.opens_at == datetime.time(9, 30)
    assert Service.objects.open_on("TU").filter(pk=service.pk).exists()
    service.refresh_from_db()
    assert service.version == 2
    assert AuditEntry.objects.get(action="location.created").object_id == str(location.pk)


def test_it_explains_bad_addresses_and_opening_times(sign_in, manager, service):
    client = sign_in(manager)
    response = client.post(
        reverse("manage:location_add", args=[service.pk]),
        location_data(
            service,
            rows=[(["MO"], "17:00", "09:00"), ([], "10:00", "noon")],
            postal_code="SE1",
            address_1="",
            latitude="51.5",
        ),
    )
    assert response.status_code == 200
    html = response.text
    assert '<a href="#id_postal_code">Enter the full postcode, like SE1 7TP</a>' in html
    assert '<a href="#id_address_1">Enter address line 1' in html
    assert '<a href="#id_longitude">Enter a longitude as well as a latitude' in html
    assert '<a href="#id_times-0-closes_at">Closing time must be after the opening time</a>' in html
    assert '<a href="#id_times-1-days">Select the days these opening times are for</a>' in html
    assert '<a href="#id_times-1-closes_at">Enter the closing time as a 24-hour time' in html
    assert not Location.objects.filter(address_1="").exists()
    assert not service.at_locations.exists()

    response = client.post(
        reverse("manage:location_add", args=[service.pk]),
        location_data(service, postal_code="not a postcode"),
    )
    assert '<a href="#id_postal_code">Enter a real postcode, like SE1 7TP</a>' in response.text


def test_it_changes_a_location_and_its_opening_times(sign_in, manager, service):
    location = LocationFactory(latitude=51.0, longitude=-0.1)
    place_service(service, location, byday="MO", opens="09:00", closes="12:00")
    client = sign_in(manager)
    url = reverse("manage:location_edit", args=[service.pk, location.pk])
    page = client.get(url).text
    assert 'value="09:00"' in page
    response = client.post(
        url,
        location_data(
            service,
            rows=[(["WE"], "13:00", "16:00")],
            latitude="51.49",
            longitude="-0.08",
            confidential="on",
        ),
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.confidential is True
    assert (location.latitude, location.longitude) == (51.49, -0.08)
    assert [s.byday for s in service.at_locations.get().schedules.all()] == ["WE"]
    entry = AuditEntry.objects.get(action="location.updated")
    assert entry.changes["opening_times"] == [["MO 09:00-12:00"], ["WE 13:00-16:00"]]
    assert entry.changes["confidential"] == [False, True]


def test_it_removes_a_location(sign_in, manager, service):
    location = LocationFactory()
    place_service(service, location)
    client = sign_in(manager)
    url = reverse("manage:location_remove", args=[service.pk, location.pk])
    assert "Remove" in client.get(url).text
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert not service.at_locations.exists()
    assert not Location.objects.filter(pk=location.pk).exists()
    assert AuditEntry.objects.get(action="location.removed").object_id == str(location.pk)


def test_it_keeps_a_location_another_service_still_uses(sign_in, manager, service, organisation):
    location = LocationFactory()
    place_service(service, location)
    place_service(ServiceFactory(organisation=organisation), location)
    sign_in(manager).post(
        reverse("manage:location_remove", args=[service.pk, location.pk]), {"version": 1}
    )
    assert Location.objects.filter(pk=location.pk).exists()
    assert not service.at_locations.exists()


def test_it_refuses_a_stale_location_removal(sign_in, manager, service):
    location = LocationFactory()
    place_service(service, location)
    Service.objects.filter(pk=service.pk).update(version=5)
    response = sign_in(manager).post(
        reverse("manage:location_remove", args=[service.pk, location.pk]), {"version": 1}
    )
    assert response.status_code == 409
    assert STALE_TEXT in response.text
    assert service.at_locations.exists()


def test_it_marks_a_service_reviewed(sign_in, manager, organisation):
    service = ServiceFactory(organisation=organisation, last_reviewed=datetime.date(2020, 1, 1))
    client = sign_in(manager)
    summary = client.get(reverse("manage:service", args=[service.pk])).text
    assert "May be out of date" in summary
    response = client.post(
        reverse("manage:service_mark_reviewed", args=[service.pk]), {"version": 1}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_reviewed == timezone.localdate()
    assert not service.is_stale
    entry = AuditEntry.objects.get(action="service.reviewed")
    assert entry.changes["last_reviewed"] == ["2020-01-01", timezone.localdate().isoformat()]


def test_it_refuses_a_stale_review(sign_in, manager, organisation):
    service = ServiceFactory(organisation=organisation, last_reviewed=datetime.date(2020, 1, 1))
    Service.objects.filter(pk=service.pk).update(version=2)
    client = sign_in(manager)
    response = client.post(
        reverse("manage:service_mark_reviewed", args=[service.pk]), {"version": 1}, follow=True
    )
    assert STALE_TEXT in response.text
    service.refresh_from_db()
    assert service.last_reviewed == datetime.date(2020, 1, 1)


def test_it_summarises_the_service_with_change_links(sign_in, manager, service):
    location = LocationFactory(name="Peckham hub")
    place_service(service, location)
    html = sign_in(manager).get(reverse("manage:service", args=[service.pk])).text
    assert "govuk-summary-list" in html
    assert reverse("manage:service_details", args=[service.pk]) + "#id_name" in html
    assert reverse("manage:service_needs", args=[service.pk]) + "#id_needs" in html
    assert reverse("manage:location_edit", args=[service.pk, location.pk]) in html
    assert reverse("services:detail", args=[service.pk]) in html
    assert "Help to find accommodation" in html
    assert "Peckham hub" in html

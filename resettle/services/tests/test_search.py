import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resettle.core.geo import haversine_m
from resettle.places.models import Borough, PostcodeDistrict, Prison
from resettle.services.models import Schedule, Service, ServiceArea
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    group,
    need,
    place_service,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("services:search")


def names(response):
    return [result.service.name for result in response.context["results"]]


def borough(name):
    return Borough.objects.get(name=name)


def test_it_lists_public_services_without_signing_in(client):
    ServiceFactory(name="Housing advice")
    ServiceFactory(name="Closed for good", status=Service.Status.DEFUNCT)

    response = client.get(SEARCH)

    assert response.status_code == 200
    assert names(response) == ["Housing advice"]
    assert "1 service found" in response.content.decode()


def test_it_narrows_by_need_including_support_needs_beneath_a_pathway(client):
    ServiceFactory(name="Finds homes", needs=[need("find-accommodation")])
    ServiceFactory(name="Finds work", needs=[need("find-work")])

    by_support_need = client.get(SEARCH, {"need": "find-accommodation"})
    by_pathway = client.get(SEARCH, {"need": "accommodation"})

    assert names(by_support_need) == ["Finds homes"]
    assert names(by_pathway) == ["Finds homes"]
    assert "Meets your need: Help to find accommodation" in by_pathway.content.decode()


def test_it_narrows_by_borough_and_counts_london_wide_services(client):
    ServiceFactory(name="Southwark only", boroughs=[borough("Southwark")])
    ServiceFactory(name="Camden only", boroughs=[borough("Camden")])
    london = ServiceFactory(name="All London")
    ServiceArea.objects.create(service=london, scope=ServiceArea.LONDON)

    response = client.get(SEARCH, {"borough": "southwark"})

    assert names(response) == ["All London", "Southwark only"]
    page = response.content.decode()
    assert "Covers Southwark" in page
    assert "Works across London" in page


def test_it_narrows_by_postcode_district_and_says_how_far_away(client):
    near = ServiceFactory(name="Near", boroughs=[borough("Southwark")])
    place_service(near, LocationFactory(latitude=51.4734, longitude=-0.0755))
    ServiceFactory(name="Far", boroughs=[borough("Barnet")])
    se1 = PostcodeDistrict.objects.get(code="SE1")
    km = round(haversine_m(se1.latitude, se1.longitude, 51.4734, -0.0755) / 1000)

    response = client.get(SEARCH, {"postcode": "se1 7tp"})

    assert names(response) == ["Near"]
    page = response.content.decode()
    assert "Covers Southwark" in page
    assert km >= 2
    assert f"About {km} km away" in page


def test_it_never_uses_a_confidential_location_for_distance(client):
    refuge = ServiceFactory(name="Refuge", boroughs=[borough("Southwark")])
    place_service(refuge, LocationFactory(confidential=True, latitude=51.499, longitude=-0.09))

    response = client.get(SEARCH, {"postcode": "SE1"})

    assert names(response) == ["Refuge"]
    assert response.context["results"][0].distance == ""


def test_it_narrows_by_language(client):
    ServiceFactory(name="Polish speakers", languages=["pl"])
    ServiceFactory(name="Somali speakers", languages=["so"])

    response = client.get(SEARCH, {"language": "pl"})

    assert names(response) == ["Polish speakers"]
    assert "Speaks Polish" in response.content.decode()


def test_it_narrows_by_group_and_says_when_led_by_and_for_it(client):
    community = OrganisationFactory(name="Community-led")
    community.led_by_and_for.add(group("black-asian-minority-ethnic"))
    ServiceFactory(
        name="By and for", organisation=community, groups=[group("black-asian-minority-ethnic")]
    )
    ServiceFactory(name="For women", groups=[group("women")])

    response = client.get(SEARCH, {"group": "black-asian-minority-ethnic"})

    assert names(response) == ["By and for"]
    page = response.content.decode()
    assert "Specialises in: Black, Asian and minority ethnic people" in page
    assert "Led by and for: Black, Asian and minority ethnic people" in page


def test_it_narrows_by_in_reach_prison(client):
    in_reach = ServiceFactory(name="Goes into Brixton")
    in_reach.in_reach_prisons.add(Prison.objects.get(name="HMP Brixton"))
    ServiceFactory(name="Community only")

    response = client.get(SEARCH, {"prison": "brixton"})

    assert names(response) == ["Goes into Brixton"]
    assert "Works in HMP Brixton before release" in response.content.decode()


def test_it_narrows_by_day_open(client):
    monday = ServiceFactory(name="Mondays")
    place_service(monday, LocationFactory(), byday="MO")
    friday = ServiceFactory(name="Fridays")
    Schedule.objects.create(service=friday, byday="FR", opens_at="10:00", closes_at="12:00")

    response = client.get(SEARCH, {"day": "MO"})
    by_service_schedule = client.get(SEARCH, {"day": "FR"})

    assert names(response) == ["Mondays"]
    assert "Open on Monday" in response.content.decode()
    assert names(by_service_schedule) == ["Fridays"]


def test_it_narrows_by_age(client):
    ServiceFactory(name="Young adults", minimum_age=18, maximum_age=25)
    ServiceFactory(name="Over 50s", minimum_age=50)
    ServiceFactory(name="Anyone")

    response = client.get(SEARCH, {"age": "20"})

    assert names(response) == ["Anyone", "Young adults"]
    page = response.content.decode()
    assert "For ages 18 to 25" in page
    assert "For all ages" in page


def test_it_narrows_by_words_and_says_so(client):
    ServiceFactory(name="Tenancy rescue", description="Keeps a tenancy going after release.")
    ServiceFactory(name="Job club", description="Weekly job search support.")

    response = client.get(SEARCH, {"q": "tenancy"})

    assert names(response) == ["Tenancy rescue"]
    assert "Matches your words" in response.content.decode()


def test_it_combines_filters(client):
    both = ServiceFactory(
        name="Polish housing", needs=[need("find-accommodation")], languages=["pl"]
    )
    ServiceFactory(name="English housing", needs=[need("find-accommodation")], languages=["en"])
    ServiceFactory(name="Polish jobs", needs=[need("find-work")], languages=["pl"])

    response = client.get(SEARCH, {"need": "find-accommodation", "language": "pl"})

    assert names(response) == [both.name]


def test_it_shows_status_tags_and_staleness(client):
    ServiceFactory(
        name="Full up",
        accepting_referrals=False,
        typical_wait_days=14,
        accepts_self_referral=True,
        last_reviewed=timezone.localdate() - datetime.timedelta(days=800),
        status=Service.Status.TEMPORARILY_CLOSED,
    )

    page = client.get(SEARCH).content.decode()

    for text in [
        "Not taking referrals now",
        "Typical wait: 14 days",
        "Self-referral allowed",
        "Information may be out of date",
        "Temporarily closed",
    ]:
        assert text in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"need": "flying-lessons"}, "Select a need from the list"),
        ({"borough": "atlantis"}, "Select a London borough from the list"),
        ({"language": "klingon"}, "Select a language from the list"),
        ({"group": "<script>"}, "Select a group from the list"),
        ({"prison": "alcatraz"}, "Select a prison from the list"),
        ({"day": "FUNDAY"}, "Select a day of the week from the list"),
        ({"age": "old"}, "Age must be a whole number, like 34"),
        ({"age": "121"}, "Age must be 120 or less"),
        ({"age": "-1"}, "Age must be 0 or more"),
        ({"age": "9" * 5000}, "Age must be a whole number, like 34"),
        ({"q": "x" * 201}, "Search words must be 200 characters or fewer"),
        ({"postcode": "not a postcode"}, "Enter a real postcode"),
        ({"postcode": "ZZ9"}, "We do not recognise postcode district ZZ9. Try a London"),
        ({"page": "lots"}, "Page number must be a whole number, like 2"),
    ],
)
def test_it_explains_a_bad_filter_and_still_shows_results(client, params, message):
    ServiceFactory(name="Still listed")

    response = client.get(SEARCH, params)

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert "without the filters that have a problem" in page
    assert names(response) == ["Still listed"]


def test_it_ignores_only_the_bad_filter(client):
    ServiceFactory(name="Polish", languages=["pl"])
    ServiceFactory(name="Somali", languages=["so"])

    response = client.get(SEARCH, {"language": "pl", "age": "lots"})

    assert names(response) == ["Polish"]
    assert response.context["form"].errors.keys() == {"age"}


def test_it_paginates_and_keeps_filters_in_page_links(client, settings):
    settings.SEARCH_PAGE_SIZE = 2
    for n in range(5):
        ServiceFactory(name=f"Polish {n}", languages=["pl"])
    ServiceFactory(name="Somali", languages=["so"])

    first = client.get(SEARCH, {"language": "pl"})
    second = client.get(SEARCH, {"language": "pl", "page": "2"})
    beyond = client.get(SEARCH, {"language": "pl", "page": "99"})

    assert names(first) == ["Polish 0", "Polish 1"]
    assert names(second) == ["Polish 2", "Polish 3"]
    assert names(beyond) == ["Polish 4"]
    page = first.content.decode()
    assert "5 services found" in page
    assert 'href="?language=pl&amp;page=2"' in page


def test_it_runs_the_same_number_of_queries_for_3_or_20_results(client):
    def make(count):
        Service.objects.all().delete()
        for n in range(count):
            service = ServiceFactory(
                name=f"Housing {n:02d}",
                needs=[need("find-accommodation")],
                groups=[group("women")],
                boroughs=[borough("Southwark")],
                languages=["pl", "so"],
            )
            service.organisation.led_by_and_for.add(group("women"))
            service.in_reach_prisons.add(Prison.objects.get(name="HMP Brixton"))
            place_service(service, LocationFactory())
            Schedule.objects.create(service=service, byday="TU", opens_at="09:00")

    params = {
        "q": "housing",
        "need": "accommodation",
        "postcode": "SE1",
        "language": "pl",
        "group": "women",
        "prison": "brixton",
        "day": "MO",
        "age": "30",
    }
    counts = []
    for size in (3, 20):
        make(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH, params)
        assert len(response.context["results"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_it_keeps_the_form_working_without_javascript(client):
    page = client.get(SEARCH).content.decode()

    assert 'method="get"' in page
    assert '<button type="submit"' in page
    assert "<optgroup" in page


def test_it_finds_the_same_services_whether_or_not_it_lists_ids_first(client, monkeypatch):
    from resettle.services import search

    southwark = borough("Southwark")
    wanted = ServiceFactory(
        name="Wanted",
        needs=[need("find-accommodation")],
        groups=[group("women")],
        boroughs=[southwark],
        languages=["pl"],
    )
    wanted.in_reach_prisons.add(Prison.objects.get(name="HMP Brixton"))
    london = ServiceFactory(
        name="London-wide", needs=[need("supported-housing")], groups=[group("women")]
    )
    ServiceArea.objects.create(service=london, scope=ServiceArea.LONDON)
    london.languages.create(code="pl", name="Polish")
    london.in_reach_prisons.add(Prison.objects.get(name="HMP Brixton"))
    ServiceFactory(
        name="Wrong borough",
        needs=[need("find-accommodation")],
        boroughs=[borough("Camden")],
        languages=["pl"],
    )
    ServiceFactory(
        name="Wrong need", needs=[need("find-work")], boroughs=[southwark], languages=["pl"]
    )
    params = {
        "need": "accommodation",
        "postcode": "SE1",
        "language": "pl",
        "group": "women",
        "prison": "brixton",
    }

    by_ids = names(client.get(SEARCH, params))
    monkeypatch.setattr(search, "ID_LIST_LIMIT", 0)
    by_exists = names(client.get(SEARCH, params))

    assert by_ids == by_exists == ["London-wide", "Wanted"]

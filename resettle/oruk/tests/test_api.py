import datetime
import json
import math
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from resettle.core.geo import haversine_m
from resettle.organisations.models import Organisation
from resettle.oruk.tests.test_api_schemas import assert_valid, page_validator_for, validator_for
from resettle.places.models import Borough, PostcodeDistrict, Prison
from resettle.services.models import (
    Contact,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import GROUPS_SERVED_ID, RESETTLEMENT_NEEDS_ID
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    group,
    need,
    place_service,
)

REFUGE_ADDRESS = "17 Hidden Way"
REFUGE_POSTCODE = "SE15 6QQ"
REFUGE_LAT, REFUGE_LON = 51.4712, -0.0651


def get_json(client, url, status=200, **query):
    response = client.get(url, query)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def assert_no_empty_values(document, path="$"):
    """The profile omits empty optional fields rather than sending null, "" or []."""
    if isinstance(document, dict):
        for key, value in document.items():
            assert value not in (None, "", [], {}), f"{path}.{key} is empty"
            assert_no_empty_values(value, f"{path}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            assert_no_empty_values(value, f"{path}[{index}]")


@pytest.fixture
def full_service(organisation):
    return make_full_service(organisation)


def make_full_service(organisation):
    """A service with every kind of related record, at a public and a confidential place."""
    southwark = Borough.objects.get(name="Southwark")
    organisation.charity_number = "1234567"
    organisation.company_number = "07654321"
    organisation.website = "https://trust.example.org"
    organisation.save()
    organisation.led_by_and_for.add(group("care-leavers"))
    service = ServiceFactory(
        organisation=organisation,
        name="Housing advice after release",
        alternate_name="Home First",
        description="Help to find somewhere to live.",
        url="https://trust.example.org/housing",
        email="housing@trust.example.org",
        eligibility_description="Adults leaving prison into south London.",
        minimum_age=18,
        maximum_age=65,
        application_process="Ask your prison resettlement team to refer you.",
        fees_description="Free",
        accepting_referrals=False,
        needs=[need("find-accommodation")],
        groups=[group("women")],
        boroughs=[southwark],
        languages=["pl", "ar"],
    )
    service.in_reach_prisons.add(Prison.objects.get(code="PVI"))
    ServiceArea.objects.create(service=service, scope=ServiceArea.LONDON)
    Phone.objects.create(service=service, number="020 7946 0000", description="Advice line")
    Phone.objects.create(organisation=organisation, number="020 7946 0001")
    Contact.objects.create(service=service, name="Ann Persona", title="Housing lead")
    Schedule.objects.create(service=service, byday="FR", opens_at="10:00", closes_at="12:00")
    drop_in = LocationFactory(name="Drop-in centre", accessibility="Step-free entrance.")
    Phone.objects.create(location=drop_in, number="020 7946 0002")
    Language.objects.create(location=drop_in, code="so", name="Somali")
    place_service(service, drop_in, byday="MO,WE", opens="09:30", closes="16:30")
    refuge = LocationFactory(
        name="Women's refuge",
        description="A safe house for women.",
        address_1=REFUGE_ADDRESS,
        postal_code=REFUGE_POSTCODE,
        latitude=REFUGE_LAT,
        longitude=REFUGE_LON,
        transportation="Bus 12 to the door",
        confidential=True,
    )
    Phone.objects.create(location=refuge, number="020 7946 0999")
    place_service(service, refuge, byday="TU", opens="10:00", closes="15:00")
    return service


def assert_refuge_hidden(body: bytes):
    text = body.decode()
    for secret in (
        REFUGE_ADDRESS,
        REFUGE_POSTCODE,
        str(REFUGE_LAT),
        str(REFUGE_LON),
        "Bus 12",
        "020 7946 0999",
    ):
        assert secret not in text


# --- The root and the OpenAPI description ----------------------------------------------------


def test_it_says_which_version_of_the_standard_it_follows(client, db):
    body = get_json(client, "/oruk/")
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/oruk/openapi.json"
    assert body["profile"].startswith("https://")


def test_it_serves_the_openapi_description_pointing_at_itself(client, db):
    body = get_json(client, "/oruk/openapi.json")
    assert body["servers"] == [{"url": "http://testserver/oruk"}]
    assert set(body["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }


def test_it_answers_a_cors_preflight(client, db):
    response = client.options("/oruk/services", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_writes_with_a_json_405(client, db, method):
    response = getattr(client, method)("/oruk/services")
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "error" in response.json()


def test_it_needs_no_key_and_answers_unknown_paths_with_json(client, db):
    body = get_json(client, "/oruk/organizations", status=404)
    assert "error" in body


# --- Every endpoint against the compiled schemas ---------------------------------------------


def test_it_lists_services_in_the_page_shape(client, full_service):
    ServiceFactory(name="A plain service")
    body = get_json(client, "/oruk/services")
    assert_valid(page_validator_for("compiled/service_list.json"), body)
    assert_no_empty_values(body["contents"])
    assert body["total_items"] == 2
    assert body["first_page"] and body["last_page"] and not body["empty"]
    item = next(s for s in body["contents"] if s["id"] == str(full_service.id))
    assert item["organization"]["name"] == "Southwark Resettlement Trust"
    assert item["alert"] == "Not taking new referrals at the moment."
    plain = next(s for s in body["contents"] if s["name"] == "A plain service")
    assert "email" not in plain and "minimum_age" not in plain


def test_it_gives_a_fully_nested_service(client, full_service):
    body = get_json(client, f"/oruk/services/{full_service.id}")
    assert_valid(validator_for("compiled/service.json"), body)
    assert_no_empty_values(body)
    assert body["minimum_age"] == 18 and body["maximum_age"] == 65
    assert {i["identifier_scheme"] for i in body["organization"]["organization_identifiers"]} == {
        "GB-CHC",
        "GB-COH",
    }
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {
        "Help to find accommodation",
        "Women",
    }
    areas = {a["name"] for a in body["service_areas"]}
    assert areas == {"Southwark", "London", "HMP Pentonville"}
    # Every schedule sits on the service; session ones say where.
    assert len(body["schedules"]) == 3
    assert sum("service_at_location_id" in s for s in body["schedules"]) == 2
    drop_in = next(
        at for at in body["service_at_locations"] if at["location"].get("name") == "Drop-in centre"
    )
    address = drop_in["location"]["addresses"][0]
    assert address["postal_code"] == "SE1 7TP"
    assert address["state_province"] == "Southwark"
    assert drop_in["location"]["accessibility"][0]["description"] == "Step-free entrance."


def test_it_lists_services_at_locations(client, full_service):
    body = get_json(client, "/oruk/service_at_locations")
    assert_valid(page_validator_for("compiled/service_at_location_list.json"), body)
    assert_no_empty_values(body["contents"])
    assert body["total_items"] == 2


def test_it_gives_a_fully_nested_service_at_location(client, full_service):
    at = full_service.at_locations.get(location__name="Drop-in centre")
    body = get_json(client, f"/oruk/service_at_locations/{at.id}")
    assert_valid(validator_for("compiled/service_at_location.json"), body)
    assert_no_empty_values(body)
    assert body["service"]["id"] == str(full_service.id)
    assert body["location"]["addresses"][0]["address_1"] == at.location.address_1


def test_it_lists_and_gives_taxonomies(client, db):
    body = get_json(client, "/oruk/taxonomies")
    assert_valid(page_validator_for("taxonomy.json"), body)
    assert {t["id"] for t in body["contents"]} == {
        str(RESETTLEMENT_NEEDS_ID),
        str(GROUPS_SERVED_ID),
    }
    detail = get_json(client, f"/oruk/taxonomies/{RESETTLEMENT_NEEDS_ID}")
    assert_valid(validator_for("taxonomy.json"), detail)
    assert "Accommodation" in {t["name"] for t in detail["taxonomy_terms"]}


def test_it_lists_and_gives_taxonomy_terms(client, db):
    body = get_json(client, "/oruk/taxonomy_terms", per_page=10, page=2)
    assert_valid(page_validator_for("taxonomy_term.json"), body)
    assert body["size"] == 10 and body["page_number"] == 2 and not body["first_page"]
    term = need("find-accommodation")
    detail = get_json(client, f"/oruk/taxonomy_terms/{term.id}")
    assert_valid(validator_for("taxonomy_term.json"), detail)
    assert detail["parent_id"] == str(term.parent_id)
    assert detail["taxonomy_id"] == str(RESETTLEMENT_NEEDS_ID)


def test_it_hides_defunct_services(client, db):
    gone = ServiceFactory(status=Service.Status.DEFUNCT)
    place_service(gone, LocationFactory())
    assert get_json(client, "/oruk/services")["total_items"] == 0
    assert get_json(client, "/oruk/service_at_locations")["total_items"] == 0
    get_json(client, f"/oruk/services/{gone.id}", status=404)
    at = gone.at_locations.get()
    get_json(client, f"/oruk/service_at_locations/{at.id}", status=404)


# --- Confidential locations ------------------------------------------------------------------


@pytest.mark.parametrize("signed_in_as", [None, "manager", "outsider", "administrator"])
def test_it_never_reveals_a_confidential_address(
    client, full_service, sign_in, request, signed_in_as
):
    # Not even to the organisation's own manager: the open API is public whoever asks.
    if signed_in_as:
        sign_in(request.getfixturevalue(signed_in_as))
    refuge_at = full_service.at_locations.get(location__confidential=True)
    urls = [
        f"/oruk/services/{full_service.id}",
        "/oruk/services",
        "/oruk/service_at_locations",
        f"/oruk/service_at_locations/{refuge_at.id}",
        "/oruk/service_at_locations?postcode=SE15&proximity=5000",
        "/oruk/service_at_locations?postcode=SE1",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_refuge_hidden(response.content)
    body = get_json(client, f"/oruk/service_at_locations/{refuge_at.id}")
    assert "name" not in body["location"] and "description" not in body["location"]
    assert b"Women's refuge" not in client.get(f"/oruk/service_at_locations/{refuge_at.id}").content
    assert "addresses" not in body["location"] and "latitude" not in body["location"]


def test_it_measures_a_refuge_from_its_borough_centre_not_its_own_place(client, db):
    se1 = PostcodeDistrict.objects.get(code="SE1")
    southwark = se1.borough
    refuge = LocationFactory(
        name="Refuge near SE1",
        latitude=se1.latitude + 0.001,
        longitude=se1.longitude,
        borough=southwark,
        confidential=True,
    )
    place_service(ServiceFactory(), refuge)
    to_refuge = haversine_m(se1.latitude, se1.longitude, refuge.latitude, refuge.longitude)
    to_centre = haversine_m(se1.latitude, se1.longitude, southwark.latitude, southwark.longitude)
    assert to_refuge < 200 < 1000 < to_centre
    body = get_json(client, "/oruk/service_at_locations", postcode="SE1", proximity=1000)
    assert body["total_items"] == 0
    body = get_json(
        client, "/oruk/service_at_locations", postcode="SE1", proximity=math.ceil(to_centre) + 1
    )
    assert [at["location"]["id"] for at in body["contents"]] == [str(refuge.id)]


# --- Filters ---------------------------------------------------------------------------------


def ids(body):
    return {item["id"] for item in body["contents"]}


def test_it_searches_text(client, db):
    wanted = ServiceFactory(name="Bicycle repair training")
    ServiceFactory(name="Debt advice")
    assert ids(get_json(client, "/oruk/services", search="bicycle")) == {str(wanted.id)}


def test_it_filters_by_taxonomy_term_including_narrower_terms(client, db):
    housing = ServiceFactory(needs=[need("find-accommodation")])
    ServiceFactory(needs=[need("benefits")])
    pathway = need("find-accommodation").parent
    assert ids(get_json(client, "/oruk/services", taxonomy_term_id=pathway.id)) == {str(housing.id)}
    assert ids(
        get_json(client, "/oruk/services", taxonomy_term_id=need("find-accommodation").id)
    ) == {str(housing.id)}


def test_it_filters_by_taxonomy(client, db):
    for_women = ServiceFactory(groups=[group("women")])
    ServiceFactory(needs=[need("benefits")])
    assert ids(get_json(client, "/oruk/services", taxonomy_id=GROUPS_SERVED_ID)) == {
        str(for_women.id)
    }


def test_it_filters_by_overlapping_age_range(client, db):
    young = ServiceFactory(minimum_age=18, maximum_age=25)
    older = ServiceFactory(minimum_age=50)
    anyone = ServiceFactory()
    assert ids(get_json(client, "/oruk/services", minimum_age=30)) == {
        str(older.id),
        str(anyone.id),
    }
    assert ids(get_json(client, "/oruk/services", maximum_age=21)) == {
        str(young.id),
        str(anyone.id),
    }
    assert ids(get_json(client, "/oruk/services", minimum_age=26, maximum_age=49)) == {
        str(anyone.id)
    }


def test_it_filters_by_day_and_time(client, db):
    monday_morning = ServiceFactory()
    place_service(monday_morning, LocationFactory(), byday="MO", opens="09:00", closes="12:00")
    tuesday_all_day = ServiceFactory()
    Schedule.objects.create(
        service=tuesday_all_day, byday="TU", opens_at="09:00", closes_at="17:00"
    )
    assert ids(get_json(client, "/oruk/services", day="Monday")) == {str(monday_morning.id)}
    assert ids(get_json(client, "/oruk/services", day="tu")) == {str(tuesday_all_day.id)}
    assert ids(get_json(client, "/oruk/services", start_time="13:00")) == {str(tuesday_all_day.id)}
    assert ids(
        get_json(client, "/oruk/services", day="MO", start_time="09:30", end_time="11:00")
    ) == {str(monday_morning.id)}
    assert ids(get_json(client, "/oruk/services", day="MO", end_time="12:30")) == set()


def test_it_filters_services_at_locations_by_postcode_and_orders_by_distance(client, db):
    near = ServiceFactory(name="Near")
    far = ServiceFactory(name="Far")
    elsewhere = ServiceFactory(name="Elsewhere")
    near_at = place_service(near, LocationFactory(latitude=51.5000, longitude=-0.0910))
    far_at = place_service(far, LocationFactory(latitude=51.5050, longitude=-0.1100))
    place_service(
        elsewhere,
        LocationFactory(
            latitude=51.5450,
            longitude=-0.1170,
            borough=Borough.objects.get(name="Islington"),
        ),
    )
    body = get_json(client, "/oruk/service_at_locations", postcode="SE1 7TP", proximity=2000)
    assert [at["id"] for at in body["contents"]] == [str(near_at.id), str(far_at.id)]
    body = get_json(client, "/oruk/service_at_locations", postcode="se1", proximity=500)
    assert ids(body) == {str(near_at.id)}
    # A postcode without proximity finds what serves or sits in its borough.
    body = get_json(client, "/oruk/service_at_locations", postcode="SE1")
    assert ids(body) == {str(near_at.id), str(far_at.id)}


def test_it_pages_results(client, db):
    for n in range(5):
        ServiceFactory(name=f"Service {n:02d}")
    body = get_json(client, "/oruk/services", per_page=2, page=3)
    assert body["total_items"] == 5 and body["total_pages"] == 3
    assert body["size"] == 1 and body["last_page"] and not body["first_page"]
    assert [s["name"] for s in body["contents"]] == ["Service 04"]
    beyond = get_json(client, "/oruk/services", per_page=2, page=9)
    assert beyond["empty"] and beyond["contents"] == []


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"minimum_age": "old"}, "minimum_age"),
        ({"minimum_age": "40", "maximum_age": "20"}, "maximum_age"),
        ({"maximum_age": "1e9"}, "maximum_age"),
        ({"day": "Funday"}, "day"),
        ({"start_time": "25:00"}, "start_time"),
        ({"start_time": "14:00", "end_time": "09:00"}, "end_time"),
        ({"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ({"taxonomy_term_id": str(uuid.uuid4())}, "taxonomy_term_id"),
        ({"taxonomy_id": str(uuid.uuid4())}, "taxonomy_id"),
        ({"search": "x" * 201}, "search"),
        ({"search": "nul\x00byte"}, "search"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_it_answers_bad_service_parameters_with_400(client, db, query, parameter):
    body = get_json(client, "/oruk/services", status=400, **query)
    assert body["parameter"] == parameter
    assert body["error"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"postcode": "M1 1AE"}, "postcode"),
        ({"proximity": "1000"}, "proximity"),
        ({"postcode": "SE1", "proximity": "far"}, "proximity"),
        ({"postcode": "SE1", "proximity": "0"}, "proximity"),
        ({"postcode": "SE1", "proximity": "99999999"}, "proximity"),
    ],
)
def test_it_answers_bad_location_parameters_with_400(client, db, query, parameter):
    body = get_json(client, "/oruk/service_at_locations", status=400, **query)
    assert body["parameter"] == parameter


def test_it_refuses_a_parameter_given_twice(client, db):
    response = client.get("/oruk/services?page=1&page=2")
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


def test_it_refuses_location_parameters_on_services(client, db):
    assert get_json(client, "/oruk/services", status=400, postcode="SE1")["parameter"] == (
        "postcode"
    )


@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
@pytest.mark.parametrize("identifier", ["not-a-uuid", str(uuid.uuid4()), "x" * 500])
def test_it_answers_unknown_ids_with_404(client, db, path, identifier):
    body = get_json(client, f"/oruk/{path}/{identifier}", status=404)
    assert body["error"]


# --- Speed: a page costs the same number of queries however many results it holds ------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _make_services(count, organisation):
    for n in range(count):
        service = ServiceFactory(
            organisation=organisation,
            needs=[need("find-accommodation")],
            languages=["pl"],
            boroughs=[Borough.objects.get(name="Southwark")],
        )
        place_service(service, LocationFactory(latitude=51.50 + n / 10000))


@pytest.mark.parametrize(
    "url",
    [
        "/oruk/services",
        "/oruk/services?search=service&taxonomy_term_id={term}&day=MO",
        "/oruk/service_at_locations",
        "/oruk/service_at_locations?postcode=SE1&proximity=5000",
        "/oruk/taxonomy_terms",
    ],
)
def test_it_runs_the_same_number_of_queries_for_3_or_30_results(client, db, url):
    url = url.format(term=need("find-accommodation").id)
    organisation = OrganisationFactory()
    _make_services(3, organisation)
    few = _queries(client, url)
    _make_services(27, organisation)
    assert get_json(client, url.split("?")[0])["total_items"] >= 30
    assert _queries(client, url) == few


def test_it_runs_a_fixed_number_of_queries_for_a_full_service(client, full_service):
    few = _queries(client, f"/oruk/services/{full_service.id}")
    for n in range(10):
        place_service(full_service, LocationFactory(name=f"Place {n}"))
        Phone.objects.create(service=full_service, number=f"020 7946 10{n:02d}")
        Contact.objects.create(service=full_service, name=f"Contact {n}")
        Language.objects.create(service=full_service, code="fr", name="French")
    assert _queries(client, f"/oruk/services/{full_service.id}") == few
    at = full_service.at_locations.first()
    few = _queries(client, f"/oruk/service_at_locations/{at.id}")
    ServiceArea.objects.create(service=full_service, scope=ServiceArea.NATIONAL)
    assert _queries(client, f"/oruk/service_at_locations/{at.id}") == few


# --- Any query string: never a server error --------------------------------------------------

PARAMETER_NAMES = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
    "postcode",
    "proximity",
    "nonsense",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "SE1",
            "SE1 7TP",
            "Monday",
            "MO",
            "09:30",
            "23:59:59",
            str(RESETTLEMENT_NEEDS_ID),
            "1000",
            "0",
            "",
            " ",
            "%00",
            "' OR 1=1 --",
            "<script>",
            "\u202e",
        ]
    ),
)


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(
        ["services", "service_at_locations", "taxonomies", "taxonomy_terms", "", "services/x"]
    ),
    query=st.dictionaries(st.sampled_from(PARAMETER_NAMES), VALUES, max_size=5),
)
def test_it_never_fails_with_a_server_error_whatever_the_query(client, path, query):
    response = client.get(f"/oruk/{path}", query)
    assert response.status_code in (200, 400, 404)
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["error"] and "parameter" in body


def test_it_reports_service_timestamps_in_utc_with_milliseconds(client, db):
    service = ServiceFactory()
    Service.objects.filter(pk=service.pk).update(
        updated_at=datetime.datetime(2026, 6, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC)
    )
    body = get_json(client, f"/oruk/services/{service.id}")
    assert body["last_modified"] == "2026-06-01T12:30:05.123Z"
    assert body["organization"]["description"]


def test_it_puts_every_organisation_field_it_has_and_no_empty_ones(client, db):
    bare = Organisation.objects.create(name="Bare Org")
    service = ServiceFactory(organisation=bare)
    body = get_json(client, f"/oruk/services/{service.id}")
    assert body["organization"] == {
        "id": str(bare.id),
        "name": "Bare Org",
        "description": "Bare Org",
    }
    assert not ServiceAtLocation.objects.filter(service=service).exists()
    assert "service_at_locations" not in body
    assert Location.objects.count() == 0

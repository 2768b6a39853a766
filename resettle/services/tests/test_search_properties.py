"""Whatever is in the query string, the search page answers with a page, never a server error."""

from urllib.parse import quote_from_bytes

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resettle.places.models import Borough
from resettle.testing.factories import LocationFactory, ServiceFactory, need, place_service

pytestmark = pytest.mark.django_db

PARAMETERS = ["q", "need", "borough", "postcode", "language", "group", "prison", "day", "age"]
PARAMETERS += ["page"]

# Real values too, so some examples combine valid filters with nonsense in others.
REAL_VALUES = [
    "find-accommodation",
    "accommodation",
    "southwark",
    "SE1",
    "se1 7tp",
    "EC1A 1BB",
    "pl",
    "women",
    "brixton",
    "MO",
    "18",
    "0",
    "120",
    "2",
]

values = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.sampled_from(REAL_VALUES),
    st.text(alphabet="0123456789", min_size=1, max_size=6000),
    st.just(""),
)
relaxed = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def directory(db):
    service = ServiceFactory(
        name="Housing help",
        needs=[need("find-accommodation")],
        boroughs=[Borough.objects.get(name="Southwark")],
        languages=["pl"],
    )
    place_service(service, LocationFactory())
    return service


@relaxed
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=len(PARAMETERS)))
def test_it_never_fails_on_any_combination_of_parameters(client, directory, params):
    response = client.get(reverse("services:search"), params)

    assert response.status_code in (200, 400)
    if response.status_code == 200 and response.context["form"].errors:
        assert "govuk-error-summary" in response.content.decode()


@relaxed
@given(
    pairs=st.lists(
        st.tuples(st.sampled_from([*PARAMETERS, "other"]), st.binary(max_size=50)), max_size=12
    )
)
def test_it_never_fails_on_raw_bytes_or_repeated_parameters(client, directory, pairs):
    query = "&".join(f"{name}={quote_from_bytes(raw)}" for name, raw in pairs)

    response = client.get(f"{reverse('services:search')}?{query}")

    assert response.status_code in (200, 400)


@relaxed
@given(service_id=st.text(max_size=80))
def test_it_never_fails_on_any_service_id(client, directory, service_id):
    response = client.get(f"/services/{quote_from_bytes(service_id.encode())}/")

    assert response.status_code in (200, 301, 404)

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.places.models import Borough, Prison
from resettle.services.models import Contact, Phone, Service, ServiceArea
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    group,
    member,
    need,
    place_service,
)

pytestmark = pytest.mark.django_db


def detail_url(service):
    return reverse("services:detail", args=[service.pk])


@pytest.fixture
def refuge(organisation):
    service = ServiceFactory(name="Women's refuge", organisation=organisation)
    place_service(
        service,
        LocationFactory(
            name="Safe house",
            address_1="12 Secret Road",
            postal_code="SE15 1AA",
            confidential=True,
            accessibility="Side door on the alley, buzzer 3",
            borough=Borough.objects.get(name="Southwark"),
        ),
    )
    return service


def test_it_shows_everything_a_caseworker_needs(client):
    service = ServiceFactory(
        name="Housing first",
        description="Finds a flat and stays with you.",
        eligibility_description="People released to Southwark.",
        minimum_age=18,
        maximum_age=25,
        sex_eligibility=Service.Sex.WOMEN,
        accepts_self_referral=True,
        application_process="Phone us.",
        typical_wait_days=7,
        email="help@example.org",
        url="https://example.org/housing",
        needs=[need("find-accommodation")],
        groups=[group("women")],
        boroughs=[Borough.objects.get(name="Southwark")],
        languages=["pl"],
    )
    ServiceArea.objects.create(service=service, scope=ServiceArea.LONDON)
    service.in_reach_prisons.add(Prison.objects.get(name="HMP Brixton"))
    place_service(service, LocationFactory(address_1="1 Open Street"), byday="MO")
    Phone.objects.create(service=service, number="020 7946 0000")
    Contact.objects.create(service=service, name="Ana Nowak", title="Housing lead")

    response = client.get(detail_url(service))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Housing first",
        "Finds a flat and stays with you.",
        "People released to Southwark.",
        "For ages 18 to 25",
        "Women only",
        "People can refer themselves",
        "Phone us.",
        "7 days",
        "help@example.org",
        "https://example.org/housing",
        "Help to find accommodation",
        "Women",
        "Polish",
        "Southwark",
        "All of London",
        "HMP Brixton",
        "1 Open Street",
        "Monday 9:30am to 4:30pm",
        "020 7946 0000",
        "Ana Nowak",
        "Print this page",
        "Last checked:",
    ]:
        assert text in page, text


def test_it_warns_when_the_information_is_stale(client):
    service = ServiceFactory(last_reviewed=timezone.localdate() - datetime.timedelta(days=800))

    page = client.get(detail_url(service)).content.decode()

    assert "may be out of date" in page


def test_it_hides_a_confidential_address_from_the_public(client, refuge):
    page = client.get(detail_url(refuge)).content.decode()

    assert "Address given to professionals on request" in page
    assert "In Southwark" in page
    assert "12 Secret Road" not in page
    assert "SE15 1AA" not in page
    assert "Safe house" not in page
    assert "Side door on the alley" not in page


def test_it_hides_a_confidential_address_from_someone_with_no_organisation(client, refuge, sign_in):
    page = sign_in(UserFactory()).get(detail_url(refuge)).content.decode()

    assert "12 Secret Road" not in page


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMISSIONER])
def test_it_hides_a_confidential_address_from_mentors_and_commissioners(refuge, sign_in, role):
    # Mentors see a narrow view of their mentees only; commissioners see aggregates only.
    user = member(OrganisationFactory(), role)

    page = sign_in(user).get(detail_url(refuge)).content.decode()

    assert "12 Secret Road" not in page
    assert "Side door on the alley" not in page


@pytest.mark.parametrize("persona", ["manager", "caseworker", "outsider"])
def test_it_shows_a_confidential_address_to_signed_in_professionals(
    request, refuge, sign_in, persona
):
    # Professionals at any organisation refer people to refuges, not only the refuge's own.
    user = request.getfixturevalue(persona)

    page = sign_in(user).get(detail_url(refuge)).content.decode()

    assert "12 Secret Road" in page
    assert "Side door on the alley" in page
    assert "Confidential: do not share" in page


def test_it_shows_an_inactive_service_with_a_tag(client):
    service = ServiceFactory(status=Service.Status.INACTIVE)

    page = client.get(detail_url(service)).content.decode()

    assert "Not running at the moment" in page


def test_it_gives_404_for_an_unknown_or_defunct_service(client):
    defunct = ServiceFactory(status=Service.Status.DEFUNCT)

    assert client.get(detail_url(defunct)).status_code == 404
    assert client.get(reverse("services:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/services/not-a-uuid/").status_code == 404


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [(0, 0, "midnight"), (9, 0, "9am"), (9, 30, "9:30am"), (12, 0, "midday"), (13, 5, "1:05pm")],
)
def test_it_writes_times_the_gov_uk_way(hour, minute, words):
    from resettle.services.explain import clock

    assert clock(datetime.time(hour, minute)) == words

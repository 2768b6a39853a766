"""The demo directory generator: deterministic, realistic, valid, and quick to write."""

import datetime
import re
from collections import Counter

import pytest

from resettle.core.postcodes import parse
from resettle.demo.generator import generate_directory, organisation_ids
from resettle.organisations.models import Organisation
from resettle.places.models import Borough, PostcodeDistrict
from resettle.services.models import (
    Attribute,
    Language,
    Location,
    Phone,
    Service,
    ServiceArea,
)
from resettle.testing.factories import need

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def directory():
    return generate_directory(today=TODAY)


def _snapshot():
    return (
        list(Organisation.objects.order_by("id").values_list("id", "name")),
        list(Service.objects.order_by("id").values_list("id", "name", "organisation_id")),
        list(Location.objects.order_by("id").values_list("id", "postal_code")),
        Attribute.objects.count(),
        Language.objects.count(),
    )


def test_it_makes_150_organisations_and_600_services_by_default(directory):
    assert Organisation.objects.count() == directory.organisations == 150
    assert Service.objects.count() == directory.services == 600
    # Every organisation runs at least one service.
    assert not Organisation.objects.filter(services__isnull=True).exists()


def test_it_gives_the_same_names_ids_and_counts_for_the_same_seed():
    generate_directory(services=120, seed=7, today=TODAY)
    first = _snapshot()
    Organisation.objects.all().delete()
    generate_directory(services=120, seed=7, today=TODAY)
    assert _snapshot() == first
    assert [o for o, _ in first[0]] == sorted(organisation_ids(7, 30))


def test_it_gives_different_data_for_a_different_seed():
    generate_directory(services=120, seed=7, today=TODAY)
    first = _snapshot()
    Organisation.objects.all().delete()
    generate_directory(services=120, seed=8, today=TODAY)
    second = _snapshot()
    assert {name for _, name in first[0]} != {name for _, name in second[0]}
    assert not {i for i, *_ in first[1]} & {i for i, *_ in second[1]}


def test_it_covers_every_borough_with_several_local_services(directory):
    local = Counter(
        ServiceArea.objects.filter(scope=ServiceArea.BOROUGH).values_list("borough", flat=True)
    )
    assert len(directory.boroughs_covered) == 33
    assert {b.pk for b in Borough.objects.all()} == set(local)
    assert min(local.values()) >= 3
    assert ServiceArea.objects.filter(scope=ServiceArea.LONDON).count() >= 30
    assert ServiceArea.objects.filter(scope=ServiceArea.NATIONAL).exists()
    for borough in Borough.objects.all():
        assert Service.objects.covering_borough(borough).count() >= 30


def test_it_makes_about_a_third_of_organisations_community_led(directory):
    led = Organisation.objects.filter(led_by_and_for__isnull=False).distinct()
    assert led.count() == directory.community_led == 50
    led_groups = set(
        Organisation.led_by_and_for.through.objects.values_list("taxonomyterm__code", flat=True)
    )
    assert {"women", "young-adults", "black-asian-minority-ethnic"} <= led_groups
    # A community-led organisation's services specialise in the groups that lead it.
    for org in led[:10]:
        groups = set(org.led_by_and_for.values_list("pk", flat=True))
        for service in org.services.all():
            specialisms = set(
                service.attributes.filter(link_type=Attribute.GROUP).values_list(
                    "taxonomy_term", flat=True
                )
            )
            assert groups <= specialisms


def test_it_gives_every_service_one_to_four_needs(directory):
    counts = Counter(
        Attribute.objects.filter(link_type=Attribute.NEED).values_list("service", flat=True)
    )
    assert len(counts) == 600
    assert set(counts.values()) <= {1, 2, 3, 4}
    assert len(set(counts.values())) > 1


def test_it_fills_the_search_document_exactly_as_the_model_builds_it(directory):
    services = Service.objects.select_related("organisation")
    assert not services.filter(search_document="").exists()
    for service in services:
        assert service.search_document == service.build_search_document()


def test_it_writes_descriptions_that_text_search_can_tell_apart(directory):
    naloxone = Service.objects.matching_text("naloxone")
    assert naloxone.exists()
    harm_reduction = Service.objects.meeting_need(need("harm-reduction"))
    assert set(naloxone) <= set(harm_reduction)
    assert Service.objects.matching_text("tenancy").exists()
    assert Service.objects.count() > Service.objects.matching_text("tenancy").count()


def test_it_keeps_refuge_addresses_confidential(directory):
    refuges = Location.objects.filter(confidential=True)
    assert refuges.count() == directory.confidential_locations > 0
    for refuge in refuges:
        services = Service.objects.filter(at_locations__location=refuge)
        assert {s.sex_eligibility for s in services} == {Service.Sex.WOMEN}
    # Their descriptions say so, so searching for a refuge finds them.
    assert set(Service.objects.matching_text("refuge")) == set(
        Service.objects.filter(at_locations__location__confidential=True)
    )


def test_it_puts_each_location_in_the_borough_of_its_postcode(directory):
    districts = {d.code: d for d in PostcodeDistrict.objects.all()}
    for location in Location.objects.all():
        outward, full = parse(location.postal_code)
        assert full == location.postal_code
        district = districts[outward]
        assert location.borough_id == district.borough_id
        assert abs(location.latitude - district.latitude) < 0.03
        assert abs(location.longitude - district.longitude) < 0.04


def test_it_sends_womens_and_young_adults_services_to_the_right_prisons(directory):
    women = Service.objects.filter(sex_eligibility=Service.Sex.WOMEN)
    young = Service.objects.filter(minimum_age=18, maximum_age=25)
    women_prisons = set(women.values_list("in_reach_prisons__code", flat=True)) - {None}
    assert women_prisons and women_prisons <= {"BZI", "DWI"}
    young_led = young.filter(attributes__taxonomy_term__code="young-adults")
    young_prisons = set(young_led.values_list("in_reach_prisons__code", flat=True)) - {None}
    assert young_prisons and young_prisons <= {"FMI", "ISI"}
    busiest = Counter(
        Service.in_reach_prisons.through.objects.values_list("prison__code", flat=True)
    ).most_common(3)
    assert {"PVI", "WWI", "WSI", "TSI"} & {code for code, _ in busiest}


def test_it_speaks_english_everywhere_and_community_languages_often(directory):
    english = Language.objects.filter(code="en").values_list("service", flat=True)
    assert len(set(english)) == 600
    spoken = Counter(Language.objects.exclude(code="en").values_list("code", flat=True))
    assert {"pl", "bn", "so", "ar", "ro", "ti"} <= set(spoken)
    assert spoken["pl"] > spoken.get("yue", 0)


def test_it_uses_only_fictional_contact_details(directory):
    assert Phone.objects.exists()
    for number in Phone.objects.values_list("number", flat=True):
        assert re.fullmatch(r"020 7946 0\d{3}", number), number
    emails = list(Service.objects.values_list("email", flat=True))
    emails += Organisation.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.org") for email in emails)
    for org in Organisation.objects.all():
        assert org.charity_number == "" or re.fullmatch(r"1\d{6}", org.charity_number)
        assert org.company_number == "" or re.fullmatch(r"\d{8}", org.company_number)


def test_it_includes_stale_inactive_and_age_limited_entries(directory):
    year_ago = TODAY - datetime.timedelta(days=365)
    stale = Service.objects.filter(last_reviewed__lt=year_ago).count()
    assert 60 <= stale <= 180
    statuses = Counter(Service.objects.values_list("status", flat=True))
    assert statuses[Service.Status.ACTIVE] > 500
    assert statuses[Service.Status.INACTIVE] and statuses[Service.Status.TEMPORARILY_CLOSED]
    assert not statuses[Service.Status.DEFUNCT]
    assert Service.objects.filter(minimum_age=18, maximum_age=25).exists()
    assert Service.objects.filter(accepting_referrals=False).exists()
    assert Service.objects.filter(typical_wait_days__gte=14).exists()


def test_it_passes_model_validation(directory):
    for service in Service.objects.order_by("id")[:100]:
        service.full_clean()
    for organisation in Organisation.objects.all():
        organisation.full_clean()
    for location in Location.objects.order_by("id")[:100]:
        location.full_clean()


def test_it_generates_2000_services_in_batches():
    result = generate_directory(services=2000, seed=3, today=TODAY)
    assert result.services == Service.objects.count() == 2000
    assert result.organisations == Organisation.objects.count() == 500
    assert (
        Attribute.objects.filter(link_type=Attribute.NEED).values("service").distinct().count()
        == 2000
    )

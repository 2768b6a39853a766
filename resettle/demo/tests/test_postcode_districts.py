"""The reference postcode districts: every London district, in a real borough, inside London."""

import pytest

from resettle.core.postcodes import district_candidates, parse
from resettle.places.data import BOROUGHS
from resettle.places.models import PostcodeDistrict
from resettle.places.postcode_districts import DISTRICTS, post_town

# Greater London with a little margin: Harefield to Upminster, Enfield to Coulsdon.
MIN_LAT, MAX_LAT = 51.28, 51.70
MIN_LON, MAX_LON = -0.52, 0.34


def _expected_inner_london():
    codes = [f"E{n}" for n in range(1, 21) if n != 19] + ["E1W"]
    codes += [f"EC{n}" for n in range(1, 5)]
    codes += [f"N{n}" for n in range(1, 23)]
    codes += [f"NW{n}" for n in range(1, 12)]
    codes += [f"SE{n}" for n in range(1, 29)]
    codes += [f"SW{n}" for n in range(1, 21)]
    codes += [f"W{n}" for n in range(1, 15)]
    return codes + ["WC1", "WC2"]


def test_it_lists_every_inner_london_district():
    codes = {code for code, *_ in DISTRICTS}
    assert set(_expected_inner_london()) - codes == set()


def test_it_lists_each_district_once_with_a_valid_outward_code():
    codes = [code for code, *_ in DISTRICTS]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert parse(code) == (code, None)


def test_it_gives_every_borough_at_least_one_district():
    gss_codes = {gss for gss, *_ in BOROUGHS}
    assert {gss for _, gss, _, _ in DISTRICTS} == gss_codes


def test_it_puts_every_centre_inside_greater_london():
    outside = [
        code
        for code, _, lat, lon in DISTRICTS
        if not (MIN_LAT <= lat <= MAX_LAT and MIN_LON <= lon <= MAX_LON)
    ]
    assert outside == []


def test_it_names_the_post_town_of_outer_districts():
    assert post_town("SE1") == "London"
    assert post_town("CR0") == "Croydon"
    assert post_town("UB8") == "Uxbridge"
    outer = [code for code, *_ in DISTRICTS if code[:2] in {"BR", "CR", "DA", "EN", "HA", "IG"}]
    assert all(post_town(code) != "London" for code in outer)


@pytest.mark.django_db
def test_it_loads_every_district_into_the_database_by_migration():
    assert PostcodeDistrict.objects.count() == len(DISTRICTS)
    assert PostcodeDistrict.objects.get(code="SE1").borough.name == "Southwark"
    assert PostcodeDistrict.objects.get(code="IG11").borough.name == "Barking and Dagenham"
    assert PostcodeDistrict.objects.get(code="EC2A").borough.name == "Hackney"


@pytest.mark.django_db
def test_it_finds_sub_districts_under_their_parent():
    for outward, borough in [("SW1A", "Westminster"), ("EC4M", "City of London")]:
        found = PostcodeDistrict.objects.filter(code__in=district_candidates(outward))
        assert [d.borough.name for d in found] == [borough]

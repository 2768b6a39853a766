"""Export, wipe, import, export again: the two exports must say exactly the same thing.

What an export deliberately withholds (a confidential location's address, coordinates,
directions, accessibility notes and phones: see docs/oruk-mapping.md) cannot come back from
it; re-importing an export over the directory it came from keeps those as they are.
"""

import csv
import datetime
import json

import pytest

from resettle.organisations.models import Organisation
from resettle.oruk.export import export_datapackage, export_hsds_json
from resettle.oruk.importer import import_directory
from resettle.oruk.tests.import_helpers import snapshot
from resettle.places.models import Borough, Prison
from resettle.services.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import Taxonomy, TaxonomyTerm
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    group,
    need,
    place_service,
)

pytestmark = pytest.mark.django_db

# Changes on every write or every export, so not part of "the same data".
VOLATILE = {"last_modified", "generated_at", "created"}


@pytest.fixture
def directory():
    charity = OrganisationFactory(
        name="Brixton Women's Project",
        description="",
        kind=Organisation.Kind.VOLUNTARY,
        charity_number="1100123",
        company_number="05123456",
        alternate_name="BWP",
        year_incorporated=1998,
    )
    charity.led_by_and_for.add(group("women"))
    council = OrganisationFactory(name="Lambeth Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    Phone.objects.create(organisation=council, number="020 7926 1000", type="voice")
    Contact.objects.create(organisation=council, name="Duty desk", email="duty@example.org")

    housing = ServiceFactory(
        organisation=charity,
        name="Housing casework",
        alternate_name="Homes first",
        eligibility_description="Women leaving HMP Bronzefield",
        minimum_age=18,
        maximum_age=99,
        sex_eligibility=Service.Sex.WOMEN,
        accepts_self_referral=True,
        accepting_referrals=False,
        typical_wait_days=10,
        fees_description="Free",
        needs=[need("find-accommodation"), need("rent-arrears")],
        groups=[group("women")],
        boroughs=[Borough.objects.get(name="Lambeth")],
        languages=["pl", "so"],
    )
    housing.in_reach_prisons.add(Prison.objects.get(code="BXI"))
    ServiceArea.objects.create(service=housing, scope=ServiceArea.LONDON, name="London")
    Schedule.objects.create(
        service=housing, byday="TU,TH", opens_at="10:00", closes_at="12:30", freq="WEEKLY"
    )
    Phone.objects.create(service=housing, number="020 7000 0001", extension="12")
    Contact.objects.create(service=housing, name="Amina", title="Caseworker")

    hub = LocationFactory(
        name="Brixton hub",
        address_1="12 Acre Lane",
        address_2="First floor",
        postal_code="SW2 5SG",
        borough=Borough.objects.get(name="Lambeth"),
        accessibility="Step-free entrance",
        transportation="Brixton station, 5 minutes",
        organisation=charity,
    )
    refuge = LocationFactory(
        name="Refuge",
        address_1="1 Secret Road",
        postal_code="SE5 8AA",
        borough=Borough.objects.get(name="Southwark"),
        confidential=True,
    )
    Phone.objects.create(location=refuge, number="020 7000 0999")
    place_service(housing, hub, byday="MO,WE")
    ServiceAtLocation.objects.create(service=housing, location=refuge, description="By referral")

    national = ServiceFactory(
        organisation=council,
        name="ID documents",
        status=Service.Status.TEMPORARILY_CLOSED,
        needs=[need("find-work")],
    )
    ServiceArea.objects.create(
        service=national, scope=ServiceArea.NATIONAL, name="England and Wales"
    )

    custom = Taxonomy.objects.create(name="Local tags", description="Our own tags", version="1")
    parent = TaxonomyTerm.objects.create(
        taxonomy=custom, code="digital", name="Digital", description="Online", position=2
    )
    child = TaxonomyTerm.objects.create(
        taxonomy=custom, parent=parent, code="laptops", name="Laptops", description="Loans"
    )
    from resettle.services.models import Attribute

    Attribute.objects.create(service=national, taxonomy_term=child, link_type=Attribute.NEED)
    return {"housing": housing, "refuge": refuge, "custom": custom}


def _wipe_directory():
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    Taxonomy.objects.filter(name="Local tags").delete()
    assert not Service.objects.exists()


def _read_package(folder):
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = [
                {k: v for k, v in row.items() if k not in VOLATILE} for row in csv.DictReader(f)
            ]
        tables[path.name] = rows
    descriptor = json.loads((folder / "datapackage.json").read_text())
    return tables, {k: v for k, v in descriptor.items() if k not in VOLATILE}


def _without_volatile(value):
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def test_it_round_trips_the_data_package_without_loss(tmp_path, directory):
    first = export_datapackage(tmp_path / "first")
    _wipe_directory()

    report = import_directory(first)

    assert report.errors == []
    second = export_datapackage(tmp_path / "second")
    assert _read_package(second) == _read_package(first)
    # Resettle's own fields came back too, not only what HSDS has names for.
    housing = Service.objects.get(pk=directory["housing"].pk)
    assert housing.sex_eligibility == "female"
    assert housing.accepting_referrals is False
    assert housing.typical_wait_days == 10
    assert list(housing.in_reach_prisons.values_list("code", flat=True)) == ["BXI"]
    assert list(housing.organisation.led_by_and_for.values_list("code", flat=True)) == ["women"]
    assert housing.organisation.kind == "voluntary"
    assert housing.search_document == housing.build_search_document()
    assert Location.objects.get(pk=directory["refuge"].pk).confidential


def test_it_round_trips_hsds_json_without_loss(tmp_path, directory):
    export_hsds_json(tmp_path / "first.json")
    _wipe_directory()

    report = import_directory(tmp_path / "first.json")

    assert report.errors == []
    export_hsds_json(tmp_path / "second.json")
    first = json.loads((tmp_path / "first.json").read_text())
    second = json.loads((tmp_path / "second.json").read_text())
    assert _without_volatile(second) == _without_volatile(first)
    assert TaxonomyTerm.objects.get(code="laptops").parent.code == "digital"


@pytest.mark.parametrize("form", ["datapackage", "json"])
def test_it_changes_nothing_when_an_export_is_imported_over_its_own_directory(
    tmp_path, directory, form
):
    if form == "json":
        source = tmp_path / "directory.json"
        export_hsds_json(source)
    else:
        source = export_datapackage(tmp_path / "package")
    before = snapshot()

    report = import_directory(source)

    assert report.errors == []
    assert sum(report.created.values()) == 0
    assert report.deleted == {}
    after = snapshot()
    # The audit row is new and the services' edit versions moved on; nothing else differs,
    # including the confidential location's withheld address and phone.
    assert after["audit"] == before["audit"] + 1
    for label in before:
        if label not in ("audit", "services.Service", "organisations.Organisation"):
            assert after[label] == before[label], label
    refuge = Location.objects.get(pk=directory["refuge"].pk)
    assert (refuge.address_1, refuge.postal_code) == ("1 Secret Road", "SE5 8AA")
    assert refuge.phones.count() == 1


def test_it_keeps_the_review_date_and_schedules_through_a_round_trip(tmp_path, directory):
    housing = directory["housing"]
    Service.objects.filter(pk=housing.pk).update(last_reviewed=datetime.date(2026, 3, 1))
    folder = export_datapackage(tmp_path / "package")
    _wipe_directory()
    import_directory(folder)
    housing = Service.objects.get(pk=housing.pk)
    assert housing.last_reviewed == datetime.date(2026, 3, 1)
    assert sorted(s.byday for s in Schedule.objects.filter(service=housing)) == ["TU,TH"]
    assert [s.byday for s in Schedule.objects.filter(service_at_location__service=housing)] == [
        "MO,WE"
    ]


@pytest.mark.parametrize("form", ["json", "datapackage"])
def test_it_exports_and_imports_from_the_command_line(tmp_path, directory, form):
    from django.core.management import call_command

    out = tmp_path / ("directory.json" if form == "json" else "package")
    call_command("export_directory", "--format", form, str(out))
    _wipe_directory()
    call_command("import_directory", str(out))
    assert Service.objects.filter(pk=directory["housing"].pk).exists()


def test_it_round_trips_a_generated_directory_with_many_links(tmp_path):
    # Many in-reach prisons and "led by and for" groups per row: their export order must not
    # depend on the order the import happened to insert them in.
    from resettle.demo.generator import generate_directory

    generate_directory(services=60, seed=7)
    first = export_datapackage(tmp_path / "first")
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()

    report = import_directory(first)

    assert report.errors == []
    second = export_datapackage(tmp_path / "second")
    assert _read_package(second) == _read_package(first)

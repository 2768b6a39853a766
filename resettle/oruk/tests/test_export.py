import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resettle.organisations.models import Organisation
from resettle.oruk import export
from resettle.oruk.export import export_datapackage, export_hsds_json, iter_hsds_json
from resettle.oruk.tests.test_api import (
    REFUGE_ADDRESS,
    REFUGE_POSTCODE,
    assert_refuge_hidden,
    make_full_service,
)
from resettle.oruk.tests.test_api_schemas import STANDARD, assert_valid, validator_for
from resettle.services.models import Location, Service
from resettle.taxonomy.models import RESETTLEMENT_NEEDS_ID
from resettle.testing.factories import LocationFactory, OrganisationFactory, ServiceFactory


@pytest.fixture
def full_service(organisation):
    return make_full_service(organisation)


def exported_json() -> dict:
    out = io.StringIO()
    export_hsds_json(out)
    return json.loads(out.getvalue())


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- HSDS JSON -------------------------------------------------------------------------------


def test_it_exports_services_organisations_and_taxonomies_as_one_json_document(full_service):
    lonely = OrganisationFactory(name="No services yet")
    defunct = ServiceFactory(status=Service.Status.DEFUNCT)
    document = exported_json()
    assert list(document) == [
        "version",
        "profile",
        "generated_at",
        "services",
        "organizations",
        "taxonomies",
    ]
    assert document["version"] == "HSDS-UK-3.0"
    validator = validator_for("compiled/service.json")
    for service in document["services"]:
        assert_valid(validator, service)
    by_id = {s["id"]: s for s in document["services"]}
    assert by_id[str(defunct.id)]["status"] == "defunct"
    assert str(lonely.id) in {o["id"] for o in document["organizations"]}
    needs = next(t for t in document["taxonomies"] if t["id"] == str(RESETTLEMENT_NEEDS_ID))
    assert_valid(validator_for("taxonomy.json"), needs)
    assert "Help to find accommodation" in {t["name"] for t in needs["taxonomy_terms"]}


def test_it_adds_resettles_own_fields_to_the_export_but_not_the_api(client, full_service):
    full_service.accepts_self_referral = True
    full_service.typical_wait_days = 14
    full_service.save()
    exported = next(s for s in exported_json()["services"] if s["id"] == str(full_service.id))
    assert exported["accepts_self_referral"] is True
    assert exported["accepting_referrals"] is False
    assert exported["typical_wait_days"] == 14
    refuge = next(
        at["location"] for at in exported["service_at_locations"] if at["location"]["confidential"]
    )
    assert refuge["borough"] == "E09000028"
    from_api = client.get(f"/oruk/services/{full_service.id}").json()
    assert "accepts_self_referral" not in from_api and "typical_wait_days" not in from_api


def test_it_never_exports_a_confidential_address(full_service, tmp_path):
    out = io.BytesIO()
    export_hsds_json(out)
    assert_refuge_hidden(out.getvalue())
    export_datapackage(tmp_path)
    for path in tmp_path.iterdir():
        assert_refuge_hidden(path.read_bytes())
    assert Location.objects.filter(address_1=REFUGE_ADDRESS, postal_code=REFUGE_POSTCODE).exists()


def test_it_writes_json_to_a_path_and_leaves_a_callers_stream_open(full_service, tmp_path):
    export_hsds_json(tmp_path / "directory.json")
    from_path = json.loads((tmp_path / "directory.json").read_text(encoding="utf-8"))
    binary = io.BytesIO()
    export_hsds_json(binary)
    assert not binary.closed
    from_stream = json.loads(binary.getvalue().decode("utf-8"))
    assert from_path["services"] == from_stream["services"]


def test_it_reads_services_in_batches_and_misses_none(db, monkeypatch):
    monkeypatch.setattr(export, "JSON_BATCH", 3)
    made = {str(ServiceFactory().id) for _ in range(10)}
    exported = [s["id"] for s in exported_json()["services"]]
    assert sorted(exported) == sorted(made)
    assert len(exported) == len(set(exported))


def _export_queries():
    with CaptureQueriesContext(connection) as captured:
        for _ in iter_hsds_json():
            pass
    return len(captured)


def test_it_runs_the_same_number_of_queries_per_batch_however_full(db):
    organisation = OrganisationFactory()
    for _ in range(3):
        service = ServiceFactory(organisation=organisation)
        service.at_locations.create(location=LocationFactory())
    few = _export_queries()
    for _ in range(27):
        service = ServiceFactory(organisation=organisation)
        service.at_locations.create(location=LocationFactory())
    assert _export_queries() == few


# --- Tabular data package --------------------------------------------------------------------


def test_it_writes_every_resource_of_the_standard_with_its_columns_first(full_service, tmp_path):
    export_datapackage(tmp_path)
    standard = json.loads((STANDARD / "datapackage.json").read_text())
    ours = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["name"] for r in ours["resources"]] == [r["name"] for r in standard["resources"]]
    for theirs, mine in zip(standard["resources"], ours["resources"], strict=True):
        path = tmp_path / mine["path"]
        assert mine["path"] == theirs["path"]
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        standard_columns = [field["name"] for field in theirs["schema"]["fields"]]
        assert header[: len(standard_columns)] == standard_columns
        assert header == [field["name"] for field in mine["schema"]["fields"]]


def test_it_writes_rows_that_refer_to_each_other(full_service, tmp_path):
    export_datapackage(tmp_path)
    organisations = {r["id"] for r in read_csv(tmp_path / "organizations.csv")}
    services = read_csv(tmp_path / "services.csv")
    assert {s["organization_id"] for s in services} <= organisations
    exported = next(s for s in services if s["id"] == str(full_service.id))
    assert exported["name"] == "Housing advice after release"
    assert exported["minimum_age"] == "18"
    assert exported["accepting_referrals"] == "false"
    locations = {r["id"]: r for r in read_csv(tmp_path / "locations.csv")}
    for row in read_csv(tmp_path / "service_at_location.csv"):
        assert row["location_id"] in locations
    addresses = read_csv(tmp_path / "address.csv")
    assert [a["postal_code"] for a in addresses] == ["SE1 7TP"]
    assert {a["location_id"] for a in addresses} <= set(locations)
    refuge = next(r for r in locations.values() if r["confidential"] == "true")
    assert refuge["latitude"] == "" and refuge["longitude"] == ""
    areas = read_csv(tmp_path / "service_areas.csv")
    assert {"Southwark", "London", "HMP Pentonville"} <= {a["name"] for a in areas}
    attributes = read_csv(tmp_path / "attribute.csv")
    assert {a["link_type"] for a in attributes} == {"need", "group", "led_by_and_for"}
    assert read_csv(tmp_path / "funding.csv") == []
    identifiers = read_csv(tmp_path / "organization_identifiers.csv")
    assert {i["identifier"] for i in identifiers} == {"1234567", "07654321"}


# --- Round trip through the importer ---------------------------------------------------------


def _snapshot():
    services = {
        str(s.id): (
            s.name,
            s.description,
            s.minimum_age,
            s.maximum_age,
            s.accepting_referrals,
            s.accepts_self_referral,
            s.typical_wait_days,
            sorted(a.taxonomy_term_id.hex for a in s.attributes.all()),
            sorted(p.code for p in s.in_reach_prisons.all()),
            sorted((a.scope, a.borough_id) for a in s.service_areas.all()),
            sorted(lang.code for lang in s.languages.all()),
            sorted(at.location.name for at in s.at_locations.all()),
        )
        for s in Service.objects.all()
    }
    organisations = {str(o.id): (o.name, o.charity_number) for o in Organisation.objects.all()}
    return services, organisations


@pytest.mark.parametrize("form", ["json", "datapackage"])
def test_it_round_trips_through_the_importer(full_service, tmp_path, form):
    from resettle.oruk.importer.action import import_directory

    full_service.accepts_self_referral = True
    full_service.typical_wait_days = 14
    full_service.save()
    before = _snapshot()
    if form == "json":
        source = tmp_path / "directory.json"
        export_hsds_json(source)
    else:
        source = export_datapackage(tmp_path / "package")
    Service.objects.all().delete()
    Location.objects.filter(confidential=False).delete()
    report = import_directory(source)
    assert report.errors == [], report.errors[:5]
    assert _snapshot() == before

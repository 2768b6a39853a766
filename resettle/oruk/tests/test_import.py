import io
import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from resettle.audit.models import AuditEntry
from resettle.organisations.models import Organisation
from resettle.oruk.importer import import_directory
from resettle.oruk.tests.import_helpers import (
    AREA,
    LOCATION,
    ORG,
    SCHEDULE,
    SERVICE,
    csv_bytes,
    new_id,
    package_files,
    snapshot,
    valid_tables,
    write_folder,
    zip_bytes,
)
from resettle.services.models import Location, Schedule, Service
from resettle.taxonomy.models import RESETTLEMENT_NEEDS_ID

pytestmark = pytest.mark.django_db


def _upload(name, data):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_it_imports_a_valid_data_package_folder(tmp_path):
    report = import_directory(write_folder(tmp_path / "pkg", package_files(valid_tables())))

    assert report.errors == []
    assert report.created["services"] == 1
    service = Service.objects.get(pk=SERVICE)
    assert service.organisation.name == "Southwark Reentry Trust"
    assert service.organisation.charity_number == "1234567"
    assert (service.minimum_age, service.maximum_age) == (18, 65)
    assert service.fees_description == "Free"
    assert str(service.last_reviewed) == "2026-01-15"
    location = Location.objects.get(pk=LOCATION)
    assert location.postal_code == "SE1 7TP"
    assert location.borough.name == "Southwark"
    assert service.service_areas.get(pk=AREA).borough.name == "Southwark"
    assert list(service.languages.values_list("code", flat=True)) == ["pl"]
    schedule = Schedule.objects.get(pk=SCHEDULE)
    assert schedule.service_at_location.service_id == uuid.UUID(SERVICE)
    assert schedule.day_codes() == ["MO", "WE"]
    # The search text includes the need's name without a per-service refresh.
    assert "Help to find accommodation" in service.search_document
    assert "Southwark Reentry Trust" in service.search_document
    assert AuditEntry.objects.filter(action="directory.imported").count() == 1


def test_it_imports_a_zip_upload_with_the_package_inside_a_folder():
    files = {f"export/{name}": data for name, data in package_files(valid_tables()).items()}
    report = import_directory(_upload("directory.zip", zip_bytes(files)))
    assert report.errors == []
    assert Service.objects.filter(pk=SERVICE).exists()


def test_it_updates_rather_than_duplicates_on_reimport(tmp_path):
    tables = valid_tables()
    import_directory(write_folder(tmp_path / "one", package_files(tables)))
    version = Service.objects.get(pk=SERVICE).version
    counts = snapshot()

    tables["services"][0]["name"] = "Housing advice clinic"
    report = import_directory(write_folder(tmp_path / "two", package_files(tables)))

    assert report.errors == []
    assert report.created["services"] == 0
    assert report.updated["services"] == 1
    after = snapshot()
    for label in ("services.Service", "services.Schedule", "organisations.Organisation"):
        assert len(after[label]) == len(counts[label])
    service = Service.objects.get(pk=SERVICE)
    assert service.name == "Housing advice clinic"
    assert service.version == version + 1
    assert "Housing advice clinic" in service.search_document


def test_it_removes_children_the_new_import_no_longer_lists(tmp_path):
    tables = valid_tables()
    import_directory(write_folder(tmp_path / "one", package_files(tables)))
    tables["schedules"] = []
    tables["languages"] = [{"id": new_id(), "service_id": SERVICE, "code": "so"}]

    report = import_directory(write_folder(tmp_path / "two", package_files(tables)))

    assert report.errors == []
    assert not Schedule.objects.filter(pk=SCHEDULE).exists()
    service = Service.objects.get(pk=SERVICE)
    assert list(service.languages.values_list("code", "name")) == [("so", "Somali")]
    assert report.deleted == {"languages": 1, "schedules": 1}


def test_it_keeps_columns_a_csv_does_not_have(tmp_path):
    tables = valid_tables()
    tables["services"][0]["alternate_name"] = "Housing help"
    import_directory(write_folder(tmp_path / "one", package_files(tables)))
    del tables["services"][0]["alternate_name"]

    import_directory(write_folder(tmp_path / "two", package_files(tables)))

    assert Service.objects.get(pk=SERVICE).alternate_name == "Housing help"


def test_it_changes_nothing_on_a_check_only_run(tmp_path):
    before = snapshot()
    report = import_directory(
        write_folder(tmp_path / "pkg", package_files(valid_tables())), dry_run=True
    )
    assert report.ok and report.dry_run
    assert report.created["services"] == 1
    assert snapshot() == before


def _mutated(change):
    tables = valid_tables()
    change(tables)
    return package_files(tables)


def _set(table, field, value):
    def change(tables):
        tables[table][0][field] = value

    return change


BAD_DATA = [
    (
        _set("services", "status", "opn"),
        ("services.csv", 2, "status"),
        "'opn' is not one of active, inactive, defunct, temporarily closed",
    ),
    (_set("services", "name", ""), ("services.csv", 2, "name"), "is required"),
    (_set("services", "id", "not-a-uuid"), ("services.csv", 2, "id"), "is not a valid UUID"),
    (
        _set("services", "organization_id", "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f"),
        ("services.csv", 2, "organization_id"),
        "refers to organizations 0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f, which is not in this",
    ),
    (_set("addresses", "postal_code", "ZZ"), ("address.csv", 2, "postal_code"), "not a UK"),
    (_set("services", "minimum_age", "200"), ("services.csv", 2, "minimum_age"), "out of range"),
    (
        _set("services", "minimum_age", "70"),
        ("services.csv", 2, "maximum_age"),
        "65 is less than the minimum age 70",
    ),
    (_set("services", "minimum_age", "eighteen"), ("services.csv", 2, "minimum_age"), "whole"),
    (_set("schedules", "opens_at", "9am"), ("schedule.csv", 2, "opens_at"), "is not a time"),
    (_set("schedules", "byday", "Mondays"), ("schedule.csv", 2, "byday"), "list of days"),
    (_set("services", "email", "nobody@"), ("services.csv", 2, "email"), "not a valid email"),
    (_set("services", "url", "reentry"), ("services.csv", 2, "url"), "not a valid web address"),
    (_set("locations", "latitude", "95"), ("locations.csv", 2, "latitude"), "out of range"),
    (_set("attributes", "link_type", "wants"), ("attribute.csv", 2, "link_type"), "need, group"),
    (
        _set("service_areas", "name", "Atlantis"),
        ("service_areas.csv", 2, "name"),
        "is not a London borough",
    ),
    (
        lambda t: t["services"].append(dict(t["services"][0])),
        ("services.csv", 3, "id"),
        "is used again (first at row 2)",
    ),
    (
        _set("schedules", "service_at_location_id", ""),
        ("schedule.csv", 2, "service_id"),
        "a schedule must belong to a service",
    ),
]


@pytest.mark.parametrize(("change", "where", "message"), BAD_DATA)
def test_it_reports_bad_data_precisely_and_changes_nothing(tmp_path, change, where, message):
    before = snapshot()
    report = import_directory(write_folder(tmp_path / "pkg", _mutated(change)))

    assert not report.ok
    matching = [p for p in report.errors if (p.file, p.row, p.field) == where]
    assert matching, report.errors
    assert message in matching[0].message
    assert snapshot() == before


def test_it_warns_about_unknown_columns_but_imports(tmp_path):
    tables = valid_tables()
    tables["services"][0]["favourite_colour"] = "green"
    report = import_directory(write_folder(tmp_path / "pkg", package_files(tables)))
    assert report.ok
    assert any((w.file, w.field) == ("services.csv", "favourite_colour") for w in report.warnings)


def test_it_reports_a_file_that_is_not_utf8(tmp_path):
    files = package_files(valid_tables())
    files["services.csv"] = files["services.csv"].replace(b"Housing", "Hôusing".encode("latin-1"))
    before = snapshot()
    report = import_directory(write_folder(tmp_path / "pkg", files))
    assert [(p.file, p.row) for p in report.errors] == [("services.csv", 2)]
    assert "not UTF-8" in report.errors[0].message
    assert snapshot() == before


def test_it_reports_a_missing_datapackage_json(tmp_path):
    files = package_files(valid_tables())
    del files["datapackage.json"]
    report = import_directory(_upload("directory.zip", zip_bytes(files)))
    assert report.errors[0].file == "datapackage.json"
    assert "is missing" in report.errors[0].message


def test_it_reports_a_listed_file_that_is_not_there(tmp_path):
    files = package_files(valid_tables())
    del files["phones.csv"]
    report = import_directory(write_folder(tmp_path / "pkg", files))
    assert ("phones.csv", "is listed in datapackage.json but is not in the package") in [
        (p.file, p.message) for p in report.errors
    ]


def test_it_reports_a_row_with_too_many_values(tmp_path):
    files = package_files(valid_tables())
    files["contacts.csv"] += b"x,y,z,extra\r\n"
    report = import_directory(write_folder(tmp_path / "pkg", files))
    assert ("contacts.csv", 3) in [(p.file, p.row) for p in report.errors]


def test_it_reports_a_file_that_is_not_json():
    report = import_directory(_upload("directory.json", b"{not json"))
    assert report.errors[0].file == "directory.json"
    assert "is not valid JSON" in report.errors[0].message


def test_it_reports_json_of_the_wrong_shape():
    report = import_directory(_upload("directory.json", b'{"hello": "world"}'))
    assert "must be a list of services" in report.errors[0].message


def test_it_reports_a_file_that_is_not_a_zip():
    report = import_directory(_upload("directory.zip", b"PK\x03\x04 not really"))
    assert "is not a readable .zip file" in report.errors[0].message


def test_it_collects_every_error_not_just_the_first(tmp_path):
    tables = valid_tables()
    tables["services"][0]["status"] = "opn"
    tables["schedules"][0]["opens_at"] = "noon"
    tables["languages"][0]["code"] = ""
    tables["languages"][0]["name"] = "Klingon"
    report = import_directory(write_folder(tmp_path / "pkg", package_files(tables)))
    assert {(p.file, p.field) for p in report.errors} == {
        ("services.csv", "status"),
        ("schedule.csv", "opens_at"),
        ("languages.csv", "code"),
    }


def test_it_caps_the_error_list(tmp_path):
    tables = valid_tables()
    tables["contacts"] = [
        {"id": new_id(), "service_id": SERVICE, "email": "bad"} for _ in range(300)
    ]
    report = import_directory(write_folder(tmp_path / "pkg", package_files(tables)))
    assert len(report.errors) == 200
    assert report.error_count == 300


def test_it_rolls_back_and_reports_when_the_database_refuses(tmp_path):
    # A term whose code clashes with a seeded one passes the file's own checks but not the
    # database's unique constraint, which fires mid-write after services were written.
    tables = valid_tables()
    tables["taxonomy_terms"] = [
        {
            "id": new_id(),
            "name": "Another accommodation",
            "description": "Clashes with the seeded code.",
            "taxonomy_id": str(RESETTLEMENT_NEEDS_ID),
            "code": "accommodation",
        }
    ]
    files = package_files({k: v for k, v in tables.items() if k != "taxonomy_terms"})
    files["taxonomy_terms.csv"] = csv_bytes(tables["taxonomy_terms"])
    descriptor = json.loads(files["datapackage.json"])
    descriptor["resources"].append({"name": "taxonomy_term", "path": "taxonomy_terms.csv"})
    files["datapackage.json"] = json.dumps(descriptor).encode()
    before = snapshot()

    report = import_directory(write_folder(tmp_path / "pkg", files))

    assert not report.ok
    assert "The database refused the import" in report.errors[0].message
    assert report.created == {}
    assert snapshot() == before


def test_it_refuses_anyone_but_an_administrator(tmp_path, manager, caseworker, outsider):
    folder = write_folder(tmp_path / "pkg", package_files(valid_tables()))
    for user in (manager, caseworker, outsider):
        with pytest.raises(PermissionDenied):
            import_directory(folder, actor=user)
    assert not Service.objects.filter(pk=SERVICE).exists()


def test_it_records_the_administrator_in_the_audit_log(tmp_path, administrator):
    import_directory(write_folder(tmp_path / "pkg", package_files(valid_tables())), administrator)
    entry = AuditEntry.objects.get(action="directory.imported")
    assert entry.actor == administrator
    assert entry.changes["created"]["services"] == 1


def _json_directory():
    return [
        {
            "id": SERVICE,
            "name": "Housing advice drop-in",
            "description": "Advice on finding somewhere to live.",
            "status": "active",
            "minimum_age": 18,
            "alert": "Not taking new referrals at the moment.",
            "organization": {
                "id": ORG,
                "name": "Southwark Reentry Trust",
                "description": "Helps people home.",
                "organization_identifiers": [
                    {
                        "id": new_id(),
                        "identifier_scheme": "GB-COH",
                        "identifier_type": "Company number",
                        "identifier": "01234567",
                    }
                ],
            },
            "service_areas": [
                {"id": AREA, "name": "London"},
                {"id": new_id(), "name": "HMP Brixton", "extent_type": "prison", "extent": "BXI"},
            ],
            "service_at_locations": [
                {
                    "id": new_id(),
                    "location": {
                        "id": LOCATION,
                        "location_type": "physical",
                        "addresses": [
                            {
                                "id": new_id(),
                                "address_1": "1 Walworth Road",
                                "city": "London",
                                "postal_code": "SE17 1RW",
                                "country": "GB",
                            }
                        ],
                    },
                }
            ],
            "languages": [{"id": new_id(), "name": "Somali"}],
        }
    ]


def test_it_imports_nested_hsds_json():
    report = import_directory(_upload("d.json", json.dumps(_json_directory()).encode()))

    assert report.errors == []
    service = Service.objects.get(pk=SERVICE)
    assert service.accepting_referrals is False
    assert service.organisation.company_number == "01234567"
    assert list(service.in_reach_prisons.values_list("code", flat=True)) == ["BXI"]
    assert service.service_areas.get().scope == "london"
    assert service.at_locations.get().location.borough.name == "Southwark"
    assert list(service.languages.values_list("code", flat=True)) == ["so"]


def test_it_accepts_json_wrapped_in_an_object():
    document = {"services": _json_directory(), "organizations": []}
    report = import_directory(_upload("d.json", json.dumps(document).encode()))
    assert report.ok
    assert Organisation.objects.filter(pk=ORG).exists()


def test_it_reports_json_errors_with_their_path():
    directory = _json_directory()
    directory[0]["service_at_locations"][0]["location"]["location_type"] = "boat"
    report = import_directory(_upload("d.json", json.dumps(directory).encode()))
    assert [(p.file, p.row, p.field) for p in report.errors] == [
        ("d.json", "[0].service_at_locations[0].location", "location_type")
    ]


def test_it_imports_from_the_command_line(tmp_path, capsys):
    from django.core.management import call_command

    folder = write_folder(tmp_path / "pkg", package_files(valid_tables()))
    call_command("import_directory", str(folder), "--dry-run")
    assert "Check only: nothing was changed." in capsys.readouterr().out
    assert not Service.objects.filter(pk=SERVICE).exists()

    call_command("import_directory", str(folder))
    assert "services: 1 / 0 / 0" in capsys.readouterr().out
    assert Service.objects.filter(pk=SERVICE).exists()


def test_it_exits_non_zero_from_the_command_line_listing_the_errors(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    tables = valid_tables()
    tables["services"][0]["status"] = "opn"
    folder = write_folder(tmp_path / "pkg", package_files(tables))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_directory", str(folder))
    assert "services.csv, row 2, field status: 'opn' is not one of" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_directory", str(tmp_path / "nowhere.zip"))


def test_it_writes_the_same_search_text_a_refresh_would(tmp_path):
    tables = valid_tables()
    tables["services"][0]["alternate_name"] = "Housing help"
    tables["services"][0]["eligibility_description"] = "Anyone leaving prison"
    import_directory(write_folder(tmp_path / "pkg", package_files(tables)))
    service = Service.objects.get(pk=SERVICE)
    assert service.search_document == service.build_search_document()

    Organisation.objects.filter(pk=ORG).update(name="Renamed Trust")
    del tables["services"]
    import_directory(write_folder(tmp_path / "again", package_files(tables)))
    service.refresh_from_db()
    assert "Renamed Trust" not in service.search_document
    assert service.search_document == service.build_search_document()


def test_it_reports_a_missing_required_column_once(tmp_path):
    tables = valid_tables()
    for row in tables["services"]:
        del row["status"]
    report = import_directory(write_folder(tmp_path / "pkg", package_files(tables)))
    assert [(p.file, p.row, p.field) for p in report.errors] == [("services.csv", 1, "status")]

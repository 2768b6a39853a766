"""A small, valid ORUK data package to import, and ways to write it out (folder or .zip)."""

import csv
import io
import json
import uuid
import zipfile

from resettle.organisations.models import Organisation
from resettle.services.models import (
    Attribute,
    Contact,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import Taxonomy, TaxonomyTerm

ORG = "11111111-1111-4111-8111-111111111111"
SERVICE = "22222222-2222-4222-8222-222222222222"
LOCATION = "33333333-3333-4333-8333-333333333333"
AT_LOCATION = "44444444-4444-4444-8444-444444444444"
SCHEDULE = "55555555-5555-4555-8555-555555555555"
AREA = "66666666-6666-4666-8666-666666666666"
LANGUAGE = "77777777-7777-4777-8777-777777777777"
PHONE = "88888888-8888-4888-8888-888888888888"
CONTACT = "99999999-9999-4999-8999-999999999999"
ATTRIBUTE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
ADDRESS = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
IDENTIFIER = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"

RESOURCES = {
    "organizations": "organizations.csv",
    "organization_identifiers": "organization_identifiers.csv",
    "services": "services.csv",
    "locations": "locations.csv",
    "addresses": "address.csv",
    "service_at_locations": "service_at_location.csv",
    "schedules": "schedule.csv",
    "service_areas": "service_areas.csv",
    "languages": "languages.csv",
    "phones": "phones.csv",
    "contacts": "contacts.csv",
    "attributes": "attribute.csv",
}

# Every model an import may write, to prove a failed import wrote nothing.
DIRECTORY_MODELS = [
    Organisation,
    Service,
    Location,
    ServiceAtLocation,
    Schedule,
    ServiceArea,
    Language,
    Phone,
    Contact,
    Attribute,
    Taxonomy,
    TaxonomyTerm,
]


def find_accommodation_id() -> str:
    return str(TaxonomyTerm.objects.needs().get(code="find-accommodation").pk)


def valid_tables() -> dict[str, list[dict]]:
    return {
        "organizations": [
            {
                "id": ORG,
                "name": "Southwark Reentry Trust",
                "description": "Helps people home from prison.",
                "email": "hello@reentry.example.org",
                "website": "https://reentry.example.org",
            }
        ],
        "organization_identifiers": [
            {
                "id": IDENTIFIER,
                "organization_id": ORG,
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Registered charity number",
                "identifier": "1234567",
            }
        ],
        "services": [
            {
                "id": SERVICE,
                "organization_id": ORG,
                "name": "Housing advice drop-in",
                "description": "Advice on finding somewhere to live after release.",
                "status": "active",
                "minimum_age": "18",
                "maximum_age": "65",
                "fees": "Free",
                "assured_date": "2026-01-15",
            }
        ],
        "locations": [
            {"id": LOCATION, "location_type": "physical", "name": "Walworth hub"},
        ],
        "addresses": [
            {
                "id": ADDRESS,
                "location_id": LOCATION,
                "address_1": "1 Walworth Road",
                "city": "London",
                "state_province": "London",
                "postal_code": "se1 7tp",
                "country": "GB",
                "address_type": "physical",
            }
        ],
        "service_at_locations": [
            {"id": AT_LOCATION, "service_id": SERVICE, "location_id": LOCATION},
        ],
        "schedules": [
            {
                "id": SCHEDULE,
                "service_at_location_id": AT_LOCATION,
                "freq": "WEEKLY",
                "byday": "MO,WE",
                "opens_at": "09:30",
                "closes_at": "16:30:00",
            }
        ],
        "service_areas": [{"id": AREA, "service_id": SERVICE, "name": "Southwark"}],
        "languages": [{"id": LANGUAGE, "service_id": SERVICE, "name": "Polish", "code": "pl"}],
        "phones": [{"id": PHONE, "service_id": SERVICE, "number": "020 7946 0000"}],
        "contacts": [{"id": CONTACT, "service_id": SERVICE, "name": "Ola Nowak"}],
        "attributes": [
            {
                "id": ATTRIBUTE,
                "link_id": SERVICE,
                "link_type": "need",
                "taxonomy_term_id": find_accommodation_id(),
            }
        ],
    }


def csv_bytes(rows: list[dict], columns=None) -> bytes:
    columns = columns or list(dict.fromkeys(k for row in rows for k in row)) or ["id"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # surrogatepass: a lone surrogate becomes bytes that are not UTF-8, as broken files are.
    return out.getvalue().encode("utf-8", "surrogatepass")


def package_files(tables) -> dict[str, bytes]:
    files = {RESOURCES[name]: csv_bytes(rows) for name, rows in tables.items()}
    descriptor = {
        "name": "test-directory",
        "profile": "tabular-data-package",
        "resources": [
            {"name": name, "path": RESOURCES[name], "profile": "tabular-data-resource"}
            for name in tables
        ],
    }
    files["datapackage.json"] = json.dumps(descriptor).encode()
    return files


def write_folder(path, files: dict[str, bytes]):
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def snapshot() -> dict:
    """Every directory row's values, so 'nothing changed' can be checked exactly."""
    from resettle.audit.models import AuditEntry

    state = {
        model._meta.label: sorted(map(repr, model.objects.order_by().values_list()))
        for model in DIRECTORY_MODELS
    }
    state["audit"] = AuditEntry.objects.count()
    state["in_reach"] = Service.in_reach_prisons.through.objects.count()
    state["led_by"] = Organisation.led_by_and_for.through.objects.count()
    return state


def new_id() -> str:
    return str(uuid.uuid4())

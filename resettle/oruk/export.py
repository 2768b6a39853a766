"""The whole directory as HSDS (Open Referral UK 3.0): one JSON document, or a data package.

Both are built by the same serialisers as the open API (resettle.oruk.serializers), so a
confidential location's address, postcode, coordinates, directions and phones are never in
an export either. Both stream: rows are read in batches (keyset pages for nested JSON,
server-side cursors for CSV), so 100,000 services export in bounded memory.

Every service is exported, whatever its status (a defunct one says so in `status`). Resettle's
own fields that HSDS has no place for are added as extra keys/columns (see
serializers.py, "extended"), so an export re-imports into Resettle without loss.

HSDS JSON (`export_hsds_json`, or `iter_hsds_json` for a streaming HTTP response)::

    {
      "version": "HSDS-UK-3.0",
      "profile": "https://github.com/OpenReferralUK/uk-profile",
      "generated_at": "2026-11-22T14:00:00.000Z",
      "services": [ <fully nested service: the compiled service.json shape>, ... ],
      "organizations": [ <organization with organization_identifiers, attributes,
                          phones, contacts>, ... ],
      "taxonomies": [ <taxonomy with "taxonomy_terms": [<taxonomy_term>, ...]>, ... ]
    }

Services are ordered by id; organisations by id; taxonomies by name with their terms
parents first. Each service also nests its organisation (as the profile's shape requires);
"organizations" lists every organisation, including those with no services.

Data package (`export_datapackage`): the directory gets `datapackage.json` and one CSV per
resource of the profile's datapackage.json (same resource names, file names and columns in
the same order), each followed by the HSDS 3.0 and Resettle columns we hold; the extra
columns are described in our datapackage.json. Resources we hold nothing for (funding,
cost_option) are written with their header row only.
"""

import copy
import csv
import io
import json
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.db.models import F, Q

from resettle.organisations.models import Organisation
from resettle.oruk import serializers
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
from resettle.taxonomy.models import Taxonomy

STANDARD_DATAPACKAGE = Path(__file__).resolve().parent / "standard" / "datapackage.json"
# Nested services per batch: each batch is one query per related table, whatever its size.
JSON_BATCH = 500
CSV_CHUNK = 2000

# --- HSDS JSON -------------------------------------------------------------------------------


def export_hsds_json(stream_or_path) -> None:
    """Write the HSDS JSON document (shape in the module docstring) to a text stream or path."""
    with _text_output(stream_or_path) as out:
        for chunk in iter_hsds_json():
            out.write(chunk)


def iter_hsds_json():
    """The HSDS JSON document as a sequence of text chunks, one record at a time."""
    header = {
        "version": serializers.HSDS_VERSION,
        "profile": serializers.PROFILE_URL,
        "generated_at": serializers.hsds_datetime(datetime.now(UTC)),
    }
    yield json.dumps(header, ensure_ascii=False)[:-1]
    yield from _json_array(
        "services",
        (
            serializers.service_full(service, extended=True)
            for service in _in_batches(serializers.full_service_queryset(Service.objects.all()))
        ),
    )
    yield from _json_array(
        "organizations",
        (
            serializers.organisation_full(org, extended=True)
            for org in _in_batches(serializers.full_organisation_queryset())
        ),
    )
    taxonomies = (
        serializers.taxonomy(tax, _terms_of(tax), extended=True)
        for tax in Taxonomy.objects.order_by("name", "id")
    )
    yield from _json_array("taxonomies", taxonomies)
    yield "}\n"


def _json_array(key, items):
    yield f', "{key}": ['
    for index, item in enumerate(items):
        yield ("\n" if index == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
    yield "\n]"


def _terms_of(tax):
    return (
        serializers.taxonomy_term_queryset()
        .filter(taxonomy=tax)
        .order_by(F("parent").asc(nulls_first=True), "position", "name", "id")
    )


def _in_batches(queryset, size=JSON_BATCH):
    """Keyset pages by primary key: each page is fetched (and prefetched) on its own."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:size])
        if not rows:
            return
        yield from rows
        last = rows[-1].pk


# --- Tabular data package --------------------------------------------------------------------

# Columns we write after the profile's own, per resource: (name, type, description).
EXTRA_COLUMNS = {
    "organization": [
        ("alternate_name", "string", "HSDS 3.0: another name the organisation is known by."),
        ("legal_status", "string", "HSDS 3.0: the organisation's legal status."),
        ("year_incorporated", "integer", "HSDS 3.0: the year it was formally set up."),
        ("kind", "string", "Resettle: voluntary, prison, probation, local_authority, etc."),
    ],
    "service": [
        ("alternate_name", "string", "HSDS 3.0: another name the service is known by."),
        ("eligibility_description", "string", "HSDS 3.0: who the service is for."),
        ("application_process", "string", "HSDS 3.0: how to apply or be referred."),
        ("fees_description", "string", "HSDS 3.0: what it costs (the profile's fees)."),
        ("sex_eligibility", "string", "Resettle: female or male if only for one; else empty."),
        ("accepts_self_referral", "boolean", "Resettle: people can refer themselves."),
        ("accepts_professional_referral", "boolean", "Resettle: professionals can refer."),
        ("accepting_referrals", "boolean", "Resettle: taking new referrals now."),
        ("typical_wait_days", "integer", "Resettle: typical wait for a first contact, in days."),
    ],
    "attribute": [
        ("link_entity", "string", "HSDS 3.0: the table link_id points at."),
        ("value", "string", "HSDS 3.0: a value for the attribute."),
        ("label", "string", "HSDS 3.0: a label for the value."),
    ],
    "service_at_location": [
        ("description", "string", "HSDS 3.0: what is particular about this service here."),
    ],
    "location": [
        ("transportation", "string", "HSDS 3.0: how to get there."),
        ("organization_id", "string", "HSDS 3.0: the organisation the location belongs to."),
        ("confidential", "boolean", "Resettle: a confidential address (never exported)."),
        ("borough", "string", "Resettle: the London borough's GSS code."),
    ],
    "phone": [
        ("service_id", "string", "HSDS 3.0: the service the number is for."),
        ("organization_id", "string", "HSDS 3.0: the organisation the number is for."),
        ("location_id", "string", "HSDS 3.0: the location the number is for."),
        ("extension", "string", "HSDS 3.0: the extension."),
        ("type", "string", "HSDS 3.0: the kind of number (text, voice, fax...)."),
    ],
    "contact": [
        ("organization_id", "string", "HSDS 3.0: the organisation the contact works for."),
        ("department", "string", "HSDS 3.0: the contact's department."),
        ("email", "string", "HSDS 3.0: the contact's email address."),
    ],
    "address": [("address_2", "string", "HSDS 3.0: the second line of the address.")],
    "service_area": [
        ("scope", "string", "Resettle: borough, london or national."),
        ("borough", "string", "Resettle: the London borough's GSS code, for a borough area."),
    ],
    "language": [
        ("location_id", "string", "HSDS 3.0: the location where the language is spoken."),
        ("name", "string", "HSDS 3.0: the language's name in English."),
        ("code", "string", "HSDS 3.0: ISO 639-1 code, or ISO 639-3 where there is none."),
        ("note", "string", "HSDS 3.0: how the language is offered (e.g. by interpreter)."),
    ],
    "taxonomy_term": [
        ("code", "string", "HSDS 3.0: the term's code in its taxonomy."),
        ("language", "string", "HSDS 3.0: the language the term is written in."),
        ("position", "integer", "Resettle: its position among its siblings."),
    ],
}


def export_datapackage(directory) -> Path:
    """Write datapackage.json and every resource's CSV into `directory` (created if need be)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = _descriptor()
    for resource in descriptor["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        rows = _ROWS.get(resource["name"], _no_rows)()
        _write_csv(directory / resource["path"], columns, rows)
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return directory


def _descriptor() -> dict:
    descriptor = copy.deepcopy(json.loads(STANDARD_DATAPACKAGE.read_text()))
    descriptor["created"] = serializers.hsds_datetime(datetime.now(UTC))
    descriptor["description"] = (
        descriptor.get("description", "")
        + " Exported from Resettle; columns after the Open Referral UK profile's own are "
        "HSDS 3.0 or Resettle additions, described in each field."
    ).strip()
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        known = {f["name"] for f in fields}
        for name, kind, description in EXTRA_COLUMNS.get(resource["name"], []):
            if name not in known:
                fields.append({"name": name, "type": kind, "description": description})
    return descriptor


def _write_csv(path: Path, columns: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _no_rows():
    return iter(())


def _each(queryset, *order):
    # Link tables' own ids are insertion order, which an import does not preserve: they are
    # ordered by what they link, so an export of re-imported data is identical.
    return queryset.order_by(*(order or ["pk"])).iterator(chunk_size=CSV_CHUNK)


def _organisation_rows():
    for org in _each(Organisation.objects.all()):
        yield serializers.organisation_summary(org, extended=True)


def _organisation_identifier_rows():
    orgs = Organisation.objects.exclude(charity_number="", company_number="")
    for org in _each(orgs):
        yield from serializers.organisation_identifiers(org)


def _service_rows():
    for service in _each(Service.objects.select_related("organisation")):
        yield serializers.service_summary(service, extended=True)


def _attribute_rows():
    for attr in _each(Attribute.objects.select_related("taxonomy_term__taxonomy")):
        yield serializers.attribute(attr, extended=True)
    through = Organisation.led_by_and_for.through.objects.select_related(
        "organisation", "taxonomyterm__taxonomy"
    )
    for link in _each(through, "organisation_id", "taxonomyterm_id"):
        yield serializers.led_by_attribute(link.organisation, link.taxonomyterm, extended=True)


def _service_at_location_rows():
    for at in _each(ServiceAtLocation.objects.all()):
        yield {
            "id": str(at.id),
            "service_id": str(at.service_id),
            "location_id": str(at.location_id),
            "description": at.description,
        }


def _location_rows():
    for loc in _each(Location.objects.select_related("borough")):
        yield serializers.location_summary(loc, extended=True)


def _address_rows():
    for loc in _each(Location.objects.filter(confidential=False).select_related("borough")):
        if (row := serializers.address(loc)) is not None:
            yield row


def _accessibility_rows():
    for loc in _each(Location.objects.filter(confidential=False).exclude(accessibility="")):
        yield serializers.accessibility(loc)


def _phone_rows():
    # A confidential location's numbers could lead to it, as its address would.
    phones = Phone.objects.filter(Q(location__isnull=True) | Q(location__confidential=False))
    for p in _each(phones):
        yield serializers.phone(p)


def _contact_rows():
    for c in _each(Contact.objects.all()):
        yield serializers.contact(c)


def _schedule_rows():
    for s in _each(Schedule.objects.all()):
        yield serializers.schedule(s)


def _service_area_rows():
    for area in _each(ServiceArea.objects.select_related("borough")):
        yield serializers.service_area(area, extended=True)
    through = Service.in_reach_prisons.through.objects.select_related("service", "prison")
    for link in _each(through, "service_id", "prison_id"):
        yield serializers.in_reach_area(link.service, link.prison)


def _language_rows():
    for lang in _each(Language.objects.all()):
        yield serializers.language(lang)


def _taxonomy_rows():
    for tax in _each(Taxonomy.objects.all()):
        yield serializers.taxonomy(tax)


def _taxonomy_term_rows():
    for term in _each(serializers.taxonomy_term_queryset()):
        yield serializers.taxonomy_term(term, extended=True)


_ROWS = {
    "organization": _organisation_rows,
    "organization_identifier": _organisation_identifier_rows,
    "service": _service_rows,
    "attribute": _attribute_rows,
    "service_at_location": _service_at_location_rows,
    "location": _location_rows,
    "address": _address_rows,
    "accessibility": _accessibility_rows,
    "phone": _phone_rows,
    "contact": _contact_rows,
    "schedule": _schedule_rows,
    "service_area": _service_area_rows,
    "language": _language_rows,
    "taxonomy": _taxonomy_rows,
    "taxonomy_term": _taxonomy_term_rows,
}


@contextmanager
def _text_output(stream_or_path):
    if isinstance(stream_or_path, str | Path):
        with Path(stream_or_path).open("w", encoding="utf-8") as out:
            yield out
    elif isinstance(stream_or_path, io.RawIOBase | io.BufferedIOBase):
        out = io.TextIOWrapper(stream_or_path, encoding="utf-8", write_through=True)
        try:
            yield out
        finally:
            out.detach()  # Leave the caller's stream open.
    else:
        yield stream_or_path

"""Our directory as Open Referral UK (HSDS 3.0 UK profile) objects.

Plain functions from model instances to dicts, shared by the open API and the HSDS exports, so
the two can never disagree. Each takes objects whose relations were loaded in bulk by the
`*_queryset` helpers here (select_related/Prefetch): serialising never runs a query per item.

Rules every function follows:
- Empty optional fields (None, "", [], {}) are omitted, as the profile requires.
- ids are UUID strings. Rows we hold without a UUID of their own (an address that lives on a
  location, an organisation's charity number, a prison a service reaches into) get a uuid5
  derived from their owner's id, so the same row has the same id in every response and export.
- A confidential location (a refuge) never shows its address, postcode, coordinates, travel
  directions or phone numbers: only its type, name and description (and, in exports, its
  borough).
- `extended=True` (exports only) adds Resettle's own fields that HSDS has no place for
  (service referral routes and waiting time, location confidentiality and borough, area scope,
  organisation kind, term position), so an export re-imports without loss. The open API leaves
  them out.

docs/oruk-mapping.md explains how each of our fields maps to HSDS.
"""

import uuid
from datetime import UTC

from django.db.models import Prefetch

from resettle.organisations.models import Organisation
from resettle.places.models import Prison
from resettle.services.models import (
    Attribute,
    Contact,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import TaxonomyTerm

HSDS_VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"

# Derived ids: uuid5(owner id, "<kind>[:<key>]"); see the module docstring.
_ADDRESS = "address"
_ACCESSIBILITY = "accessibility"
_CHARITY = "identifier:GB-CHC"
_COMPANY = "identifier:GB-COH"

# ONS statistical-geography URIs name a borough by its GSS code.
GSS_URI = "https://statistics.data.gov.uk/id/statistical-geography/{}"


def derived_id(owner_id, kind: str) -> str:
    return str(uuid.uuid5(owner_id, kind))


def compact(data: dict) -> dict:
    """Drop empty optional fields: the profile omits rather than sends null or blanks."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != [] and v != {}}


def _iso(value):
    return value.isoformat() if value is not None else None


def hsds_datetime(value):
    """UTC with milliseconds, as the profile's examples show (2023-03-15T10:30:45.123Z)."""
    if value is None:
        return None
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _str(value):
    return str(value) if value is not None else None


# --- Querysets that load everything a serialiser reads, in a fixed number of queries --------


def taxonomy_term_queryset():
    return TaxonomyTerm.objects.select_related("taxonomy")


def _attribute_queryset():
    return Attribute.objects.select_related("taxonomy_term__taxonomy").order_by(
        "taxonomy_term__position", "taxonomy_term__name", "id"
    )


def organisation_prefetches(prefix: str = "") -> list:
    return [
        Prefetch(f"{prefix}led_by_and_for", queryset=taxonomy_term_queryset()),
        Prefetch(f"{prefix}phones", queryset=Phone.objects.order_by("id")),
        Prefetch(f"{prefix}contacts", queryset=Contact.objects.order_by("id")),
    ]


def full_organisation_queryset():
    return Organisation.objects.prefetch_related(*organisation_prefetches())


def _location_prefetches(prefix: str) -> list:
    return [
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("name", "id")),
        Prefetch(f"{prefix}phones", queryset=Phone.objects.order_by("id")),
    ]


def _service_prefetches(prefix: str, *, with_locations: bool) -> list:
    schedules = Schedule.objects.order_by("opens_at", "id")
    if with_locations:
        at_locations = (
            ServiceAtLocation.objects.select_related("location__borough")
            .prefetch_related(
                Prefetch("schedules", queryset=schedules), *_location_prefetches("location__")
            )
            # By id, not name: a refuge's name is withheld, so its place in a name order could
            # hint at it, and an export re-imported must list locations in the same order.
            .order_by("id")
        )
    else:
        # The service nested in a service_at_location still lists every session's schedule.
        at_locations = ServiceAtLocation.objects.prefetch_related(
            Prefetch("schedules", queryset=schedules)
        ).order_by("id")
    return [
        *organisation_prefetches(f"{prefix}organisation__"),
        Prefetch(f"{prefix}schedules", queryset=schedules),
        Prefetch(
            f"{prefix}service_areas",
            queryset=ServiceArea.objects.select_related("borough").order_by("id"),
        ),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("name", "id")),
        Prefetch(f"{prefix}phones", queryset=Phone.objects.order_by("id")),
        Prefetch(f"{prefix}contacts", queryset=Contact.objects.order_by("id")),
        Prefetch(f"{prefix}attributes", queryset=_attribute_queryset()),
        Prefetch(f"{prefix}in_reach_prisons", queryset=Prison.objects.order_by("name")),
        Prefetch(f"{prefix}at_locations", queryset=at_locations),
    ]


def full_service_queryset(queryset=None):
    """Services with every relation the fully nested shape needs, loaded in bulk."""
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("organisation").prefetch_related(
        *_service_prefetches("", with_locations=True)
    )


def full_service_at_location_queryset(queryset=None):
    queryset = ServiceAtLocation.objects.all() if queryset is None else queryset
    return queryset.select_related("location__borough", "service__organisation").prefetch_related(
        *_location_prefetches("location__"),
        *_service_prefetches("service__", with_locations=False),
    )


# --- Taxonomies ------------------------------------------------------------------------------


def taxonomy_term(term, extended: bool = False) -> dict:
    taxonomy = term.taxonomy
    return compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": _str(term.parent_id),
            "taxonomy": taxonomy.name if taxonomy else None,
            "taxonomy_id": _str(term.taxonomy_id),
            "term_uri": term.term_uri,
            "term": term.name,
            # HSDS 3.0 fields beyond the UK profile.
            "code": term.code,
            "language": term.language,
            "position": term.position if extended else None,
        }
    )


def taxonomy(tax, terms=None, extended: bool = False) -> dict:
    data = {
        "id": str(tax.id),
        "name": tax.name,
        "description": tax.description or tax.name,
        "uri": tax.uri,
        "version": tax.version,
    }
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(t, extended) for t in terms]
    return compact(data)


def attribute(attr, extended: bool = False) -> dict:
    return compact(
        {
            "id": str(attr.id),
            "link_id": str(attr.service_id),
            "taxonomy_term_id": str(attr.taxonomy_term_id),
            "link_type": attr.link_type,
            "link_entity": "service",
            "value": attr.value,
            "label": attr.label,
            "taxonomy_term": taxonomy_term(attr.taxonomy_term, extended),
        }
    )


def led_by_attribute(org, term, extended: bool = False) -> dict:
    """'Led by and for' a community: an organisation attribute on a groups-served term."""
    return compact(
        {
            "id": derived_id(org.id, f"led_by_and_for:{term.id}"),
            "link_id": str(org.id),
            "taxonomy_term_id": str(term.id),
            "link_type": "led_by_and_for",
            "link_entity": "organization",
            "taxonomy_term": taxonomy_term(term, extended),
        }
    )


# --- Organisations ---------------------------------------------------------------------------


def organisation_identifiers(org) -> list[dict]:
    rows = []
    if org.charity_number:
        rows.append(
            {
                "id": derived_id(org.id, _CHARITY),
                "organization_id": str(org.id),
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Registered charity number",
                "identifier": org.charity_number,
            }
        )
    if org.company_number:
        rows.append(
            {
                "id": derived_id(org.id, _COMPANY),
                "organization_id": str(org.id),
                "identifier_scheme": "GB-COH",
                "identifier_type": "Company number",
                "identifier": org.company_number,
            }
        )
    return rows


def organisation_summary(org, extended: bool = False) -> dict:
    """The one-to-one fields (organization_list shape)."""
    return compact(
        {
            "id": str(org.id),
            "name": org.name,
            # Required by the profile; an organisation with no description is described by name.
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            # HSDS 3.0 fields beyond the UK profile.
            "alternate_name": org.alternate_name,
            "legal_status": org.legal_status,
            "year_incorporated": org.year_incorporated,
            # Resettle's own field, in exports only.
            "kind": org.kind if extended else None,
        }
    )


def organisation_full(org, extended: bool = False) -> dict:
    data = organisation_summary(org, extended)
    data["organization_identifiers"] = organisation_identifiers(org)
    data["attributes"] = [led_by_attribute(org, t, extended) for t in org.led_by_and_for.all()]
    data["phones"] = [phone(p) for p in org.phones.all()]
    data["contacts"] = [contact(c) for c in org.contacts.all()]
    return compact(data)


# --- Small related records -------------------------------------------------------------------


def phone(p) -> dict:
    return compact(
        {
            "id": str(p.id),
            "service_id": _str(p.service_id),
            "organization_id": _str(p.organisation_id),
            "location_id": _str(p.location_id),
            "number": p.number,
            "extension": p.extension,
            "type": p.type,
            "description": p.description,
        }
    )


def contact(c) -> dict:
    return compact(
        {
            "id": str(c.id),
            "service_id": _str(c.service_id),
            "organization_id": _str(c.organisation_id),
            "name": c.name,
            "title": c.title,
            "department": c.department,
            "email": c.email,
        }
    )


def language(lang) -> dict:
    return compact(
        {
            "id": str(lang.id),
            "service_id": _str(lang.service_id),
            "location_id": _str(lang.location_id),
            "name": lang.name,
            "code": lang.code,
            "note": lang.note,
        }
    )


def schedule(s) -> dict:
    return compact(
        {
            "id": str(s.id),
            "service_id": _str(s.service_id),
            "service_at_location_id": _str(s.service_at_location_id),
            "valid_from": _iso(s.valid_from),
            "valid_to": _iso(s.valid_to),
            "freq": s.freq if s.freq in ("WEEKLY", "MONTHLY") else None,
            "interval": s.interval,
            "byday": s.byday,
            "bymonthday": s.bymonthday,
            "description": s.description,
            "opens_at": _iso(s.opens_at),
            "closes_at": _iso(s.closes_at),
            "notes": s.notes,
        }
    )


def service_area(area, extended: bool = False) -> dict:
    if area.scope == ServiceArea.BOROUGH and area.borough is not None:
        name = area.name or area.borough.name
        uri = area.uri or GSS_URI.format(area.borough.gss_code)
    elif area.scope == ServiceArea.LONDON:
        name, uri = area.name or "London", area.uri
    elif area.scope == ServiceArea.NATIONAL:
        name, uri = area.name or "England and Wales", area.uri
    else:
        name, uri = area.name, area.uri
    return compact(
        {
            "id": str(area.id),
            "service_id": str(area.service_id),
            "name": name,
            "service_area": area.description or name,
            "extent": area.extent,
            "extent_type": area.extent_type,
            "uri": uri,
            # Resettle's own fields, in exports only.
            "scope": area.scope if extended else None,
            "borough": area.borough.gss_code if extended and area.borough_id else None,
        }
    )


def in_reach_area(service, prison) -> dict:
    """A prison the service works in before release, as a service area (see the mapping doc)."""
    return {
        "id": derived_id(service.id, f"in_reach:{prison.code}"),
        "service_id": str(service.id),
        "name": prison.name,
        "service_area": f"In-reach: works with people in {prison.name} before release",
        "extent_type": "prison",
        "extent": prison.code,
    }


# --- Locations -------------------------------------------------------------------------------


def address(loc) -> dict | None:
    """The location's address, or None when it is confidential or too incomplete for HSDS."""
    if loc.confidential or not (loc.address_1 and (loc.city or loc.borough_id)):
        return None
    borough = loc.borough.name if loc.borough_id else ""
    return compact(
        {
            "id": derived_id(loc.id, _ADDRESS),
            "location_id": str(loc.id),
            "address_1": loc.address_1,
            "address_2": loc.address_2,
            "city": loc.city or borough,
            "region": loc.region or borough,
            "state_province": loc.region or borough or loc.city,
            "postal_code": loc.postal_code,
            "country": loc.country or "GB",
            "address_type": "postal" if loc.location_type == "postal" else "physical",
        }
    )


def accessibility(loc) -> dict | None:
    if not loc.accessibility:
        return None
    return {
        "id": derived_id(loc.id, _ACCESSIBILITY),
        "location_id": str(loc.id),
        "description": loc.accessibility,
    }


def location_summary(loc, extended: bool = False) -> dict:
    """One-to-one fields. Confidential: no coordinates or directions."""
    hidden = loc.confidential
    return compact(
        {
            "id": str(loc.id),
            "location_type": loc.location_type,
            # A refuge's own name or description can say where it is, as its address would.
            "name": None if hidden else loc.name,
            "description": None if hidden else loc.description,
            "latitude": None if hidden else loc.latitude,
            "longitude": None if hidden else loc.longitude,
            # HSDS 3.0 field beyond the UK profile.
            "transportation": None if hidden else loc.transportation,
            # Resettle's own fields, in exports only: the borough is as far as a confidential
            # location is ever placed.
            "organization_id": _str(loc.organisation_id) if extended else None,
            "confidential": loc.confidential if extended else None,
            "borough": loc.borough.gss_code if extended and loc.borough_id else None,
        }
    )


def location_full(loc, extended: bool = False) -> dict:
    data = location_summary(loc, extended)
    if loc.confidential:
        data["languages"] = [language(lang) for lang in loc.languages.all()]
        return compact(data)
    addr = address(loc)
    data["addresses"] = [addr] if addr else []
    access = accessibility(loc)
    data["accessibility"] = [access] if access else []
    data["languages"] = [language(lang) for lang in loc.languages.all()]
    data["phones"] = [phone(p) for p in loc.phones.all()]
    return compact(data)


# --- Services --------------------------------------------------------------------------------


def service_summary(service, extended: bool = False) -> dict:
    """One-to-one fields plus the organisation (service_list shape)."""
    return compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _iso(service.last_reviewed),
            "alert": (
                None if service.accepting_referrals else "Not taking new referrals at the moment."
            ),
            "last_modified": hsds_datetime(service.updated_at),
            # HSDS 3.0 fields beyond the UK profile.
            "alternate_name": service.alternate_name,
            "eligibility_description": service.eligibility_description,
            "application_process": service.application_process,
            "fees_description": service.fees_description,
            "organization": organisation_summary(service.organisation, extended),
            **(_service_extensions(service) if extended else {}),
        }
    )


def _service_extensions(service) -> dict:
    """Resettle's own service fields, in exports only, so an export re-imports losslessly."""
    return {
        "sex_eligibility": service.sex_eligibility,
        "accepts_self_referral": service.accepts_self_referral,
        "accepts_professional_referral": service.accepts_professional_referral,
        "accepting_referrals": service.accepting_referrals,
        "typical_wait_days": service.typical_wait_days,
    }


def service_schedules(service) -> list[dict]:
    """The profile keeps every schedule on the service; session ones name their location."""
    rows = [schedule(s) for s in service.schedules.all()]
    for at in service.at_locations.all():
        rows.extend(schedule(s) for s in at.schedules.all())
    return rows


def service_full(service, *, with_locations: bool = True, extended: bool = False) -> dict:
    data = service_summary(service, extended)
    data["organization"] = organisation_full(service.organisation, extended)
    data["schedules"] = service_schedules(service)
    data["service_areas"] = [service_area(a, extended) for a in service.service_areas.all()] + [
        in_reach_area(service, p) for p in service.in_reach_prisons.all()
    ]
    if with_locations:
        data["service_at_locations"] = [
            service_at_location_in_service(at, extended) for at in service.at_locations.all()
        ]
    data["languages"] = [language(lang) for lang in service.languages.all()]
    data["phones"] = [phone(p) for p in service.phones.all()]
    data["contacts"] = [contact(c) for c in service.contacts.all()]
    data["attributes"] = [attribute(a, extended) for a in service.attributes.all()]
    return compact(data)


# --- Service at location ---------------------------------------------------------------------


def service_at_location_in_service(at, extended: bool = False) -> dict:
    return compact(
        {
            "id": str(at.id),
            "service_id": str(at.service_id),
            "location_id": str(at.location_id),
            "description": at.description,
            "location": location_full(at.location, extended),
        }
    )


def service_at_location_summary(at) -> dict:
    """service_at_location_list shape: one-to-one fields of it, its location and service."""
    return compact(
        {
            "id": str(at.id),
            "service_id": str(at.service_id),
            "location_id": str(at.location_id),
            "description": at.description,
            "location": location_summary(at.location),
            "service": service_summary(at.service),
        }
    )


def service_at_location_full(at) -> dict:
    return compact(
        {
            "id": str(at.id),
            "service_id": str(at.service_id),
            "location_id": str(at.location_id),
            "description": at.description,
            "location": location_full(at.location),
            "service": service_full(at.service, with_locations=False),
        }
    )

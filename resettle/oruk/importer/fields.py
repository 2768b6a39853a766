"""The HSDS tables we read, their fields, and how each value is checked and converted.

Every converter takes the raw value (always a string from a CSV cell; any JSON value from a
JSON file) and returns the Python value, or raises Invalid with a message fit to show an
administrator. Empty values never reach a converter: they mean "not given".
"""

import datetime
import math
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _


class Invalid(ValueError):
    pass


def _show(raw) -> str:
    text = str(raw)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _text_of(raw) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Invalid(_("must be text"))
    text = str(raw)
    if "\x00" in text:
        raise Invalid(_("contains a null character"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise Invalid(_("contains characters that are not valid Unicode")) from e
    return text


def text(max_length=None):
    def convert(raw):
        value = _text_of(raw)
        if max_length is not None and len(value) > max_length:
            raise Invalid(
                _("is %(length)s characters long; the most allowed is %(most)s")
                % {"length": len(value), "most": max_length}
            )
        return value

    return convert


def an_id(raw):
    value = _text_of(raw).strip()
    try:
        return uuid.UUID(value)
    except ValueError as e:
        raise Invalid(_("%(value)s is not a valid UUID") % {"value": _show(raw)}) from e


_email_validator = EmailValidator()
_url_validator = URLValidator()


def email(raw):
    value = _text_of(raw).strip()
    try:
        _email_validator(value)
    except ValidationError as e:
        raise Invalid(_("%(value)s is not a valid email address") % {"value": _show(raw)}) from e
    if len(value) > 254:
        raise Invalid(_("is longer than 254 characters"))
    return value


def url(raw):
    value = _text_of(raw).strip()
    try:
        _url_validator(value)
    except ValidationError as e:
        raise Invalid(
            _("%(value)s is not a valid web address (it must start https://)")
            % {"value": _show(raw)}
        ) from e
    if len(value) > 200:
        raise Invalid(_("is longer than 200 characters"))
    return value


def integer(minimum, maximum):
    def convert(raw):
        if isinstance(raw, bool):
            raise Invalid(_("must be a whole number"))
        if isinstance(raw, float):
            if not math.isfinite(raw) or raw != int(raw):
                raise Invalid(_("%(value)s is not a whole number") % {"value": _show(raw)})
            value = int(raw)
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, str) and re.fullmatch(r"\s*[+-]?\d{1,9}(\.0*)?\s*", raw):
            value = int(float(raw))
        else:
            raise Invalid(_("%(value)s is not a whole number") % {"value": _show(raw)})
        if not minimum <= value <= maximum:
            raise Invalid(
                _("%(value)s is out of range: it must be from %(low)s to %(high)s")
                % {"value": value, "low": minimum, "high": maximum}
            )
        return value

    return convert


def number(minimum, maximum):
    def convert(raw):
        if isinstance(raw, bool):
            raise Invalid(_("must be a number"))
        try:
            value = float(raw.strip()) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError, OverflowError) as e:
            raise Invalid(_("%(value)s is not a number") % {"value": _show(raw)}) from e
        if not math.isfinite(value) or not minimum <= value <= maximum:
            raise Invalid(
                _("%(value)s is out of range: it must be from %(low)s to %(high)s")
                % {"value": _show(raw), "low": minimum, "high": maximum}
            )
        return value

    return convert


_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


def boolean(raw):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise Invalid(_("%(value)s is not true or false") % {"value": _show(raw)})


def date(raw):
    value = _text_of(raw).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError as e:
        raise Invalid(_("%(value)s is not a date like 2025-03-31") % {"value": _show(raw)}) from e


def time(raw):
    value = _text_of(raw).strip()
    try:
        if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
            raise ValueError
        return datetime.time.fromisoformat(value)
    except ValueError as e:
        raise Invalid(
            _("%(value)s is not a time like 09:30 or 17:00:00") % {"value": _show(raw)}
        ) from e


def choice(*values):
    def convert(raw):
        value = _text_of(raw).strip()
        if value not in values:
            allowed = ", ".join(v for v in values if v)
            raise Invalid(
                _("%(value)s is not one of %(allowed)s") % {"value": _show(raw), "allowed": allowed}
            )
        return value

    return convert


_DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def byday(raw):
    value = _text_of(raw).replace(" ", "").upper()
    days = [d for d in value.split(",") if d]
    # iCal allows an ordinal ("1MO" = the first Monday), which monthly schedules use.
    if not all(re.fullmatch(r"[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)", d) for d in days):
        raise Invalid(_("%(value)s is not a list of days like MO,WE,FR") % {"value": _show(raw)})
    if len(value) > 40:
        raise Invalid(_("lists too many days"))
    return ",".join(days)


def bymonthday(raw):
    value = _text_of(raw).replace(" ", "")
    parts = [p for p in value.split(",") if p]
    if not all(re.fullmatch(r"-?\d{1,2}", p) and 1 <= abs(int(p)) <= 31 for p in parts):
        raise Invalid(
            _("%(value)s is not a list of days of the month like 1,15") % {"value": _show(raw)}
        )
    if len(value) > 40:
        raise Invalid(_("lists too many days"))
    return ",".join(parts)


def code_list(raw):
    """Several codes: a JSON list, or a comma-separated CSV cell."""
    items = raw if isinstance(raw, list) else _text_of(raw).split(",")
    codes = []
    for item in items:
        code = _text_of(item).strip()
        if code:
            codes.append(code)
    return codes


@dataclass(frozen=True)
class Field:
    convert: object
    # The model attribute it fills; None for keys, references and values read elsewhere.
    attr: str | None = None
    required: bool = False
    # What a model field holds when the value is not given ("" for text, None for numbers).
    blank: object = ""
    # Resettle's own additions to HSDS. JSON omits empty fields, so an absent standard field
    # means "empty"; an absent extension means "not said", and existing values are kept.
    extension: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    fields: dict[str, Field]
    # Foreign keys: field -> table it points at.
    references: dict[str, str] = field(default_factory=dict)
    # Nested collections in HSDS JSON: key -> (child table, the child's key pointing back).
    children: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Nested single objects: key -> (table, this table's field that points at it).
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)


def _f(convert, attr=None, *, required=False, blank=""):
    return Field(convert, attr, required, blank)


def _x(convert, attr=None, *, blank=""):
    return Field(convert, attr, False, blank, extension=True)


ID = _f(an_id, required=True)
OPTIONAL_ID = _f(an_id, blank=None)

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
ORG_KINDS = (
    "voluntary",
    "prison",
    "probation",
    "local_authority",
    "health",
    "commissioner",
    "employer",
    "other",
)

TABLES = {
    t.name: t
    for t in [
        Table(
            "organizations",
            {
                "id": ID,
                "name": _f(text(200), "name", required=True),
                "alternate_name": _f(text(200), "alternate_name"),
                "description": _f(text(), "description"),
                "email": _f(email, "email"),
                "website": _f(url, "website"),
                "legal_status": _f(text(100), "legal_status"),
                "year_incorporated": _f(integer(1000, 2100), "year_incorporated", blank=None),
                "kind": _x(choice(*ORG_KINDS), "kind", blank="voluntary"),
                # Our table has no parent organisations; the key is read so it is not "unknown".
                "parent_organization_id": OPTIONAL_ID,
            },
            children={
                "organization_identifiers": ("organization_identifiers", "organization_id"),
                "phones": ("phones", "organization_id"),
                "contacts": ("contacts", "organization_id"),
                "locations": ("locations", "organization_id"),
                "services": ("services", "organization_id"),
                "attributes": ("attributes", "link_id"),
            },
        ),
        Table(
            "organization_identifiers",
            {
                "id": ID,
                "organization_id": _f(an_id, required=True, blank=None),
                "identifier_scheme": _f(text(50)),
                "identifier_type": _f(text(100)),
                "identifier": _f(text(20), required=True),
            },
            references={"organization_id": "organizations"},
        ),
        Table(
            "services",
            {
                "id": ID,
                "organization_id": _f(an_id, required=True, blank=None),
                "name": _f(text(200), "name", required=True),
                "alternate_name": _f(text(200), "alternate_name"),
                "description": _f(text(), "description", required=True),
                "url": _f(url, "url"),
                "email": _f(email, "email"),
                "status": _f(choice(*STATUSES), "status", required=True),
                "eligibility_description": _f(text(), "eligibility_description"),
                "minimum_age": _f(integer(0, 130), "minimum_age", blank=None),
                "maximum_age": _f(integer(0, 130), "maximum_age", blank=None),
                "sex_eligibility": _x(choice("", "female", "male"), "sex_eligibility"),
                "application_process": _f(text(), "application_process"),
                # fees (the UK profile's name) and fees_description (HSDS 3.0's) say the
                # same; assured_date is when we last reviewed the entry; "Not taking new
                # referrals" in the alert means accepting_referrals is off.
                "fees_description": _f(text()),
                "fees": _f(text()),
                "assured_date": _f(date),
                "alert": _f(text()),
                "last_modified": _f(text()),
                "accepts_self_referral": _x(boolean, "accepts_self_referral", blank=False),
                "accepts_professional_referral": _x(
                    boolean, "accepts_professional_referral", blank=True
                ),
                "accepting_referrals": _x(boolean),
                "typical_wait_days": _x(integer(0, 3650), "typical_wait_days", blank=None),
                "last_reviewed": _x(date),
                "in_reach_prisons": _x(code_list, blank=None),
            },
            references={"organization_id": "organizations"},
            children={
                "schedules": ("schedules", "service_id"),
                "service_areas": ("service_areas", "service_id"),
                "service_at_locations": ("service_at_locations", "service_id"),
                "languages": ("languages", "service_id"),
                "phones": ("phones", "service_id"),
                "contacts": ("contacts", "service_id"),
                "attributes": ("attributes", "link_id"),
            },
            objects={"organization": ("organizations", "organization_id")},
        ),
        Table(
            "locations",
            {
                "id": ID,
                "location_type": _f(
                    choice("physical", "postal", "virtual"), "location_type", required=True
                ),
                "organization_id": OPTIONAL_ID,
                "name": _f(text(200), "name"),
                "description": _f(text(), "description"),
                "transportation": _f(text(), "transportation"),
                "latitude": _f(number(-90, 90), "latitude", blank=None),
                "longitude": _f(number(-180, 180), "longitude", blank=None),
                "confidential": _x(boolean, "confidential", blank=False),
                # A borough's GSS code (E09000028) or name; found from the postcode if absent.
                "borough": _x(text(64), blank=None),
            },
            references={"organization_id": "organizations"},
            children={
                "addresses": ("addresses", "location_id"),
                "accessibility": ("accessibility", "location_id"),
                "languages": ("languages", "location_id"),
                "phones": ("phones", "location_id"),
            },
        ),
        Table(
            "addresses",
            {
                "id": ID,
                "location_id": _f(an_id, required=True, blank=None),
                "attention": _f(text()),
                "address_1": _f(text(200), "address_1"),
                "address_2": _f(text(200), "address_2"),
                "city": _f(text(100), "city"),
                "region": _f(text(100), "region"),
                "state_province": _f(text(100)),
                "postal_code": _f(text(10), "postal_code"),
                "country": _f(text(2), "country", blank="GB"),
                "address_type": _f(choice("physical", "postal", "virtual")),
            },
            references={"location_id": "locations"},
        ),
        Table(
            "accessibility",
            {
                "id": ID,
                "location_id": _f(an_id, required=True, blank=None),
                "description": _f(text()),
                "details": _f(text()),
                "url": _f(url),
                "accessibility": _f(text()),
            },
            references={"location_id": "locations"},
        ),
        Table(
            "service_at_locations",
            {
                "id": ID,
                "service_id": _f(an_id, required=True, blank=None),
                "location_id": _f(an_id, required=True, blank=None),
                "description": _f(text(), "description"),
            },
            references={"service_id": "services", "location_id": "locations"},
            children={"schedules": ("schedules", "service_at_location_id")},
            objects={"location": ("locations", "location_id")},
        ),
        Table(
            "schedules",
            {
                "id": ID,
                "service_id": OPTIONAL_ID,
                "service_at_location_id": OPTIONAL_ID,
                "freq": _f(choice("WEEKLY", "MONTHLY"), "freq", blank="WEEKLY"),
                "interval": _f(integer(1, 366), "interval", blank=None),
                "byday": _f(byday, "byday"),
                "bymonthday": _f(bymonthday, "bymonthday"),
                "opens_at": _f(time, "opens_at", blank=None),
                "closes_at": _f(time, "closes_at", blank=None),
                "valid_from": _f(date, "valid_from", blank=None),
                "valid_to": _f(date, "valid_to", blank=None),
                "description": _f(text(), "description"),
                "notes": _f(text(), "notes"),
            },
            references={
                "service_id": "services",
                "service_at_location_id": "service_at_locations",
            },
        ),
        Table(
            "service_areas",
            {
                "id": ID,
                "service_id": _f(an_id, required=True, blank=None),
                "name": _f(text(200), "name"),
                "description": _f(text(), "description"),
                "extent": _f(text(), "extent"),
                "extent_type": _f(text(20), "extent_type"),
                "uri": _f(url, "uri"),
                # borough, london or national; without it, a borough's name means that borough.
                "service_area": _f(text()),
                "scope": _x(choice("borough", "london", "national"), blank=None),
                "borough": _x(text(64), blank=None),
            },
            references={"service_id": "services"},
        ),
        Table(
            "languages",
            {
                "id": ID,
                "service_id": OPTIONAL_ID,
                "location_id": OPTIONAL_ID,
                "name": _f(text(100), "name"),
                "code": _f(text(10), "code"),
                "note": _f(text(), "note"),
            },
            references={"service_id": "services", "location_id": "locations"},
        ),
        Table(
            "phones",
            {
                "id": ID,
                "service_id": OPTIONAL_ID,
                "organization_id": OPTIONAL_ID,
                "location_id": OPTIONAL_ID,
                "contact_id": OPTIONAL_ID,
                "number": _f(text(50), "number", required=True),
                "extension": _f(text(20), "extension"),
                "type": _f(text(20), "type"),
                "description": _f(text(), "description"),
            },
            references={
                "service_id": "services",
                "organization_id": "organizations",
                "location_id": "locations",
                "contact_id": "contacts",
            },
        ),
        Table(
            "contacts",
            {
                "id": ID,
                "service_id": OPTIONAL_ID,
                "organization_id": OPTIONAL_ID,
                "name": _f(text(200), "name"),
                "title": _f(text(200), "title"),
                "department": _f(text(200), "department"),
                "email": _f(email, "email"),
            },
            references={"service_id": "services", "organization_id": "organizations"},
            children={"phones": ("phones", "contact_id")},
        ),
        Table(
            "taxonomies",
            {
                "id": ID,
                "name": _f(text(200), "name", required=True),
                "description": _f(text(), "description", required=True),
                "uri": _f(url, "uri"),
                "version": _f(text(50), "version"),
            },
            children={"taxonomy_terms": ("taxonomy_terms", "taxonomy_id")},
        ),
        Table(
            "taxonomy_terms",
            {
                "id": ID,
                "code": _f(text(100), "code"),
                "name": _f(text(200), "name", required=True),
                "description": _f(text(), "description", required=True),
                "parent_id": OPTIONAL_ID,
                "taxonomy_id": OPTIONAL_ID,
                "taxonomy": _f(text()),
                "term": _f(text()),
                "term_uri": _f(url, "term_uri"),
                "language": _f(text(10), "language"),
                "position": _x(integer(0, 32767), "position", blank=0),
            },
            references={"parent_id": "taxonomy_terms", "taxonomy_id": "taxonomies"},
            objects={"taxonomy_detail": ("taxonomies", "taxonomy_id")},
        ),
        Table(
            "attributes",
            {
                "id": ID,
                "link_id": _f(an_id, required=True, blank=None),
                "link_entity": _f(choice("service", "organization"), blank="service"),
                "link_type": _f(text(20)),
                "taxonomy_term_id": _f(an_id, required=True, blank=None),
                "value": _f(text(200), "value"),
                "label": _f(text(200), "label"),
            },
            # link_id is checked against services or organizations by link_entity.
            references={"taxonomy_term_id": "taxonomy_terms"},
            objects={"taxonomy_term": ("taxonomy_terms", "taxonomy_term_id")},
        ),
    ]
}

# Data package resource names (singular in HSDS) and file stems -> our table names.
RESOURCE_NAMES = {
    "organization": "organizations",
    "service": "services",
    "location": "locations",
    "address": "addresses",
    "accessibility": "accessibility",
    "accessibility_for_disabilities": "accessibility",
    "service_at_location": "service_at_locations",
    "schedule": "schedules",
    "service_area": "service_areas",
    "language": "languages",
    "phone": "phones",
    "contact": "contacts",
    "taxonomy": "taxonomies",
    "taxonomy_term": "taxonomy_terms",
    "attribute": "attributes",
    "organization_identifier": "organization_identifiers",
}
RESOURCE_NAMES.update({t: t for t in TABLES})

# The order rows are written in, parents first.
WRITE_ORDER = [
    "organizations",
    "taxonomies",
    "taxonomy_terms",
    "services",
    "locations",
    "service_at_locations",
    "schedules",
    "service_areas",
    "languages",
    "phones",
    "contacts",
    "attributes",
]

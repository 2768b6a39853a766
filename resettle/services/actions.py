"""Every change to a directory service goes through one of these named actions.

Each one checks the actor may edit the service's organisation, locks the service row, refuses
the change if the editor's form was based on an older version (so two people editing one
service never silently overwrite each other), writes the change and its audit row in one
transaction, and bumps the version. Views, imports and commands all call the same functions.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.audit.log import record
from resettle.core.languages import language_name
from resettle.core.postcodes import PostcodeError, district_candidates, parse
from resettle.organisations.access import can_manage
from resettle.places.models import PostcodeDistrict
from resettle.services.models import (
    Attribute,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

# StaleEdit is raised here and caught by the views as actions.StaleEdit.
from resettle.versioning import StaleEdit, lock_at_version, save_new_version  # noqa: F401

STALE_MESSAGE = _(
    "Someone else changed this service while you were editing. Their changes are shown below; "
    "your changes have not been saved — check and save again."
)

# Fields an editor sets directly on the service row.
DETAIL_FIELDS = [
    "name",
    "description",
    "status",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "sex_eligibility",
    "application_process",
    "accepts_self_referral",
    "accepts_professional_referral",
    "fees_description",
    "accepting_referrals",
    "typical_wait_days",
]
CONTACT_FIELDS = ["url", "email"]
EDITABLE_FIELDS = [*DETAIL_FIELDS, *CONTACT_FIELDS, "last_reviewed"]
# Fields that feed Service.search_document; changing one means rebuilding it.
SEARCH_FIELDS = {"name", "alternate_name", "description", "eligibility_description"}

# Coverage choices offered to editors; each maps to the ServiceArea rows it stands for.
COVERAGE_BOROUGHS = "boroughs"
COVERAGE_LONDON = ServiceArea.LONDON
COVERAGE_NATIONAL = ServiceArea.NATIONAL


def create_service(actor, organisation, data: dict) -> Service:
    _require_editor(actor, organisation)
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    with transaction.atomic():
        service = Service.objects.create(organisation=organisation, **fields)
        service.refresh_search_document()
        record(
            actor,
            "service.created",
            service,
            organisation=organisation,
            summary=f"Created service {service.name}",
            changes={k: [None, _plain(v)] for k, v in fields.items()},
        )
    return service


def update_service(actor, service: Service, data: dict, expected_version: int) -> Service:
    """Change fields on the service row (details, contact, review date)."""
    _require_editor(actor, service.organisation)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = _lock(service, expected_version)
        changes = {
            field: [_plain(getattr(current, field)), _plain(value)]
            for field, value in data.items()
            if getattr(current, field) != value
        }
        if not changes:
            return current
        for field, value in data.items():
            setattr(current, field, value)
        save_new_version(current, list(changes))
        if SEARCH_FIELDS & set(changes):
            current.refresh_search_document()
        _record_service_changes(actor, current, changes)
    return current


def _record_service_changes(actor, service: Service, changes: dict):
    """The audit row for an edit of a service: which fields, from what, to what."""
    record(
        actor,
        "service.updated",
        service,
        organisation=service.organisation,
        summary=f"Changed {', '.join(changes)} of {service.name}",
        changes=changes,
    )


def set_service_needs(
    actor,
    service: Service,
    *,
    needs: Iterable,
    groups: Iterable,
    languages: Iterable[str],
    expected_version: int,
) -> Service:
    """Replace the needs a service meets, the groups it specialises in and its languages."""
    _require_editor(actor, service.organisation)
    with transaction.atomic():
        current = _lock(service, expected_version)
        changes = {}
        for link_type, terms, label in [
            (Attribute.NEED, needs, "needs"),
            (Attribute.GROUP, groups, "groups"),
        ]:
            wanted = {term.pk: term for term in terms}
            existing = {
                a.taxonomy_term_id: a
                for a in current.attributes.filter(link_type=link_type).select_related(
                    "taxonomy_term"
                )
            }
            if set(wanted) == set(existing):
                continue
            changes[label] = [
                sorted(a.taxonomy_term.name for a in existing.values()),
                sorted(t.name for t in wanted.values()),
            ]
            current.attributes.filter(link_type=link_type).exclude(
                taxonomy_term_id__in=wanted
            ).delete()
            # A term linked under the other link type moves rather than duplicating.
            current.attributes.filter(taxonomy_term_id__in=wanted).exclude(
                link_type=link_type
            ).delete()
            Attribute.objects.bulk_create(
                Attribute(service=current, taxonomy_term=term, link_type=link_type)
                for pk, term in wanted.items()
                if pk not in existing
            )
        wanted_codes = set(languages)
        existing_codes = set(current.languages.values_list("code", flat=True))
        if wanted_codes != existing_codes:
            changes["languages"] = [sorted(existing_codes), sorted(wanted_codes)]
            current.languages.exclude(code__in=wanted_codes).delete()
            Language.objects.bulk_create(
                Language(service=current, code=code, name=language_name(code))
                for code in sorted(wanted_codes - existing_codes)
            )
        if not changes:
            return current
        save_new_version(current)
        if "needs" in changes or "groups" in changes:
            current.refresh_search_document()
        _record_service_changes(actor, current, changes)
    return current


def set_service_areas(
    actor,
    service: Service,
    *,
    coverage: str,
    boroughs: Iterable,
    prisons: Iterable,
    expected_version: int,
) -> Service:
    """Replace where a service works: London-wide, national or named boroughs; and in-reach."""
    _require_editor(actor, service.organisation)
    boroughs = list(boroughs) if coverage == COVERAGE_BOROUGHS else []
    if coverage == COVERAGE_BOROUGHS and not boroughs:
        raise ValueError("A service covering boroughs must name at least one.")
    if coverage not in {COVERAGE_BOROUGHS, COVERAGE_LONDON, COVERAGE_NATIONAL}:
        raise ValueError(f"Unknown coverage {coverage!r}")
    with transaction.atomic():
        current = _lock(service, expected_version)
        changes = {}
        old_areas = area_labels(current)
        new_areas = (
            sorted(b.name for b in boroughs)
            if coverage == COVERAGE_BOROUGHS
            else [str(dict(ServiceArea.SCOPES)[coverage])]
        )
        if old_areas != new_areas:
            changes["areas"] = [old_areas, new_areas]
            current.service_areas.all().delete()
            if coverage == COVERAGE_BOROUGHS:
                ServiceArea.objects.bulk_create(
                    ServiceArea(service=current, scope=ServiceArea.BOROUGH, borough=b, name=b.name)
                    for b in boroughs
                )
            else:
                ServiceArea.objects.create(service=current, scope=coverage, name=new_areas[0])
        prisons = list(prisons)
        old_prisons = sorted(p.name for p in current.in_reach_prisons.all())
        new_prisons = sorted(p.name for p in prisons)
        if old_prisons != new_prisons:
            changes["in_reach_prisons"] = [old_prisons, new_prisons]
            current.in_reach_prisons.set(prisons)
        if not changes:
            return current
        save_new_version(current)
        _record_service_changes(actor, current, changes)
    return current


def set_service_contact(
    actor, service: Service, *, url: str, email: str, phones: list[dict], expected_version: int
) -> Service:
    """Replace the service's website, email and phone numbers."""
    _require_editor(actor, service.organisation)
    with transaction.atomic():
        current = _lock(service, expected_version)
        changes = {
            field: [getattr(current, field), value]
            for field, value in [("url", url), ("email", email)]
            if getattr(current, field) != value
        }
        current.url, current.email = url, email
        old_phones = [_phone_text(p.number, p.description) for p in current.phones.order_by("id")]
        new_phones = [_phone_text(p["number"], p.get("description", "")) for p in phones]
        if sorted(old_phones) != sorted(new_phones):
            changes["phones"] = [old_phones, new_phones]
            current.phones.all().delete()
            Phone.objects.bulk_create(
                Phone(
                    service=current,
                    number=p["number"],
                    description=p.get("description", ""),
                    type="voice",
                )
                for p in phones
            )
        if not changes:
            return current
        save_new_version(current, [f for f in ("url", "email") if f in changes])
        _record_service_changes(actor, current, changes)
    return current


def mark_reviewed(actor, service: Service, *, expected_version: int) -> Service:
    """Record that someone checked today that the whole entry is still right."""
    _require_editor(actor, service.organisation)
    with transaction.atomic():
        current = _lock(service, expected_version)
        today = timezone.localdate()
        old = current.last_reviewed
        current.last_reviewed = today
        save_new_version(current, ["last_reviewed"])
        record(
            actor,
            "service.reviewed",
            current,
            organisation=current.organisation,
            summary=f"Marked {current.name} as reviewed",
            changes={"last_reviewed": [_plain(old), _plain(today)]},
        )
    return current


LOCATION_FIELDS = [
    "name",
    "address_1",
    "address_2",
    "city",
    "postal_code",
    "borough",
    "confidential",
    "accessibility",
    "latitude",
    "longitude",
]


def save_location(
    actor,
    service: Service,
    data: dict,
    *,
    schedules: list[dict],
    expected_version: int,
    at_location: ServiceAtLocation | None = None,
) -> ServiceAtLocation:
    """Add a location to a service, or change one, with its weekly opening times there.

    `schedules` are dicts of `days` (MO..SU codes), `opens_at` and `closes_at`. When no
    position is given, the postcode district's centre (and borough) stand in for it.
    """
    _require_editor(actor, service.organisation)
    if at_location is not None and at_location.service_id != service.pk:
        raise PermissionDenied("That location belongs to another service.")
    fields = {k: v for k, v in data.items() if k in LOCATION_FIELDS}
    with transaction.atomic():
        current = _lock(service, expected_version)
        created = at_location is None
        if created:
            location = Location(organisation=current.organisation)
            old = {}
        else:
            location = Location.objects.select_for_update().get(pk=at_location.location_id)
            old = {k: getattr(location, k) for k in fields}
            if "postal_code" in fields and fields["postal_code"] != location.postal_code:
                # The form carries back the position worked out from the old postcode; unless
                # someone changed it by hand, work it out again from the new one.
                for key in ("latitude", "longitude", "borough"):
                    if key in fields and fields[key] == old.get(key):
                        fields[key] = None
        _fill_position_from_postcode(fields)
        for field, value in fields.items():
            setattr(location, field, value)
        location.save()
        if created:
            at_location = ServiceAtLocation.objects.create(service=current, location=location)
        changes = {k: [_plain(old.get(k)), _plain(v)] for k, v in fields.items() if old.get(k) != v}
        old_times = [_schedule_text(s) for s in at_location.schedules.order_by("opens_at")]
        new_times = [_schedule_text(s) for s in _schedule_rows(schedules)]
        if sorted(old_times) != sorted(new_times):
            changes["opening_times"] = [old_times, new_times]
            at_location.schedules.all().delete()
            Schedule.objects.bulk_create(
                Schedule(
                    service_at_location=at_location,
                    freq="WEEKLY",
                    byday=row.byday,
                    opens_at=row.opens_at,
                    closes_at=row.closes_at,
                )
                for row in _schedule_rows(schedules)
            )
        if changes or created:
            save_new_version(current)
            record(
                actor,
                "location.created" if created else "location.updated",
                location,
                organisation=current.organisation,
                summary=f"{'Added' if created else 'Changed'} location {location} "
                f"of {current.name}",
                changes=changes,
            )
    return at_location


def delete_location(actor, at_location: ServiceAtLocation, *, expected_version: int) -> None:
    """Take a location off a service; the place itself goes once no service uses it."""
    service = at_location.service
    _require_editor(actor, service.organisation)
    with transaction.atomic():
        current = _lock(service, expected_version)
        location = at_location.location
        record(
            actor,
            "location.removed",
            location,
            organisation=current.organisation,
            summary=f"Removed location {location} from {current.name}",
            changes={"address": [_address_text(location), None]},
        )
        at_location.delete()
        if not location.service_at_locations.exists():
            location.delete()
        save_new_version(current)


def area_labels(service: Service) -> list[str]:
    areas = list(service.service_areas.select_related("borough"))
    scopes = {a.scope for a in areas}
    for scope in (ServiceArea.NATIONAL, ServiceArea.LONDON):
        if scope in scopes:
            return [str(dict(ServiceArea.SCOPES)[scope])]
    return sorted(a.borough.name if a.borough else a.name for a in areas)


def coverage_of(service: Service) -> str:
    scopes = set(service.service_areas.values_list("scope", flat=True))
    if ServiceArea.NATIONAL in scopes:
        return COVERAGE_NATIONAL
    if ServiceArea.LONDON in scopes:
        return COVERAGE_LONDON
    return COVERAGE_BOROUGHS if scopes else ""


def _require_editor(actor, organisation):
    if actor is None or not can_manage(actor, organisation):
        raise PermissionDenied("Only the organisation's managers or an administrator may do this.")


def _lock(service: Service, expected_version: int) -> Service:
    """Lock the service row and check the editor saw its latest version."""
    return lock_at_version(
        Service.objects.select_related("organisation"), service.pk, expected_version
    )


def _fill_position_from_postcode(fields: dict):
    """Without a map position, use the postcode district's centre; and its borough if none."""
    if not fields.get("postal_code"):
        return
    try:
        outward, _full = parse(fields["postal_code"])
    except PostcodeError:
        return
    district = (
        PostcodeDistrict.objects.filter(code__in=district_candidates(outward))
        .select_related("borough")
        .order_by("-code")
        .first()
    )
    if district is None:
        return
    if fields.get("latitude") is None or fields.get("longitude") is None:
        fields["latitude"], fields["longitude"] = district.latitude, district.longitude
    if fields.get("borough") is None:
        fields["borough"] = district.borough


class _Row:
    def __init__(self, byday, opens_at, closes_at):
        self.byday, self.opens_at, self.closes_at = byday, opens_at, closes_at


def _schedule_rows(schedules: list[dict]) -> list[_Row]:
    order = [code for code, _label in Schedule.DAYS]
    rows = []
    for s in schedules:
        days = sorted(set(s["days"]), key=order.index)
        if s["closes_at"] <= s["opens_at"]:
            raise ValueError("A place must close after it opens.")
        rows.append(_Row(",".join(days), s["opens_at"], s["closes_at"]))
    return rows


def _schedule_text(s) -> str:
    return f"{s.byday} {_plain(s.opens_at)}-{_plain(s.closes_at)}"


def _phone_text(number: str, description: str) -> str:
    return f"{number} ({description})" if description else number


def _address_text(location: Location) -> str:
    parts = [location.address_1, location.address_2, location.city, location.postal_code]
    return ", ".join(p for p in parts if p)


def _plain(value):
    """A JSON-friendly form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)

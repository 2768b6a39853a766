"""Plain-words reasons a service matched a search, its status tags, and its opening times.

Everything here reads only what the search page prefetched (attributes with their terms,
areas, languages, prisons, schedules, locations, the organisation's "led by and for" groups),
so explaining a page of results never runs a query per result.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resettle.core.geo import haversine_m
from resettle.core.languages import language_name
from resettle.services.models import (
    Attribute,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

DAY_NAMES = dict(Schedule.DAYS)


@dataclass(frozen=True)
class Tag:
    text: str
    # GOV.UK tag colour modifier, e.g. "green"; the words carry the meaning, never the colour.
    colour: str = ""


def prefetches(filters: dict) -> list:
    """What reasons(), status_tags() and distance_km() read for these filters, and no more:
    each prefetch is one more query per page, whatever the number of results."""
    wanted = ["organisation__led_by_and_for"]
    if filters.get("need"):
        wanted.append(
            Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term"))
        )
    if filters.get("borough") or filters.get("postcode"):
        wanted.append("service_areas")
    if filters.get("postcode"):
        wanted.append(
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location"))
        )
    return wanted


def _terms(service, link_type):
    return [a.taxonomy_term for a in service.attributes.all() if a.link_type == link_type]


def _schedules(service):
    """Every weekly schedule of the service, its own and those at its locations."""
    schedules = list(service.schedules.all())
    for at in service.at_locations.all():
        schedules.extend(at.schedules.all())
    return schedules


def age_range(minimum, maximum) -> str:
    if minimum is not None and maximum is not None:
        return _("For ages %(min)d to %(max)d") % {"min": minimum, "max": maximum}
    if minimum is not None:
        return _("For ages %(min)d and over") % {"min": minimum}
    if maximum is not None:
        return _("For ages up to %(max)d") % {"max": maximum}
    return _("For all ages")


def reasons(service, filters: dict) -> list[str]:
    """Why this service is in the results, one sentence per filter applied."""
    found = []
    if filters.get("q"):
        found.append(_("Matches your words"))
    if need := filters.get("need"):
        met = [t for t in _terms(service, Attribute.NEED) if need.pk in (t.pk, t.parent_id)]
        for term in met or [need]:
            found.append(_("Meets your need: %(need)s") % {"need": term.name})
    boroughs = [b for b in (filters.get("borough"), _postcode_borough(filters)) if b]
    for borough in dict.fromkeys(boroughs):
        found.append(_area_reason(service, borough))
    if code := filters.get("language"):
        found.append(_("Speaks %(language)s") % {"language": language_name(code)})
    if group := filters.get("group"):
        found.append(_("Specialises in: %(group)s") % {"group": group.name})
        if any(t.pk == group.pk for t in service.organisation.led_by_and_for.all()):
            found.append(_("Led by and for: %(group)s") % {"group": group.name})
    if prison := filters.get("prison"):
        found.append(_("Works in %(prison)s before release") % {"prison": prison.name})
    if day := filters.get("day"):
        found.append(_("Open on %(day)s") % {"day": DAY_NAMES[day]})
    if filters.get("age") is not None:
        found.append(age_range(service.minimum_age, service.maximum_age))
    return found


def _postcode_borough(filters):
    district = filters.get("postcode")
    return district.borough if district else None


def _area_reason(service, borough) -> str:
    areas = list(service.service_areas.all())
    if any(a.scope == ServiceArea.BOROUGH and a.borough_id == borough.pk for a in areas):
        return _("Covers %(borough)s") % {"borough": borough.name}
    if any(a.scope == ServiceArea.LONDON for a in areas):
        return _("Works across London")
    return _("Works across England and Wales")


def status_tags(service) -> list[Tag]:
    tags = []
    if service.status == Service.Status.INACTIVE:
        tags.append(Tag(_("Not running at the moment"), "grey"))
    elif service.status == Service.Status.TEMPORARILY_CLOSED:
        tags.append(Tag(_("Temporarily closed"), "orange"))
    if service.accepting_referrals:
        tags.append(Tag(_("Taking referrals"), "green"))
    else:
        tags.append(Tag(_("Not taking referrals now"), "red"))
    if service.typical_wait_days is not None:
        tags.append(Tag(typical_wait(service.typical_wait_days), "blue"))
    if service.accepts_self_referral:
        tags.append(Tag(_("Self-referral allowed"), "turquoise"))
    if service.is_stale:
        tags.append(Tag(_("Information may be out of date"), "yellow"))
    return tags


def typical_wait(days: int) -> str:
    if days == 0:
        return _("No wait")
    return _("Typical wait: %(wait)s") % {"wait": wait_length(days)}


def wait_length(days: int) -> str:
    if days == 0:
        return _("No wait")
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def clock(value) -> str:
    """GOV.UK style times: 9am, 9:30am, midday, midnight."""
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def opening_times(schedules) -> list[str]:
    """'Monday 9:30am to 4:30pm', one line per day in week order."""
    lines = []
    for code, day in Schedule.DAYS:
        for schedule in schedules:
            if code not in schedule.day_codes():
                continue
            if schedule.opens_at and schedule.closes_at:
                lines.append(
                    _("%(day)s %(opens)s to %(closes)s")
                    % {
                        "day": day,
                        "opens": clock(schedule.opens_at),
                        "closes": clock(schedule.closes_at),
                    }
                )
            else:
                lines.append(str(day))
    return lines


def distance_km(service, latitude: float, longitude: float) -> float | None:
    """To the service's nearest location with a public address; confidential ones never count,
    so distance cannot be used to find a refuge."""
    distances = [
        haversine_m(latitude, longitude, loc.latitude, loc.longitude) / 1000
        for loc in (at.location for at in service.at_locations.all())
        if not loc.confidential and loc.latitude is not None and loc.longitude is not None
    ]
    return min(distances) if distances else None


def distance_text(km: float | None) -> str:
    if km is None:
        return ""
    if km < 1:
        return _("Less than 1 km away")
    rounded = round(km)
    return ngettext("About %(km)d km away", "About %(km)d km away", rounded) % {"km": rounded}

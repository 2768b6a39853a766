"""Query parameters of the ORUK API: read, check and turn into typed values, or say what is wrong.

`parse(query, allowed)` takes a mapping of name -> list of values
(a Django QueryDict is one) and returns `Params`, or raises ParameterError naming the parameter
and saying, in plain English, what a good value looks like. The API answers that with a 400.

Meanings we give the parameters (see docs/oruk-mapping.md):
- minimum_age / maximum_age: the age range the caller asks about; a service matches when its
  own eligible range overlaps it (a missing bound on either side is open-ended).
- day: a day name (Monday), its short form (Mon) or the RRULE code (MO), any case.
- start_time / end_time (HH:MM or HH:MM:SS): the service must be open for the whole of that
  time on some schedule (it opens by start_time and closes no earlier than end_time); one of
  them alone means open at that time.
- postcode: a full postcode or a district (SE1); proximity: metres from the district's centre.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import time

from django.utils.translation import gettext as _

from resettle.core.postcodes import PostcodeError
from resettle.core.postcodes import parse as parse_postcode

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
MAX_VALUE_LENGTH = 200
MAX_AGE = 150
MAX_PROXIMITY_M = 200_000

PAGING = frozenset({"page", "per_page"})
SERVICE_FILTERS = PAGING | {
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
}
SERVICE_AT_LOCATION_FILTERS = SERVICE_FILTERS | {"postcode", "proximity"}

_DAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
_DAY_ALIASES = {
    **_DAYS,
    **{name[:3]: code for name, code in _DAYS.items()},
    **{code.lower(): code for code in _DAYS.values()},
    "tues": "TU",
    "weds": "WE",
    "thur": "TH",
    "thurs": "TH",
}
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,7}$")
_NUMBER = re.compile(r"^[0-9]{1,4}(\.[0-9]{1,3})?$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParameterError(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Params:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str = ""
    start_time: time | None = None
    end_time: time | None = None
    postcode_district: str = ""
    postcode: str = ""
    proximity: float | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse(query, allowed: frozenset) -> Params:
    values = _single_values(query, allowed)
    fields = {}
    if "page" in values:
        fields["page"] = _whole_number(values, "page", 1, MAX_PAGE)
    if "per_page" in values:
        fields["per_page"] = _whole_number(values, "per_page", 1, MAX_PER_PAGE)
    if "search" in values:
        fields["search"] = " ".join(values["search"].split())
    for name in ("taxonomy_term_id", "taxonomy_id"):
        if name in values:
            fields[name] = _uuid(values, name)
    for name in ("minimum_age", "maximum_age"):
        if name in values:
            fields[name] = _age(values, name)
    if (
        fields.get("minimum_age") is not None
        and fields.get("maximum_age") is not None
        and fields["minimum_age"] > fields["maximum_age"]
    ):
        raise ParameterError("maximum_age", _("maximum_age must not be less than minimum_age."))
    if "day" in values:
        fields["day"] = _day(values["day"])
    for name in ("start_time", "end_time"):
        if name in values:
            fields[name] = _time(values, name)
    if (
        fields.get("start_time") is not None
        and fields.get("end_time") is not None
        and fields["start_time"] > fields["end_time"]
    ):
        raise ParameterError("end_time", _("end_time must not be earlier than start_time."))
    if "postcode" in values:
        try:
            district, full = parse_postcode(values["postcode"])
        except PostcodeError:
            raise ParameterError(
                "postcode",
                _("postcode must be a real postcode, like SE1 7TP, or a district, like SE1."),
            ) from None
        fields["postcode_district"] = district
        fields["postcode"] = full or district
    if "proximity" in values:
        if "postcode" not in values:
            raise ParameterError("proximity", _("proximity needs a postcode to measure from."))
        fields["proximity"] = _proximity(values["proximity"])
    return Params(**fields)


def _single_values(query, allowed: frozenset) -> dict[str, str]:
    """One value per known parameter; empty values count as not given (as from a blank form)."""
    values = {}
    for name in query:
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise ParameterError(
                name[:MAX_VALUE_LENGTH],
                _("This endpoint does not take the parameter '%(name)s'. It takes: %(known)s.")
                % {"name": name[:50], "known": known},
            )
        given = query.getlist(name) if hasattr(query, "getlist") else query[name]
        if isinstance(given, str):
            given = [given]
        if len(given) > 1:
            raise ParameterError(
                name,
                _("Give %(name)s once, not %(count)d times.") % {"name": name, "count": len(given)},
            )
        value = given[0].strip() if given else ""
        if len(value) > MAX_VALUE_LENGTH:
            raise ParameterError(
                name,
                _("%(name)s is too long: use at most %(most)d characters.")
                % {"name": name, "most": MAX_VALUE_LENGTH},
            )
        if _CONTROL.search(value):
            raise ParameterError(name, _("%(name)s contains control characters.") % {"name": name})
        if value:
            values[name] = value
    return values


def _whole_number(values, name, lowest, highest) -> int:
    raw = values[name]
    if not _WHOLE_NUMBER.match(raw) or not lowest <= int(raw) <= highest:
        raise ParameterError(
            name,
            _("%(name)s must be a whole number from %(lowest)d to %(highest)s, like %(lowest)d.")
            % {"name": name, "lowest": lowest, "highest": f"{highest:,}"},
        )
    return int(raw)


def _uuid(values, name) -> uuid.UUID:
    try:
        return uuid.UUID(values[name])
    except ValueError:
        raise ParameterError(
            name,
            _("%(name)s must be an id in UUID form, like 6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b01.")
            % {"name": name},
        ) from None


def _age(values, name) -> float:
    raw = values[name]
    if not _NUMBER.match(raw) or float(raw) > MAX_AGE:
        raise ParameterError(
            name,
            _("%(name)s must be an age in years from 0 to %(most)d.")
            % {"name": name, "most": MAX_AGE},
        )
    return float(raw)


def _day(raw: str) -> str:
    code = _DAY_ALIASES.get(raw.lower())
    if code is None:
        raise ParameterError("day", _("day must be a day of the week, like Monday or MO."))
    return code


def _time(values, name) -> time:
    match = _TIME.match(values[name])
    if not match:
        raise ParameterError(
            name, _("%(name)s must be a time in 24-hour form, like 09:30.") % {"name": name}
        )
    return time(int(match.group(1)), int(match.group(2)), int(match.group(4) or 0))


def _proximity(raw: str) -> float:
    if not _NUMBER.match(raw) and not _WHOLE_NUMBER.match(raw):
        raise ParameterError("proximity", _("proximity must be a distance in metres, like 2000."))
    metres = float(raw)
    if not 0 < metres <= MAX_PROXIMITY_M:
        raise ParameterError(
            "proximity",
            _("proximity must be more than 0 and at most %(most)s metres.")
            % {"most": f"{MAX_PROXIMITY_M:,}"},
        )
    return metres

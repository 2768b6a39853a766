"""What matching reads: a service, a person, the need being matched, and the needs taxonomy.

Plain frozen dataclasses, built by the Django side from the directory and the person's record
(or by tests and benchmarks directly). Codes are those of the taxonomies and reference data:
support-need and pathway codes (resettle/taxonomy/seed.py), ONS GSS borough codes and HMPPS
prison codes (resettle/places/data.py), ISO language codes (resettle/core/languages.py) and
group codes from the groups-served taxonomy.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

ACTIVE = "active"
INACTIVE = "inactive"
DEFUNCT = "defunct"
TEMPORARILY_CLOSED = "temporarily closed"
STATUSES = (ACTIVE, INACTIVE, DEFUNCT, TEMPORARILY_CLOSED)

# Sex eligibility of a service, and the sex recorded for a person ("" when not recorded).
ANYONE = "all"
FEMALE = "female"
MALE = "male"
SEX_ELIGIBILITIES = (ANYONE, FEMALE, MALE)

# GSS codes of the 32 London boroughs and the City of London all start with E09, so a
# London-wide service covers exactly the home boroughs with this prefix.
LONDON_GSS_PREFIX = "E09"


def is_london_borough(code: str) -> bool:
    return code.startswith(LONDON_GSS_PREFIX)


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ServiceProfile:
    id: str
    name: str
    organisation: str
    status: str = ACTIVE
    accepting_referrals: bool = True
    # Support-need codes the service meets, and pathway codes it works across as a whole.
    needs: frozenset[str] = frozenset()
    pathways: frozenset[str] = frozenset()
    # Where it works: particular boroughs, or all of London, or the whole country.
    boroughs: frozenset[str] = frozenset()
    london_wide: bool = False
    national: bool = False
    # Prisons it works in before release (in-reach).
    in_reach_prisons: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    # Groups it specialises in, and those of them whose people lead it ("by and for").
    specialisms: frozenset[str] = frozenset()
    led_by_and_for: frozenset[str] = frozenset()
    minimum_age: int | None = None
    maximum_age: int | None = None
    sex_eligibility: str = ANYONE
    accepts_self_referral: bool = False
    accepts_professional_referral: bool = True
    typical_wait_days: int | None = None
    location: Location | None = None


@dataclass(frozen=True)
class PersonProfile:
    """Only what matching may use. There is deliberately no list of the person's needs, no
    count of them and no equality-monitoring data: a person is never ranked lower for having
    more or more complex needs, and a specialism only counts when they asked for it."""

    age: int | None = None
    sex: str = ""
    home_borough: str | None = None
    in_custody: bool = False
    prison: str | None = None
    release_date: date | None = None
    preferred_language: str | None = None
    interpreter_needed: bool = False
    # Groups the person has said they want a specialist service for (their choice, recorded
    # as such, never derived from equality monitoring).
    wanted_specialisms: frozenset[str] = frozenset()
    location: Location | None = None

    def before_release(self, today: date) -> bool:
        """In a prison, with release still ahead (or not yet known)."""
        return (
            self.in_custody
            and self.prison is not None
            and (self.release_date is None or self.release_date >= today)
        )


@dataclass(frozen=True)
class Need:
    """The need being matched: a pathway, and a support need within it (None for "other")."""

    pathway: str
    support_need: str | None = None


@dataclass(frozen=True)
class NeedTaxonomy:
    """Support-need code -> its pathway code, plus the pathways themselves (a pathway may have
    no support needs yet)."""

    pathway_of: Mapping[str, str]
    pathways: frozenset[str] = field(default=frozenset())

    def __post_init__(self):
        object.__setattr__(
            self, "pathways", frozenset(self.pathways) | set(self.pathway_of.values())
        )

    @classmethod
    def from_tree(cls, tree) -> "NeedTaxonomy":
        """From [(pathway code, [support-need code, ...]), ...]."""
        pathway_of, pathways = {}, set()
        for pathway, needs in tree:
            pathways.add(pathway)
            for code in needs:
                pathway_of[code] = pathway
        return cls(pathway_of=pathway_of, pathways=frozenset(pathways))

    def check(self, need: Need) -> None:
        """Raise ValueError saying what is wrong when the need is not in the taxonomy."""
        if need.pathway not in self.pathways:
            raise ValueError(
                f"Unknown pathway code {need.pathway!r}: expected one of "
                f"{', '.join(sorted(self.pathways))}"
            )
        if need.support_need is None:
            return
        pathway = self.pathway_of.get(need.support_need)
        if pathway is None:
            raise ValueError(
                f"Unknown support need code {need.support_need!r} in pathway {need.pathway!r}"
            )
        if pathway != need.pathway:
            raise ValueError(
                f"Support need {need.support_need!r} belongs to pathway {pathway!r}, "
                f"not {need.pathway!r}"
            )

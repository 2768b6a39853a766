"""Reasons as data (a code and its parameters) and their plain-English rendering.

Matching returns Reason objects, never sentences, so the Django side can render the same
codes through gettext in any language; `describe` is the English rendering, used by tests,
benchmarks and anything outside Django.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from resettle.core.languages import language_name


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


# Why a service fits.
NEED_MET = "need_met"
PATHWAY_MET = "pathway_met"
COVERS_HOME_BOROUGH = "covers_home_borough"
COVERS_LONDON = "covers_london"
COVERS_NATIONAL = "covers_national"
IN_REACH = "in_reach"
SPEAKS_LANGUAGE = "speaks_language"
INTERPRETER_NEEDED = "interpreter_needed"
LANGUAGE_NOT_LISTED = "language_not_listed"
SPECIALISM = "specialism"
LED_BY_AND_FOR = "led_by_and_for"
AGE_FITS = "age_fits"
AGE_NOT_RECORDED = "age_not_recorded"
SEX_FITS = "sex_fits"
SEX_NOT_RECORDED = "sex_not_recorded"
PROFESSIONAL_REFERRAL = "professional_referral"
SELF_REFERRAL = "self_referral"
SELF_REFERRAL_ONLY = "self_referral_only"
TYPICAL_WAIT = "typical_wait"
WAIT_NOT_KNOWN = "wait_not_known"
DISTANCE = "distance"

# Why a service is left out.
CLOSED = "closed"
NOT_ACCEPTING = "not_accepting"
TOO_YOUNG = "too_young"
TOO_OLD = "too_old"
SEX_NOT_ELIGIBLE = "sex_not_eligible"
NEED_NOT_MET = "need_not_met"
OUTSIDE_AREA = "outside_area"
NO_HOME_BOROUGH = "no_home_borough"
NO_REFERRAL_ROUTE = "no_referral_route"

EXCLUSIONS = (
    CLOSED,
    NOT_ACCEPTING,
    TOO_YOUNG,
    TOO_OLD,
    SEX_NOT_ELIGIBLE,
    NEED_NOT_MET,
    OUTSIDE_AREA,
    NO_HOME_BOROUGH,
    NO_REFERRAL_ROUTE,
)

_SEX_WORDS = {"female": "women", "male": "men"}


def _wait(days: int) -> str:
    if days == 0:
        return "no wait"
    if days % 7 == 0 and days >= 14:
        return f"{days // 7} weeks"
    return "1 day" if days == 1 else f"{days} days"


def _ages(p) -> str:
    low, high = p.get("minimum"), p.get("maximum")
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} and over"
    return f"up to {high}"


_ENGLISH: dict[str, Callable[[Mapping, Callable[[str], str]], str]] = {
    NEED_MET: lambda p, n: f"Meets the need: {n(p['need'])}",
    PATHWAY_MET: lambda p, n: f"Works on {n(p['pathway'])}, though not this support need exactly",
    COVERS_HOME_BOROUGH: lambda p, n: f"Covers their home borough, {n(p['borough'])}",
    COVERS_LONDON: lambda p, n: (
        f"Works across London, including {n(p['borough'])}"
        if p.get("borough")
        else "Works across London"
    ),
    COVERS_NATIONAL: lambda p, n: "Works across the country",
    IN_REACH: lambda p, n: (
        f"Works in {n(p['prison'])}, where they are now, so contact can start before release"
    ),
    SPEAKS_LANGUAGE: lambda p, n: f"Speaks {language_name(p['language'])}",
    INTERPRETER_NEEDED: lambda p, n: (
        f"Does not list {language_name(p['language'])}: ask them to arrange an interpreter"
    ),
    LANGUAGE_NOT_LISTED: lambda p, n: f"Does not list {language_name(p['language'])}",
    SPECIALISM: lambda p, n: f"Specialises in support for {n(p['group'])}, as they asked",
    LED_BY_AND_FOR: lambda p, n: f"Led by and for {n(p['group'])}",
    AGE_FITS: lambda p, n: f"For ages {_ages(p)}: they are {p['age']}",
    AGE_NOT_RECORDED: lambda p, n: f"For ages {_ages(p)}: check their age, it is not recorded",
    SEX_FITS: lambda p, n: f"For {_SEX_WORDS[p['sex_eligibility']]} only",
    SEX_NOT_RECORDED: lambda p, n: (
        f"For {_SEX_WORDS[p['sex_eligibility']]} only: check they are eligible"
    ),
    PROFESSIONAL_REFERRAL: lambda p, n: "You can refer them",
    SELF_REFERRAL: lambda p, n: "They can also refer themselves",
    SELF_REFERRAL_ONLY: lambda p, n: "Only takes self-referrals: they contact the service",
    TYPICAL_WAIT: lambda p, n: f"Taking referrals, typical wait {_wait(p['days'])}",
    WAIT_NOT_KNOWN: lambda p, n: "Taking referrals, typical wait not known",
    DISTANCE: lambda p, n: f"{p['km']:.1f} km ({p['miles']:.1f} miles) away",
    CLOSED: lambda p, n: f"The service is {p['status']}",
    NOT_ACCEPTING: lambda p, n: "Not taking referrals at the moment",
    TOO_YOUNG: lambda p, n: f"For ages {_ages(p)}: they are {p['age']}",
    TOO_OLD: lambda p, n: f"For ages {_ages(p)}: they are {p['age']}",
    SEX_NOT_ELIGIBLE: lambda p, n: f"For {_SEX_WORDS[p['sex_eligibility']]} only",
    NEED_NOT_MET: lambda p, n: (
        f"Does not work on {n(p['need'] or p['pathway'])} or anything else in {n(p['pathway'])}"
    ),
    OUTSIDE_AREA: lambda p, n: (
        f"Does not cover {n(p['borough'])}"
        + (f" or work in {n(p['prison'])}" if p.get("prison") else "")
    ),
    NO_HOME_BOROUGH: lambda p, n: (
        "Covers only some boroughs, and their home borough is not recorded"
    ),
    NO_REFERRAL_ROUTE: lambda p, n: "Takes neither self-referrals nor professional referrals",
}


def describe(reason: Reason, names: Mapping[str, str] | None = None) -> str:
    """One plain-English sentence. `names` maps codes (needs, pathways, boroughs, prisons,
    groups) to their names; a code without a name is shown as it is."""
    names = names or {}
    return _ENGLISH[reason.code](reason.params, lambda code: names.get(code, code))


def describe_all(reasons, names: Mapping[str, str] | None = None) -> list[str]:
    return [describe(reason, names) for reason in reasons]

"""Suggesting services for one of a person's needs, ranked by fit, with reasons.

Scoring is per (person, need, service) and reads nothing else: not the person's other needs,
not how many there are, not any measure of complexity, so nobody is ranked lower for needing
more. Points are whole numbers, so equal fits tie exactly and the tie-breaks decide: shorter
typical wait (unknown last), then name, then id.

`ServiceIndex` is built once per directory snapshot. Besides the services themselves it keeps
their static parts as numpy arrays and masks (who is open on each pathway, who covers each
borough and prison, who meets each support need, speaks each language, serves each group, age
limits, sex eligibility, position, the points for access and wait), so one suggestion scores
every candidate in a few vectorised operations and builds Reason objects only for the
suggestions actually read. `_assess` stays the definition: it gives the reasons, the
exclusions and `explain`, and `_rank_by_assess` ranks with it alone; the tests hold the
vectorised ranking to it exactly.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from math import asin, cos, radians, sin, sqrt

import numpy as np

from resettle.core.geo import EARTH_RADIUS_M
from resettle.core.matching import explain as why
from resettle.core.matching.explain import Reason
from resettle.core.matching.model import (
    ACTIVE,
    ANYONE,
    SEX_ELIGIBILITIES,
    STATUSES,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceProfile,
    is_london_borough,
)

NEED_POINTS = 100
PATHWAY_POINTS = 40
HOME_BOROUGH_POINTS = 30
LONDON_POINTS = 20
NATIONAL_POINTS = 10
# Contact before release is what makes the transition work (brief, section 1).
IN_REACH_POINTS = 35
LANGUAGE_POINTS = 15
SPECIALISM_POINTS = 15
LED_BY_AND_FOR_POINTS = 10
PROFESSIONAL_REFERRAL_POINTS = 5
SELF_REFERRAL_POINTS = 3
WAIT_NOT_KNOWN_POINTS = 5
# (at most this many days, points); longer waits score nothing.
WAIT_POINTS = ((7, 20), (14, 15), (28, 10), (56, 5))
# (at most this many km, points); further away scores nothing.
DISTANCE_POINTS = ((2, 10), (5, 8), (10, 5), (25, 2))

KM_PER_MILE = 1.609344
# numpy's sin and arcsin may differ from math's in the last bit, so a distance this close to a
# band's edge is worked out again with math, exactly as _assess does.
_BAND_EDGE_KM = 1e-6
_NO_MINIMUM_AGE, _NO_MAXIMUM_AGE = -1, 1 << 30
_SEX_CODES = {sex: n for n, sex in enumerate(SEX_ELIGIBILITIES)}


@dataclass(frozen=True)
class Exclusion:
    service: ServiceProfile
    reasons: tuple[Reason, ...]


class Suggestion:
    """A service that fits, its score, and (computed when first read) the reasons."""

    def __init__(self, service: ServiceProfile, score: int, query: "_Query", facts):
        self.service, self.score = service, score
        self._query, self._facts = query, facts

    @cached_property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(_assess(self._query, self.service, self._facts, explain=True)[1])

    def __repr__(self):
        return f"Suggestion({self.service.id!r}, score={self.score})"


def _tie_break(service: ServiceProfile):
    wait = service.typical_wait_days
    return (wait is None, wait or 0, service.name.casefold(), service.id)


def _radians(location):
    if location is None:
        return None
    latitude = radians(location.latitude)
    return latitude, radians(location.longitude), cos(latitude)


def _facts(service: ServiceProfile, taxonomy: NeedTaxonomy):
    """What _assess needs about a service beyond its profile, worked out once: the pathways it
    works on, the points that depend on the service alone, and its position in radians."""
    pathways = service.pathways | {taxonomy.pathway_of[code] for code in service.needs}
    points = 0
    if service.accepts_professional_referral:
        points += PROFESSIONAL_REFERRAL_POINTS
    if service.accepts_self_referral:
        points += SELF_REFERRAL_POINTS
    wait = service.typical_wait_days
    points += WAIT_NOT_KNOWN_POINTS if wait is None else _band(wait, WAIT_POINTS)
    return pathways, points, _radians(service.location)


class _Query:
    """What one (person, need) pair asks, worked out once rather than per service."""

    __slots__ = (
        "person",
        "need",
        "support_need",
        "pathway",
        "home",
        "home_in_london",
        "prison",
        "language",
        "wanted",
        "location",
    )

    def __init__(self, person: PersonProfile, need: Need, today: date):
        self.person, self.need = person, need
        self.support_need, self.pathway = need.support_need, need.pathway
        self.home = person.home_borough
        self.home_in_london = bool(self.home) and is_london_borough(self.home)
        self.prison = person.prison if person.before_release(today) else None
        language = person.preferred_language
        # English is what every service is assumed to speak, so it earns nothing.
        self.language = language if language and language != "en" else None
        self.wanted = sorted(person.wanted_specialisms)
        self.location = _radians(person.location)


def _band(value, bands):
    for limit, points in bands:
        if value <= limit:
            return points
    return 0


def _assess(q: _Query, s: ServiceProfile, facts, *, explain: bool):
    """(score or None when left out, reasons). Without `explain` it stops at the first reason
    to leave the service out and builds no reasons; with it, it gives every reason."""
    pathways, score, where = facts
    reasons: list[Reason] = []
    out: list[Reason] = []
    p = q.person

    if q.support_need is not None and q.support_need in s.needs:
        score += NEED_POINTS
        if explain:
            reasons.append(Reason(why.NEED_MET, {"need": q.support_need}))
    elif q.pathway in pathways:
        score += PATHWAY_POINTS
        if explain:
            reasons.append(Reason(why.PATHWAY_MET, {"pathway": q.pathway}))
    else:
        if not explain:
            return None, None
        out.append(Reason(why.NEED_NOT_MET, {"need": q.support_need, "pathway": q.pathway}))

    if s.status != ACTIVE:
        if not explain:
            return None, None
        out.append(Reason(why.CLOSED, {"status": s.status}))
    if not s.accepting_referrals:
        if not explain:
            return None, None
        out.append(Reason(why.NOT_ACCEPTING))

    ages = {"minimum": s.minimum_age, "maximum": s.maximum_age}
    if s.minimum_age is not None or s.maximum_age is not None:
        if p.age is None:
            if explain:
                reasons.append(Reason(why.AGE_NOT_RECORDED, ages))
        elif s.minimum_age is not None and p.age < s.minimum_age:
            if not explain:
                return None, None
            out.append(Reason(why.TOO_YOUNG, {**ages, "age": p.age}))
        elif s.maximum_age is not None and p.age > s.maximum_age:
            if not explain:
                return None, None
            out.append(Reason(why.TOO_OLD, {**ages, "age": p.age}))
        elif explain:
            reasons.append(Reason(why.AGE_FITS, {**ages, "age": p.age}))

    if s.sex_eligibility != ANYONE:
        sex = {"sex_eligibility": s.sex_eligibility}
        if not p.sex:
            if explain:
                reasons.append(Reason(why.SEX_NOT_RECORDED, sex))
        elif p.sex != s.sex_eligibility:
            if not explain:
                return None, None
            out.append(Reason(why.SEX_NOT_ELIGIBLE, sex))
        elif explain:
            reasons.append(Reason(why.SEX_FITS, sex))

    covered = False
    if q.home is not None and q.home in s.boroughs:
        covered, score = True, score + HOME_BOROUGH_POINTS
        if explain:
            reasons.append(Reason(why.COVERS_HOME_BOROUGH, {"borough": q.home}))
    elif s.london_wide and (q.home is None or q.home_in_london):
        covered, score = True, score + LONDON_POINTS
        if explain:
            reasons.append(Reason(why.COVERS_LONDON, {"borough": q.home}))
    elif s.national:
        covered, score = True, score + NATIONAL_POINTS
        if explain:
            reasons.append(Reason(why.COVERS_NATIONAL))
    if q.prison is not None and q.prison in s.in_reach_prisons:
        covered, score = True, score + IN_REACH_POINTS
        if explain:
            reasons.append(Reason(why.IN_REACH, {"prison": q.prison}))
    if not covered:
        if not explain:
            return None, None
        if q.home is None and s.boroughs:
            out.append(Reason(why.NO_HOME_BOROUGH, {"prison": q.prison}))
        else:
            out.append(Reason(why.OUTSIDE_AREA, {"borough": q.home, "prison": q.prison}))

    if not (s.accepts_professional_referral or s.accepts_self_referral):
        if not explain:
            return None, None
        out.append(Reason(why.NO_REFERRAL_ROUTE))

    if out:
        return None, out

    if q.language is not None:
        if q.language in s.languages:
            score += LANGUAGE_POINTS
            if explain:
                reasons.append(Reason(why.SPEAKS_LANGUAGE, {"language": q.language}))
        elif explain:
            code = why.INTERPRETER_NEEDED if p.interpreter_needed else why.LANGUAGE_NOT_LISTED
            reasons.append(Reason(code, {"language": q.language}))

    for group in q.wanted:
        if group in s.specialisms:
            score += SPECIALISM_POINTS
            if explain:
                reasons.append(Reason(why.SPECIALISM, {"group": group}))
            if group in s.led_by_and_for:
                score += LED_BY_AND_FOR_POINTS
                if explain:
                    reasons.append(Reason(why.LED_BY_AND_FOR, {"group": group}))

    # The access and wait points are in the facts' starting score; here are their words.
    if explain:
        if s.accepts_professional_referral:
            reasons.append(Reason(why.PROFESSIONAL_REFERRAL))
            if s.accepts_self_referral:
                reasons.append(Reason(why.SELF_REFERRAL))
        else:
            reasons.append(Reason(why.SELF_REFERRAL_ONLY))
        wait = s.typical_wait_days
        if wait is None:
            reasons.append(Reason(why.WAIT_NOT_KNOWN))
        else:
            reasons.append(Reason(why.TYPICAL_WAIT, {"days": wait}))

    if q.location is not None and where is not None:
        # Haversine, as resettle.core.geo, on positions already in radians.
        lat1, lon1, cos1 = q.location
        lat2, lon2, cos2 = where
        a = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
        km = 2 * EARTH_RADIUS_M * asin(sqrt(a)) / 1000
        score += _band(km, DISTANCE_POINTS)
        if explain:
            reasons.append(
                Reason(why.DISTANCE, {"km": round(km, 1), "miles": round(km / KM_PER_MILE, 1)})
            )

    return score, reasons


def _check_service(s: ServiceProfile, taxonomy: NeedTaxonomy) -> None:
    where = f"Service {s.id!r} ({s.name})"
    if s.status not in STATUSES:
        raise ValueError(f"{where}: unknown status {s.status!r}, expected one of {STATUSES}")
    if s.sex_eligibility not in SEX_ELIGIBILITIES:
        raise ValueError(
            f"{where}: unknown sex eligibility {s.sex_eligibility!r}, "
            f"expected one of {SEX_ELIGIBILITIES}"
        )
    if s.minimum_age is not None and s.maximum_age is not None and s.minimum_age > s.maximum_age:
        raise ValueError(
            f"{where}: minimum age {s.minimum_age} is above maximum age {s.maximum_age}"
        )
    if s.typical_wait_days is not None and s.typical_wait_days < 0:
        raise ValueError(f"{where}: typical wait cannot be negative ({s.typical_wait_days})")
    unknown = sorted(s.needs - taxonomy.pathway_of.keys())
    if unknown:
        raise ValueError(f"{where}: unknown support need codes {', '.join(unknown)}")
    unknown = sorted(s.pathways - taxonomy.pathways)
    if unknown:
        raise ValueError(f"{where}: unknown pathway codes {', '.join(unknown)}")


def _check_person(person: PersonProfile) -> None:
    if person.age is not None and not 0 <= person.age <= 130:
        raise ValueError(f"Age must be between 0 and 130, not {person.age}")
    if person.sex not in ("", "female", "male"):
        raise ValueError(f"Sex must be 'female', 'male' or '' (not recorded), not {person.sex!r}")
    if person.in_custody and person.prison is None:
        raise ValueError("A person in custody needs a prison code")


class Suggestions:
    """Ranked suggestions for one need, and (worked out when read) the services left out."""

    def __init__(self, index, query, fitting, scores, order, limit, candidates):
        """`fitting` and `scores`: every service that fits and its score; `order`: positions
        in them of the first `limit` (or all) in ranking order."""
        self.need = query.need
        self._index, self._query = index, query
        self.total = len(fitting)
        self.suggestions = [
            Suggestion(index.services[i], score, query, index.facts[i])
            for i, score in zip(fitting[order].tolist(), scores[order].tolist(), strict=True)
        ]
        self._fitting = fitting
        self._candidates = candidates
        # Services that do not work on this need's pathway at all: each would only say
        # "does not meet the need", so they are counted rather than listed.
        self.not_working_on_need = len(index.services) - len(candidates)

    def __iter__(self):
        return iter(self.suggestions)

    def __len__(self):
        return len(self.suggestions)

    @cached_property
    def excluded(self) -> list[Exclusion]:
        """Services that work on this need or its pathway but are left out, each with every
        reason; those meeting the support need exactly come first, then by name."""
        index, q = self._index, self._query
        left_out = []
        for i in self._candidates.difference(self._fitting.tolist()):
            s = index.services[i]
            reasons = _assess(q, s, index.facts[i], explain=True)[1]
            left_out.append(Exclusion(s, tuple(reasons)))
        left_out.sort(
            key=lambda e: (
                q.support_need not in e.service.needs,
                e.service.name.casefold(),
                e.service.id,
            )
        )
        return left_out

    def explain(self, service_id: str) -> Suggestion | Exclusion:
        """Why one service is, or is not, suggested (any service in the index)."""
        i = self._index.position(service_id)
        s = self._index.services[i]
        score, reasons = _assess(self._query, s, self._index.facts[i], explain=True)
        if score is None:
            return Exclusion(s, tuple(reasons))
        return Suggestion(s, score, self._query, self._index.facts[i])


class ServiceIndex:
    """The directory, indexed once for many suggestions."""

    def __init__(self, services: Iterable[ServiceProfile], taxonomy: NeedTaxonomy):
        self.taxonomy = taxonomy
        self.services: list[ServiceProfile] = []
        self.facts: list[tuple] = []
        self._positions: dict[str, int] = {}
        # Every service on each pathway (for explaining exclusions), and only those that can
        # be suggested at all: active, taking referrals, with some way to refer.
        self._by_pathway: dict[str, set[int]] = {}
        self._open_by_pathway: dict[str, set[int]] = {}
        self._by_borough: dict[str, set[int]] = {}
        self._by_prison: dict[str, set[int]] = {}
        self._london: set[int] = set()
        self._national: set[int] = set()
        for s in services:
            _check_service(s, taxonomy)
            if s.id in self._positions:
                raise ValueError(f"Service {s.id!r} is listed twice")
            i = len(self.services)
            self._positions[s.id] = i
            self.services.append(s)
            facts = _facts(s, taxonomy)
            self.facts.append(facts)
            is_open = (
                s.status == ACTIVE
                and s.accepting_referrals
                and (s.accepts_professional_referral or s.accepts_self_referral)
            )
            for pathway in facts[0]:
                self._by_pathway.setdefault(pathway, set()).add(i)
                if is_open:
                    self._open_by_pathway.setdefault(pathway, set()).add(i)
            for borough in s.boroughs:
                self._by_borough.setdefault(borough, set()).add(i)
            for prison in s.in_reach_prisons:
                self._by_prison.setdefault(prison, set()).add(i)
            if s.london_wide:
                self._london.add(i)
            if s.national:
                self._national.add(i)
        # Ties are broken by each service's place in one fixed order, so ranking sorts plain
        # integers: place - score * len(services).
        order = sorted(range(len(self.services)), key=lambda i: _tie_break(self.services[i]))
        self._place = np.empty(len(order), dtype=np.int64)
        self._place[order] = np.arange(len(order), dtype=np.int64)
        self._build_arrays()

    def _build_arrays(self):
        """The static parts of every service's score, as arrays over positions."""
        services, size = self.services, len(self.services)

        def mask(positions):
            found = np.zeros(size, dtype=bool)
            found[list(positions)] = True
            return found

        def masks(by_code):
            return {code: mask(positions) for code, positions in by_code.items()}

        by_need, by_language, by_specialism, by_led = {}, {}, {}, {}
        for i, s in enumerate(services):
            for code in s.needs:
                by_need.setdefault(code, []).append(i)
            for code in s.languages:
                by_language.setdefault(code, []).append(i)
            for group in s.specialisms:
                by_specialism.setdefault(group, []).append(i)
                # Led by and for a group only counts where it also specialises in it.
                if group in s.led_by_and_for:
                    by_led.setdefault(group, []).append(i)
        self._open_mask = masks(self._open_by_pathway)
        self._borough_mask = masks(self._by_borough)
        self._prison_mask = masks(self._by_prison)
        self._london_mask = mask(self._london)
        self._national_mask = mask(self._national)
        self._need_mask = masks(by_need)
        self._language_mask = masks(by_language)
        self._specialism_mask = masks(by_specialism)
        self._led_mask = masks(by_led)
        self._base = np.array([facts[1] for facts in self.facts], dtype=np.int64)
        self._minimum_age = np.array(
            [_NO_MINIMUM_AGE if s.minimum_age is None else s.minimum_age for s in services],
            dtype=np.int64,
        )
        self._maximum_age = np.array(
            [_NO_MAXIMUM_AGE if s.maximum_age is None else s.maximum_age for s in services],
            dtype=np.int64,
        )
        self._sex = np.array([_SEX_CODES[s.sex_eligibility] for s in services], dtype=np.int8)
        where = np.array(
            [facts[2] or (0.0, 0.0, 0.0) for facts in self.facts], dtype=np.float64
        ).reshape(size, 3)
        self._located = np.array([facts[2] is not None for facts in self.facts], dtype=bool)
        self._latitude, self._longitude, self._cos = where[:, 0], where[:, 1], where[:, 2]

    def __len__(self):
        return len(self.services)

    def position(self, service_id: str) -> int:
        try:
            return self._positions[service_id]
        except KeyError:
            raise ValueError(f"No service with id {service_id!r} in the index") from None

    def _in_area(self, q: _Query, on_pathway: set[int]) -> set[int]:
        """Services on the pathway that cover the home area or work in the person's prison
        (a superset of those that fit: _assess has the last word)."""
        areas = [self._national]
        if q.home is not None:
            areas.append(self._by_borough.get(q.home, set()))
        if q.home is None or q.home_in_london:
            areas.append(self._london)
        if q.prison is not None:
            areas.append(self._by_prison.get(q.prison, set()))
        found: set[int] = set()
        for area in areas:
            found |= on_pathway & area
        return found

    def _query(self, person: PersonProfile, need: Need, today: date) -> _Query:
        self.taxonomy.check(need)
        _check_person(person)
        return _Query(person, need, today)

    def _rank_by_assess(self, person: PersonProfile, need: Need, *, today: date):
        """[(service id, score), ...] best first, from `_assess` alone, one service at a time:
        the definition the vectorised ranking is held to."""
        q = self._query(person, need, today)
        found = []
        for i in self._in_area(q, self._open_by_pathway.get(need.pathway, set())):
            score = _assess(q, self.services[i], self.facts[i], explain=False)[0]
            if score is not None:
                found.append((-score, int(self._place[i]), i))
        found.sort()
        return [(self.services[i].id, -negative) for negative, _place, i in found]

    def _score(self, q: _Query):
        """(positions of the services that fit, their scores): `_assess` over arrays."""
        open_on_pathway = self._open_mask.get(q.pathway)
        if open_on_pathway is None:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        area = self._national_mask.copy()
        home = self._borough_mask.get(q.home) if q.home is not None else None
        if home is not None:
            area |= home
        london = q.home is None or q.home_in_london
        if london:
            area |= self._london_mask
        prison = self._prison_mask.get(q.prison) if q.prison is not None else None
        if prison is not None:
            area |= prison
        found = np.flatnonzero(area & open_on_pathway)

        p = q.person
        if p.age is not None:
            fits = (self._minimum_age[found] <= p.age) & (self._maximum_age[found] >= p.age)
            found = found[fits]
        if p.sex:
            sex = self._sex[found]
            found = found[(sex == _SEX_CODES[ANYONE]) | (sex == _SEX_CODES[p.sex])]

        score = self._base[found]  # a copy: fancy indexing
        exact = self._need_mask.get(q.support_need) if q.support_need is not None else None
        if exact is None:
            score += PATHWAY_POINTS
        else:
            score += np.where(exact[found], NEED_POINTS, PATHWAY_POINTS)

        # Home borough, else London, else national: the first that covers counts.
        covers = np.zeros(len(found), dtype=np.int64)
        covers[self._national_mask[found]] = NATIONAL_POINTS
        if london:
            covers[self._london_mask[found]] = LONDON_POINTS
        if home is not None:
            covers[home[found]] = HOME_BOROUGH_POINTS
        score += covers
        if prison is not None:
            score += prison[found] * IN_REACH_POINTS

        if q.language is not None:
            speaks = self._language_mask.get(q.language)
            if speaks is not None:
                score += speaks[found] * LANGUAGE_POINTS
        for group in q.wanted:
            specialises = self._specialism_mask.get(group)
            if specialises is not None:
                score += specialises[found] * SPECIALISM_POINTS
                led = self._led_mask.get(group)
                if led is not None:
                    score += led[found] * LED_BY_AND_FOR_POINTS

        if q.location is not None:
            located = self._located[found]
            score[located] += self._distance_points(q.location, found[located])
        return found, score

    def _distance_points(self, origin, found):
        lat1, lon1, cos1 = origin
        lat2, lon2 = self._latitude[found], self._longitude[found]
        a = (
            np.sin((lat2 - lat1) / 2) ** 2
            + cos1 * self._cos[found] * np.sin((lon2 - lon1) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a)) / 1000
        limits = np.array([limit for limit, _points in DISTANCE_POINTS], dtype=np.float64)
        table = np.array([points for _limit, points in DISTANCE_POINTS] + [0], dtype=np.int64)
        points = table[np.searchsorted(limits, km, side="left")]
        for n in np.flatnonzero(np.abs(km[:, None] - limits).min(axis=1) < _BAND_EDGE_KM):
            i = int(found[n])
            lat2, lon2, cos2 = self.facts[i][2]
            a = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
            points[n] = _band(2 * EARTH_RADIUS_M * asin(sqrt(a)) / 1000, DISTANCE_POINTS)
        return points

    def suggest(
        self, person: PersonProfile, need: Need, *, today: date, limit: int | None = None
    ) -> Suggestions:
        q = self._query(person, need, today)
        if limit is not None and limit < 0:
            raise ValueError(f"limit cannot be negative ({limit})")
        found, score = self._score(q)
        keys = self._place[found] - score * len(self.services)
        if limit is None or limit >= len(keys):
            order = np.argsort(keys)
        else:
            # Only the first `limit` are put in order; the rest are only counted.
            first = np.argpartition(keys, limit - 1)[:limit] if limit else keys[:0]
            order = first[np.argsort(keys[first])]
        candidates = self._by_pathway.get(need.pathway, set())
        return Suggestions(self, q, found, score, order, limit, candidates)

    def suggest_many(
        self,
        people_needs: Iterable[tuple[PersonProfile, Iterable[Need]]],
        *,
        today: date,
        limit: int | None = 10,
    ) -> list[dict[Need, Suggestions]]:
        """Suggestions for many people, each need on its own, in the order given: one dict
        (need -> Suggestions) per (person, needs) pair. The top `limit` per need by default,
        as a page shows."""
        return [
            {need: self.suggest(person, need, today=today, limit=limit) for need in needs}
            for person, needs in people_needs
        ]


def suggest(
    person: PersonProfile,
    need: Need,
    services: ServiceIndex | Iterable[ServiceProfile],
    *,
    today: date,
    limit: int | None = None,
    taxonomy: NeedTaxonomy | None = None,
) -> Suggestions:
    """Services for one need of one person, best fit first. Pass a ServiceIndex when
    suggesting more than once; a plain list of services needs the taxonomy."""
    if not isinstance(services, ServiceIndex):
        if taxonomy is None:
            raise ValueError("Suggesting from a list of services needs the needs taxonomy")
        services = ServiceIndex(services, taxonomy)
    return services.suggest(person, need, today=today, limit=limit)


def suggest_for_needs(
    person: PersonProfile,
    needs: Iterable[Need],
    index: ServiceIndex,
    *,
    today: date,
    limit: int | None = None,
) -> dict[Need, Suggestions]:
    """Suggestions for each need on its own: one need's suggestions never depend on the
    others, nor on how many there are."""
    return {need: index.suggest(person, need, today=today, limit=limit) for need in needs}

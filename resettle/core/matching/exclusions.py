"""How many services working on a need are left out, and for which reasons, over arrays.

The suggest page shows counts of what was left out and why, and lists them a page at a time.
A directory can have ten thousand services left out for one need, too many to build a Reason
for each, so the exclusion rules of score._assess are applied here to whole arrays at once.
The tests hold these counts to the core's own `Suggestions.excluded` exactly, so the two
cannot drift apart.
"""

from collections import Counter
from datetime import date

import numpy as np

from resettle.core.matching import explain as why
from resettle.core.matching.model import (
    ACTIVE,
    ANYONE,
    SEX_ELIGIBILITIES,
    Need,
    PersonProfile,
    is_london_borough,
)
from resettle.core.matching.score import ServiceIndex


class ExclusionCounter:
    """How many services working on a need are left out, for each reason, without building a
    Reason for each of them (there can be ten thousand): the exclusion rules of
    resettle.core.matching.score._assess over arrays. Tests hold the counts to the core's own
    `Suggestions.excluded` exactly. Plain numpy, no Django."""

    def __init__(self, index: ServiceIndex):
        services, size = index.services, len(index.services)

        def mask(test):
            return np.fromiter((bool(test(s)) for s in services), dtype=bool, count=size)

        def masks(codes_of):
            by_code: dict[str, list[int]] = {}
            for i, s in enumerate(services):
                for code in codes_of(i, s):
                    by_code.setdefault(code, []).append(i)
            found = {}
            for code, positions in by_code.items():
                m = np.zeros(size, dtype=bool)
                m[positions] = True
                found[code] = m
            return found

        self.size = size
        self.on_pathway = masks(lambda i, s: index.facts[i][0])
        self.need = masks(lambda i, s: s.needs)
        order = sorted(range(size), key=lambda i: (services[i].name.casefold(), services[i].id))
        self.by_name = np.empty(size, dtype=np.int64)
        self.by_name[order] = np.arange(size, dtype=np.int64)
        self.borough = masks(lambda i, s: s.boroughs)
        self.prison = masks(lambda i, s: s.in_reach_prisons)
        self.has_boroughs = mask(lambda s: s.boroughs)
        self.london = mask(lambda s: s.london_wide)
        self.national = mask(lambda s: s.national)
        self.closed = mask(lambda s: s.status != ACTIVE)
        self.not_accepting = mask(lambda s: not s.accepting_referrals)
        self.no_route = mask(
            lambda s: not (s.accepts_professional_referral or s.accepts_self_referral)
        )
        self.minimum = np.fromiter(
            (-1 if s.minimum_age is None else s.minimum_age for s in services), np.int64, size
        )
        self.maximum = np.fromiter(
            (1 << 30 if s.maximum_age is None else s.maximum_age for s in services),
            np.int64,
            size,
        )
        sex_codes = {sex: n for n, sex in enumerate(SEX_ELIGIBILITIES)}
        self.sex = np.fromiter((sex_codes[s.sex_eligibility] for s in services), np.int8, size)
        self._sex_codes = sex_codes

    def reasons(self, person: PersonProfile, need: Need, today: date) -> dict[str, np.ndarray]:
        """{reason code: mask of the services working on the need left out for it}."""
        candidates = self.on_pathway.get(need.pathway)
        if candidates is None:
            return {}
        home = person.home_borough
        prison = person.prison if person.before_release(today) else None
        empty = np.zeros(self.size, dtype=bool)
        covered = self.national.copy()
        if home is not None:
            covered |= self.borough.get(home, empty)
        if home is None or is_london_borough(home):
            covered |= self.london
        if prison is not None:
            covered |= self.prison.get(prison, empty)
        reasons = {
            why.CLOSED: self.closed,
            why.NOT_ACCEPTING: self.not_accepting,
            why.NO_REFERRAL_ROUTE: self.no_route,
        }
        if person.age is not None:
            reasons[why.TOO_YOUNG] = person.age < self.minimum
            reasons[why.TOO_OLD] = (person.age > self.maximum) & ~reasons[why.TOO_YOUNG]
        if person.sex:
            reasons[why.SEX_NOT_ELIGIBLE] = (self.sex != self._sex_codes[ANYONE]) & (
                self.sex != self._sex_codes[person.sex]
            )
        if home is None:
            reasons[why.NO_HOME_BOROUGH] = ~covered & self.has_boroughs
            reasons[why.OUTSIDE_AREA] = ~covered & ~self.has_boroughs
        else:
            reasons[why.OUTSIDE_AREA] = ~covered
        return {code: hit & candidates for code, hit in reasons.items()}

    def count(self, person: PersonProfile, need: Need, today: date) -> dict[str, int]:
        """{reason code: services left out for it}, and "total": services left out at all."""
        counts, left_out = {}, np.zeros(self.size, dtype=bool)
        for code, hit in self.reasons(person, need, today).items():
            left_out |= hit
            n = int(np.count_nonzero(hit))
            if n:
                counts[code] = n
        counts["total"] = int(np.count_nonzero(left_out))
        return counts

    def left_out(self, person: PersonProfile, need: Need, today: date, code=None) -> np.ndarray:
        """Positions of the services left out (for `code`, if given) in the order the core
        lists them: meeting the support need exactly first, then by name, then by id."""
        reasons = self.reasons(person, need, today)
        if code is not None:
            hit = reasons.get(code, np.zeros(self.size, dtype=bool))
        else:
            hit = np.zeros(self.size, dtype=bool)
            for mask in reasons.values():
                hit |= mask
        found = np.flatnonzero(hit)
        exact = self.need.get(need.support_need) if need.support_need is not None else None
        key = self.by_name[found].copy()
        if exact is None:
            key += self.size
        else:
            key += np.where(exact[found], 0, self.size)
        return found[np.argsort(key, kind="stable")]


def count_reasons(exclusions) -> Counter:
    """{code: services left out for it}, from the core's own explanations: what
    ExclusionCounter must agree with."""
    return Counter(code for e in exclusions for code in {r.code for r in e.reasons})

"""The vectorised ranking agrees exactly with ranking by `_assess` one service at a time."""

import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from resettle.core.matching import (
    Location,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceIndex,
    ServiceProfile,
)
from resettle.core.matching import score as scoring

TODAY = date(2026, 6, 1)
TREE = [
    ("accommodation", ["find-accommodation", "supported-housing", "keep-tenancy"]),
    ("finance-id", ["id-documents", "benefits"]),
    ("health", ["mental-health", "register-gp"]),
    ("families", []),
]
TAXONOMY = NeedTaxonomy.from_tree(TREE)
NEEDS = [Need(pathway, code) for pathway, codes in TREE for code in [None, *codes]]
SUPPORT_NEEDS = [code for _pathway, codes in TREE for code in codes]
BOROUGHS = ["E09000012", "E09000007", "E09000001", "E09000030"]
HOMES = [None, *BOROUGHS, "W06000015"]
PRISONS = ["PVI", "BZI", "WWI"]
LANGUAGES = ["en", "so", "pl", "ar"]
GROUPS = ["women", "veterans", "muslim", "care-leavers"]


def ranking(found):
    return [(s.service.id, s.score) for s in found]


def agrees(index, person, need):
    expected = index._rank_by_assess(person, need, today=TODAY)
    every = index.suggest(person, need, today=TODAY)
    assert ranking(every) == expected
    assert every.total == len(expected)
    for limit in (0, 1, 3, 10):
        top = index.suggest(person, need, today=TODAY, limit=limit)
        assert ranking(top) == expected[:limit]
        assert top.total == len(expected)


def random_location(rng):
    # A few kilometres around central London, so every distance band is used.
    return Location(51.5 + rng.uniform(-0.25, 0.25), -0.1 + rng.uniform(-0.35, 0.35))


def random_service(rng, n):
    minimum = rng.choice([None, None, 16, 18, 25, 50])
    maximum = rng.choice([None, None, 25, 40, 65])
    if minimum is not None and maximum is not None and minimum > maximum:
        minimum, maximum = maximum, minimum
    specialisms = frozenset(rng.sample(GROUPS, rng.randrange(0, 3)))
    return ServiceProfile(
        id=f"s{n}",
        name=rng.choice(["Alpha", "alpha", "Beta", "Gamma"]),
        organisation="org",
        status=rng.choice(["active", "active", "active", "defunct", "temporarily closed"]),
        accepting_referrals=rng.random() < 0.85,
        needs=frozenset(rng.sample(SUPPORT_NEEDS, rng.randrange(0, 3))),
        pathways=frozenset(rng.sample([p for p, _ in TREE], rng.choice((0, 0, 0, 1)))),
        boroughs=frozenset(rng.sample(BOROUGHS, rng.randrange(0, 3))),
        london_wide=rng.random() < 0.2,
        national=rng.random() < 0.1,
        in_reach_prisons=frozenset(rng.sample(PRISONS, rng.choice((0, 0, 1, 2)))),
        languages=frozenset(rng.sample(LANGUAGES, rng.randrange(0, 3))),
        specialisms=specialisms,
        led_by_and_for=frozenset(g for g in GROUPS if rng.random() < 0.3),
        minimum_age=minimum,
        maximum_age=maximum,
        sex_eligibility=rng.choice(["all", "all", "female", "male"]),
        accepts_self_referral=rng.random() < 0.5,
        accepts_professional_referral=rng.random() < 0.85,
        typical_wait_days=rng.choice([None, 0, 7, 8, 14, 28, 56, 57, rng.randrange(0, 100)]),
        location=random_location(rng) if rng.random() < 0.8 else None,
    )


def random_person(rng):
    in_custody = rng.random() < 0.4
    return PersonProfile(
        age=rng.choice([None, 16, 18, 25, 30, 40, 50, 65, 70]),
        sex=rng.choice(["", "female", "male"]),
        home_borough=rng.choice(HOMES),
        in_custody=in_custody,
        prison=rng.choice(PRISONS) if in_custody else rng.choice([None, "PVI"]),
        release_date=TODAY + timedelta(days=rng.randrange(-30, 90)) if in_custody else None,
        preferred_language=rng.choice([None, "en", "so", "ar", "fr"]),
        interpreter_needed=rng.random() < 0.3,
        wanted_specialisms=frozenset(rng.sample(GROUPS, rng.randrange(0, 3))),
        location=random_location(rng) if rng.random() < 0.8 else None,
    )


def test_it_ranks_random_directories_exactly_as_the_full_assessment():
    rng = random.Random(4)
    services = [random_service(rng, n) for n in range(3000)]
    index = ServiceIndex(services, TAXONOMY)
    for _ in range(150):
        agrees(index, random_person(rng), rng.choice(NEEDS))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40))
def test_it_ranks_small_directories_exactly_as_the_full_assessment(seed, size):
    rng = random.Random(seed)
    index = ServiceIndex([random_service(rng, n) for n in range(size)], TAXONOMY)
    for _ in range(5):
        agrees(index, random_person(rng), rng.choice(NEEDS))


def test_it_works_out_distances_near_a_band_edge_as_the_full_assessment(monkeypatch):
    # Treat every distance as near an edge, so each is worked out again one at a time.
    monkeypatch.setattr(scoring, "_BAND_EDGE_KM", 1000.0)
    rng = random.Random(5)
    index = ServiceIndex([random_service(rng, n) for n in range(500)], TAXONOMY)
    for _ in range(30):
        person = replace(random_person(rng), location=random_location(rng))
        agrees(index, person, rng.choice(NEEDS))


def test_it_suggests_for_many_people_as_for_each_alone():
    rng = random.Random(6)
    index = ServiceIndex([random_service(rng, n) for n in range(400)], TAXONOMY)
    batch = [(random_person(rng), rng.sample(NEEDS, rng.randrange(1, 4))) for _ in range(20)]
    many = index.suggest_many(batch, today=TODAY, limit=5)
    assert len(many) == len(batch)
    for (person, needs), found in zip(batch, many, strict=True):
        assert list(found) == needs
        for need in needs:
            alone = index.suggest(person, need, today=TODAY, limit=5)
            assert ranking(found[need]) == ranking(alone)
            assert [s.reasons for s in found[need]] == [s.reasons for s in alone]


def test_it_keeps_explanations_and_exclusions_exact_after_a_limited_ranking():
    rng = random.Random(7)
    index = ServiceIndex([random_service(rng, n) for n in range(300)], TAXONOMY)
    for _ in range(20):
        person, need = random_person(rng), rng.choice(NEEDS)
        top = index.suggest(person, need, today=TODAY, limit=3)
        full = index.suggest(person, need, today=TODAY)
        assert [(e.service.id, e.reasons) for e in top.excluded] == [
            (e.service.id, e.reasons) for e in full.excluded
        ]
        for s in full:
            assert (
                index.suggest(person, need, today=TODAY, limit=1).explain(s.service.id).score
                == s.score
            )


def test_it_suggests_nothing_from_an_empty_directory():
    index = ServiceIndex([], TAXONOMY)
    found = index.suggest(PersonProfile(age=30), NEEDS[0], today=TODAY, limit=10)
    assert list(found) == [] and found.total == 0 and found.excluded == []

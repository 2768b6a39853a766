"""Counting what is left out over arrays agrees exactly with the core's own explanations."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from resettle.core.matching import ExclusionCounter, ServiceIndex, count_reasons
from resettle.core.matching import explain as why
from resettle.core.matching.tests.test_fast_path import (
    NEEDS,
    TAXONOMY,
    TODAY,
    random_person,
    random_service,
)


def agrees(index, counter, person, need):
    found = index.suggest(person, need, today=TODAY, limit=10)
    counts = counter.count(person, need, TODAY)
    total = counts.pop("total")
    assert counts == dict(count_reasons(found.excluded))
    assert total == len(found.excluded)
    # Listed in the core's order: meeting the support need exactly first, then by name.
    positions = counter.left_out(person, need, TODAY)
    assert [index.services[i].id for i in positions] == [e.service.id for e in found.excluded]
    for code in counts:
        positions = counter.left_out(person, need, TODAY, code)
        expected = [e for e in found.excluded if any(r.code == code for r in e.reasons)]
        assert [index.services[i].id for i in positions] == [e.service.id for e in expected]
    return set(counts)


def test_it_counts_and_lists_what_is_left_out_as_the_core_explains_it():
    rng = random.Random(8)
    index = ServiceIndex([random_service(rng, n) for n in range(2000)], TAXONOMY)
    counter = ExclusionCounter(index)
    seen = set()
    for _ in range(200):
        seen |= agrees(index, counter, random_person(rng), rng.choice(NEEDS))
    # Every reason a service working on the need can be left out for has been exercised.
    assert seen == set(why.EXCLUSIONS) - {why.NEED_NOT_MET}


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 30))
def test_it_counts_small_directories_as_the_core_explains_them(seed, size):
    rng = random.Random(seed)
    index = ServiceIndex([random_service(rng, n) for n in range(size)], TAXONOMY)
    counter = ExclusionCounter(index)
    for _ in range(5):
        agrees(index, counter, random_person(rng), rng.choice(NEEDS))

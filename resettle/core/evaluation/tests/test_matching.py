"""Nearest-neighbour matching against brute force and hand-worked cases."""

import numpy as np
import pytest

from resettle.core.evaluation.matching import common_support, nearest_neighbours


def brute_force_greedy(treated, pool, ratio, caliper, sequence):
    used = set()
    matches = {i: [] for i in range(len(treated))}
    active = set(range(len(treated)))
    for _ in range(ratio):
        for i in sequence:
            if i not in active:
                continue
            free = [j for j in range(len(pool)) if j not in used]
            if not free:
                active.discard(i)
                continue
            j = min(free, key=lambda j: (abs(pool[j] - treated[i]), pool[j]))
            if abs(pool[j] - treated[i]) > caliper:
                active.discard(i)
                continue
            used.add(j)
            matches[i].append(j)
    return {i: m for i, m in matches.items() if m}


def as_dict(matches):
    return {
        int(t): [int(c) for c in row if c >= 0]
        for t, row in zip(matches.treated, matches.controls, strict=True)
    }


def test_it_matches_by_hand_greedily_in_descending_order():
    treated = np.array([0.0, 0.1])
    pool = np.array([0.05, 0.5, -1.0])
    matches = nearest_neighbours(treated, pool, replacement=False, order="descending")
    # 0.1 goes first and takes 0.05; 0.0 is left with 0.5, nearer than -1.0.
    assert as_dict(matches) == {1: [0], 0: [1]}
    tight = nearest_neighbours(treated, pool, replacement=False, order="descending", caliper=0.3)
    assert as_dict(tight) == {1: [0]}


def test_it_lets_comparisons_be_reused_with_replacement():
    treated = np.array([0.0, 0.01, 0.02])
    pool = np.array([0.011, 5.0, -5.0])
    matches = nearest_neighbours(treated, pool, replacement=True)
    assert as_dict(matches) == {0: [0], 1: [0], 2: [0]}
    assert matches.control_weights(3).tolist() == [3.0, 0.0, 0.0]


@pytest.mark.parametrize("ratio", [1, 3])
@pytest.mark.parametrize("caliper", [np.inf, 0.05])
def test_it_agrees_with_brute_force_greedy_matching(ratio, caliper):
    rng = np.random.default_rng(ratio)
    treated = rng.normal(0.5, 1, size=40)
    pool = rng.normal(0, 1, size=150)
    # The engine draws its random order from the generator it is given: the same seed here.
    sequence = np.random.default_rng(99).permutation(40)
    expected = brute_force_greedy(treated, pool, ratio, caliper, sequence)
    matches = nearest_neighbours(
        treated,
        pool,
        ratio=ratio,
        replacement=False,
        caliper=caliper,
        rng=np.random.default_rng(99),
    )
    assert len(expected) > 20
    assert as_dict(matches) == expected


@pytest.mark.parametrize("ratio", [1, 4])
def test_it_finds_the_k_nearest_with_replacement_like_brute_force(ratio):
    rng = np.random.default_rng(7)
    treated = rng.normal(0.5, 1, size=200)
    pool = rng.normal(0, 1, size=500)
    matches = nearest_neighbours(treated, pool, ratio=ratio, replacement=True)
    gaps = np.abs(pool[None, :] - treated[:, None])
    expected = np.sort(gaps, axis=1)[:, :ratio]
    np.testing.assert_allclose(np.sort(matches.distances, axis=1), expected)
    assert matches.slot_weights.sum(axis=1) == pytest.approx(np.ones(200))


def test_it_weights_a_treated_person_with_fewer_matches_inside_the_caliper():
    treated = np.array([0.0])
    pool = np.array([0.01, 0.02, 3.0])
    matches = nearest_neighbours(treated, pool, ratio=3, caliper=0.1)
    assert as_dict(matches) == {0: [0, 1]}
    assert matches.control_weights(3).tolist() == [0.5, 0.5, 0.0]


def test_it_trims_treated_people_outside_the_pools_range():
    keep = common_support(np.array([-3.0, 0.0, 0.5, 2.0]), np.array([-1.0, 0.0, 1.0]))
    assert keep.tolist() == [False, True, True, False]


def test_it_finds_each_comparisons_nearest_other_comparison():
    pool = np.array([0.0, 1.0, 0.9, 5.0])
    matches = nearest_neighbours(np.array([0.95]), pool)
    assert matches.pool_neighbours(np.array([0, 1, 2, 3])).tolist() == [2, 2, 1, 1]

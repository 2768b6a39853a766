"""Common support and nearest-neighbour matching on the logit of the propensity score.

Nearest neighbours come from the sorted comparison logits and np.searchsorted: with
replacement every treated person is matched in one vectorised pass; without replacement the
greedy order matters, so treated people are taken one at a time (never a loop over the pool)
and used comparisons are skipped with union-find pointers, keeping each match O(log n).
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Matches:
    treated: np.ndarray  # index into the treated cohort of each matched treated person
    controls: np.ndarray  # (matched, ratio) index into the pool, -1 where a slot is empty
    distances: np.ndarray  # (matched, ratio) absolute logit difference, NaN where empty
    pool_order: np.ndarray  # the pool sorted by logit, kept for neighbour look-ups
    sorted_pool_logits: np.ndarray

    def pool_neighbours(self, used: np.ndarray) -> np.ndarray:
        """For each pool index in ``used``, the pool person with the closest other score."""
        order, logits = self.pool_order, self.sorted_pool_logits
        n = len(order)
        if n < 2:
            return used.copy()
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        r = rank[used]
        below, above = np.maximum(r - 1, 0), np.minimum(r + 1, n - 1)
        gap_below = np.where(r > 0, logits[r] - logits[below], np.inf)
        gap_above = np.where(r < n - 1, logits[above] - logits[r], np.inf)
        return order[np.where(gap_below <= gap_above, below, above)]

    @property
    def filled(self) -> np.ndarray:
        return self.controls >= 0

    @property
    def slot_weights(self) -> np.ndarray:
        """Each treated person's matches share a weight of one between them."""
        filled = self.filled
        return filled / filled.sum(axis=1, keepdims=True)

    def control_weights(self, pool_size: int) -> np.ndarray:
        filled = self.filled
        return np.bincount(
            self.controls[filled], weights=self.slot_weights[filled], minlength=pool_size
        )


def common_support(treated_logits: np.ndarray, pool_logits: np.ndarray) -> np.ndarray:
    """Treated people whose score lies within the range of the comparison pool's scores."""
    return (treated_logits >= pool_logits.min()) & (treated_logits <= pool_logits.max())


def pooled_sd(treated_logits: np.ndarray, pool_logits: np.ndarray) -> float:
    # Austin (2011): the caliper is a fraction of the pooled SD of the logit.
    def variance(logits):
        return logits.var(ddof=1) if len(logits) > 1 else 0.0

    return float(np.sqrt((variance(treated_logits) + variance(pool_logits)) / 2))


def nearest_neighbours(
    treated_logits: np.ndarray,
    pool_logits: np.ndarray,
    *,
    ratio: int = 1,
    replacement: bool = True,
    caliper: float = np.inf,
    order: str = "random",
    rng: np.random.Generator | None = None,
) -> Matches:
    """Match each treated person to up to ``ratio`` comparisons within the caliper.

    Treated people with no comparison inside the caliper are left out; those with fewer than
    ``ratio`` keep the matches they have, and each of their matches is weighted accordingly.
    """
    sort = np.argsort(pool_logits, kind="stable")
    sorted_logits = pool_logits[sort]
    positions = np.searchsorted(sorted_logits, treated_logits)
    if replacement:
        slots, distances = _with_replacement(sorted_logits, treated_logits, positions, ratio)
    else:
        if order == "descending":
            sequence = np.argsort(-treated_logits, kind="stable")
        else:
            sequence = (rng or np.random.default_rng(0)).permutation(len(treated_logits))
        slots, distances = _greedy(
            sorted_logits, treated_logits, positions, ratio, sequence, caliper
        )
    inside = distances <= caliper
    slots = np.where(inside, slots, -1)
    kept = inside.any(axis=1)
    controls = np.where(slots >= 0, sort[np.maximum(slots, 0)], -1)[kept]
    return Matches(
        treated=np.flatnonzero(kept),
        controls=controls,
        distances=np.where(inside, distances, np.nan)[kept],
        pool_order=sort,
        sorted_pool_logits=sorted_logits,
    )


def _with_replacement(sorted_logits, treated_logits, positions, ratio):
    # The k nearest values to x in a sorted array lie within k places either side of where x
    # would be inserted, so 2k candidates per treated person suffice.
    n = len(sorted_logits)
    candidates = positions[:, None] + np.arange(-ratio, ratio)
    valid = (candidates >= 0) & (candidates < n)
    clipped = np.clip(candidates, 0, n - 1)
    distance = np.where(valid, np.abs(sorted_logits[clipped] - treated_logits[:, None]), np.inf)
    nearest = np.argsort(distance, axis=1, kind="stable")[:, :ratio]
    return (
        np.take_along_axis(clipped, nearest, axis=1),
        np.take_along_axis(distance, nearest, axis=1),
    )


def _greedy(sorted_logits, treated_logits, positions, ratio, sequence, caliper):
    n = len(sorted_logits)
    values = sorted_logits.tolist()
    targets = treated_logits.tolist()
    starts = positions.tolist()
    # right[i]: nearest unused index >= i (n when none); left[i + 1]: nearest unused <= i,
    # stored shifted by one so that slot 0 means "none".
    right = list(range(n + 1))
    left = list(range(n + 1))
    slots = np.full((len(targets), ratio), -1, dtype=np.int64)
    distances = np.full((len(targets), ratio), np.inf)
    active = np.ones(len(targets), dtype=bool)
    for round_ in range(ratio):
        for i in sequence.tolist():
            if not active[i]:
                continue
            target, start = targets[i], starts[i]
            above = _find(right, start)
            below = _find(left, start) - 1
            best, gap = -1, np.inf
            if above < n:
                best, gap = above, values[above] - target
            if below >= 0 and target - values[below] < gap:
                best, gap = below, target - values[below]
            if best < 0 or gap > caliper:
                # A comparison outside the caliper is left free for someone it suits.
                active[i] = False
                continue
            slots[i, round_], distances[i, round_] = best, gap
            right[best] = best + 1
            left[best + 1] = best
    return slots, distances


def _find(parent: list[int], i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root

"""How far the two groups' propensity scores overlap, before and after matching.

Kept as shares of each group in bins of equal width on the logit of the score (the scale the
matching works on), never as people's scores or counts: a report shows the shapes without
saying anything about any one person, and a million-person pool summarises to a few numbers.
"""

import math
from dataclasses import dataclass

import numpy as np

from .matching import Matches

BINS = 20
# A pool of a million has a few extreme scores; the axis covers the bulk of the pool and every
# treated person, and the end bins hold the pool's thin tails.
POOL_TAIL = 0.5


@dataclass
class ScoreOverlap:
    edges: list[float]  # logit of the propensity score at each bin edge (bins + 1 values)
    treated_before: list[float]  # share of the whole treated cohort in each bin (sums to 1)
    comparison_before: list[float]  # share of the whole comparison pool
    treated_after: list[float]  # share of the matched treated people
    comparison_after: list[float]  # share of matched comparisons, weighted as in the estimate

    @property
    def probabilities(self) -> list[float]:
        """The bin edges as propensity scores (chances from 0 to 1)."""
        return [1 / (1 + math.exp(-edge)) for edge in self.edges]


def score_overlap(
    treated_logits: np.ndarray, pool_logits: np.ndarray, matches: Matches, bins: int = BINS
) -> ScoreOverlap:
    low, high = np.percentile(pool_logits, [POOL_TAIL, 100 - POOL_TAIL])
    low, high = min(low, treated_logits.min()), max(high, treated_logits.max())
    if not high > low:
        # Everyone has the same score: one bin either side of it.
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)
    weights = matches.control_weights(len(pool_logits))
    used = np.flatnonzero(weights)

    def shares(logits, weights=None):
        counts, _ = np.histogram(np.clip(logits, low, high), bins=edges, weights=weights)
        total = counts.sum()
        return [float(c / total) if total else 0.0 for c in counts]

    return ScoreOverlap(
        edges=[float(edge) for edge in edges],
        treated_before=shares(treated_logits),
        comparison_before=shares(pool_logits),
        treated_after=shares(treated_logits[matches.treated]),
        comparison_after=shares(pool_logits[used], weights[used]),
    )

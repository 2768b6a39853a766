"""Time the evaluation at the sizes the issue asks for.

Run with: python -m resettle.core.evaluation.bench
"""

import os
import time

from .data import Outcome
from .engine import EvaluationOptions, evaluate
from .simulation import simulate

SCENARIOS = [
    # (treated, pool, covariates)
    (200, 16_000, 10),
    (1_000, 1_000_000, 20),
]


def run(n_treated: int, n_pool: int, n_covariates: int, options: EvaluationOptions) -> dict:
    treated, pool, covariates, _ = simulate(n_treated, n_pool, n_covariates, seed=1)
    start = time.perf_counter()
    result = evaluate(
        treated,
        pool,
        covariates,
        [Outcome.reoffending(), Outcome.frequency(), Outcome.days_employed()],
        options,
    )
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "iterations": result.propensity.iterations,
        "matched": result.matching.treated_matched,
    }


def main() -> None:
    print(f"CPUs available: {len(os.sched_getaffinity(0))}")
    for n_treated, n_pool, n_covariates in SCENARIOS:
        for label, options in [
            ("1:1 with replacement", EvaluationOptions()),
            ("1:1 greedy without replacement", EvaluationOptions(replacement=False)),
            ("3:1 with replacement", EvaluationOptions(ratio=3)),
        ]:
            figures = run(n_treated, n_pool, n_covariates, options)
            print(
                f"{n_treated:>6,} treated vs {n_pool:>9,} pool x {n_covariates:>2} covariates, "
                f"{label:<31}: {figures['seconds']:7.3f} s "
                f"({figures['iterations']} Newton iterations, {figures['matched']:,} matched)"
            )


if __name__ == "__main__":
    main()

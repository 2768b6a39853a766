"""Our impact evaluation beside the open-source propensity-matching packages (issue 5).

    uv sync --frozen --group compare       # psmpy, causalinference, DoWhy: never a default
    python -m benchmarks.evaluation_compare [--sizes small|big|all] [--limit-seconds 600]
    uv sync --frozen                       # back to the normal environment

The data are simulated once per size with resettle.core.evaluation.simulation (strong
confounding, known effect on one-year re-offending) and every contender, ours included, runs on
those same arrays in a child forked from this process: the fork shares the data without
copying or re-reading it, and lets a package that runs past the time limit, or past the memory
limit, be stopped and recorded as such without stopping the run. Each time covers the
package's own work from the prepared data (for the packages, a pandas DataFrame or arrays built
before the clock starts) to the effect on the treated.
"""

import argparse
import importlib.metadata
import multiprocessing
import os
import resource
import time
import traceback
import warnings

import numpy as np

from resettle.core.evaluation import EvaluationOptions, Outcome, evaluate
from resettle.core.evaluation.simulation import simulate

SIZES = {
    "small": (200, 16_000, 10),
    "big": (1_000, 1_000_000, 20),
}
OUTCOME = "reoffended"
MEMORY_LIMIT_GB = 8


def ours(data):
    result = evaluate(
        data["treated"],
        data["pool"],
        data["covariates"],
        [Outcome.reoffending(OUTCOME)],
        EvaluationOptions(),  # 1:1 nearest neighbour on the logit, with replacement, caliper 0.2
    )
    outcome = result.outcomes[0]
    return {
        "att": outcome.difference,
        "ci": (outcome.ci_low, outcome.ci_high),
        "matched": result.matching.treated_matched,
        "note": "1:1 NN on logit, replacement, caliper 0.2 SD; Abadie-Imbens SE",
    }


def naive(data):
    # The unmatched difference shows how strong the confounding is.
    return {
        "att": float(data["treated"][OUTCOME].mean() - data["pool"][OUTCOME].mean()),
        "ci": None,
        "matched": len(data["treated"][OUTCOME]),
        "note": "treated mean minus pool mean, no matching",
    }


def psmpy(data):
    from psmpy import PsmPy

    frame = data["frame"]
    start = time.perf_counter()
    # psmpy treats every column but the treatment and index as a covariate: exclude the outcome.
    psm = PsmPy(frame, treatment="treated", indx="id", exclude=[OUTCOME])
    psm.logistic_ps(balance=False)
    psm.kdtree_matched(matcher="propensity_logit", replacement=True, caliper=None)
    pairs = psm.matched_ids
    outcome = frame.set_index("id")[OUTCOME]
    # psmpy stops at matched ids; the effect on the treated is the mean paired difference.
    att = float(
        (outcome.loc[pairs["id"]].to_numpy() - outcome.loc[pairs["matched_ID"]].to_numpy()).mean()
    )
    return {
        "att": att,
        "ci": None,
        "matched": len(pairs),
        "note": "liblinear logistic (L2, C=1), 1:1 NN on logit, replacement; no SE",
        "seconds": time.perf_counter() - start,
    }


def causalinference(data):
    from causalinference import CausalModel

    y, d, x = data["arrays"]
    start = time.perf_counter()
    model = CausalModel(y, d, x)
    # Its only matching estimator matches on the covariates (inverse-variance weighted
    # distance, Abadie-Imbens), not on the propensity score, and always estimates ATC too.
    model.est_via_matching(matches=1)
    estimate = model.estimates["matching"]
    att, se = float(estimate["att"]), float(estimate["att_se"])
    return {
        "att": att,
        "ci": (att - 1.96 * se, att + 1.96 * se),
        "matched": int(d.sum()),
        "note": "est_via_matching: 1:1 NN on covariates (not the score); ATT +/- 1.96 SE",
        "seconds": time.perf_counter() - start,
    }


def dowhy(data):
    import logging

    from dowhy import CausalModel

    logging.getLogger("dowhy").setLevel(logging.ERROR)
    frame = data["frame"].drop(columns=["id"])
    frame["treated"] = frame["treated"].astype(bool)
    start = time.perf_counter()
    model = CausalModel(
        data=frame, treatment="treated", outcome=OUTCOME, common_causes=data["covariates"]
    )
    estimand = model.identify_effect(proceed_when_unidentifiable=True)
    estimate = model.estimate_effect(
        estimand, method_name="backdoor.propensity_score_matching", target_units="att"
    )
    return {
        "att": float(estimate.value),
        "ci": None,
        "matched": int(frame["treated"].sum()),
        "note": "sklearn logistic (L2, C=1), 1:1 NN on the score, replacement; CI by "
        "bootstrap only (not run)",
        "seconds": time.perf_counter() - start,
    }


CONTENDERS = [
    ("naive difference", None, naive),
    ("resettle (ours)", None, ours),
    ("psmpy", "psmpy", psmpy),
    ("causalinference", "causalinference", causalinference),
    ("DoWhy", "dowhy", dowhy),
]


def prepare(n_treated, n_pool, n_covariates):
    treated, pool, covariates, truth = simulate(n_treated, n_pool, n_covariates, seed=1)
    data = {"treated": treated, "pool": pool, "covariates": covariates, "truth": truth[OUTCOME]}
    try:
        import pandas as pd
    except ImportError:
        return data
    columns = {name: np.concatenate([treated[name], pool[name]]) for name in [*covariates, OUTCOME]}
    frame = pd.DataFrame(columns)
    frame.insert(0, "treated", np.r_[np.ones(n_treated), np.zeros(n_pool)].astype(int))
    frame.insert(0, "id", np.arange(n_treated + n_pool))
    data["frame"] = frame
    data["arrays"] = (
        frame[OUTCOME].to_numpy(),
        frame["treated"].to_numpy(),
        frame[covariates].to_numpy(),
    )
    return data


def _child(function, data, repeats, connection):
    limit = MEMORY_LIMIT_GB * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warnings.simplefilter("ignore")
    try:
        # Best of the repeats: the first run of each also pays for warming caches.
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            figures = function(data)
            figures.setdefault("seconds", time.perf_counter() - start)
            runs.append(figures)
        connection.send(min(runs, key=lambda figures: figures["seconds"]))
    except MemoryError:
        connection.send({"failed": f"ran out of memory (limit {MEMORY_LIMIT_GB} GB)"})
    except BaseException as error:  # any failure of a package is a result to record
        last = traceback.format_exception_only(error)[-1].strip()
        connection.send({"failed": f"failed: {last[:120]}"})
    finally:
        connection.close()


def run(function, data, repeats, limit_seconds):
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(function, data, repeats, sender))
    start = time.perf_counter()
    child.start()
    sender.close()
    if receiver.poll(limit_seconds):
        try:
            figures = receiver.recv()
        except EOFError:
            figures = {"failed": "stopped without an answer (killed, perhaps for memory)"}
    else:
        child.kill()
        figures = {"failed": f"did not finish within {limit_seconds:.0f} s (stopped)"}
    child.join()
    if "failed" in figures:
        # How long it ran before failing or being stopped, start-up included.
        figures["seconds"] = time.perf_counter() - start
    return figures


def version(distribution):
    if distribution is None:
        return ""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", choices=["small", "big", "all"], default="all")
    parser.add_argument("--limit-seconds", type=float, default=600)
    args = parser.parse_args()
    sizes = list(SIZES) if args.sizes == "all" else [args.sizes]
    print(
        f"CPUs available: {len(os.sched_getaffinity(0))}; memory limit per contender: "
        f"{MEMORY_LIMIT_GB} GB; time limit: {args.limit_seconds:.0f} s"
    )
    for size in sizes:
        n_treated, n_pool, n_covariates = SIZES[size]
        data = prepare(n_treated, n_pool, n_covariates)
        repeats = 3 if size == "small" else 1
        print(
            f"\n{n_treated:,} treated vs {n_pool:,} pool x {n_covariates} covariates; "
            f"outcome: one-year re-offending; true effect on the treated {data['truth']:+.3f}; "
            f"best of {repeats}"
        )
        print(
            f"{'package':<17} {'version':<12} {'time (s)':>9} {'ratio':>7} {'ATT':>8} "
            f"{'95% CI':>19} {'matched':>8}  notes"
        )
        ours_seconds = None
        for label, distribution, function in CONTENDERS:
            installed = version(distribution)
            if installed is None or ("frame" not in data and distribution):
                print(f"{label:<17} {'-':<12} not installed: uv sync --frozen --group compare")
                continue
            figures = run(function, data, repeats, args.limit_seconds)
            if function is ours:
                ours_seconds = figures.get("seconds")
            print(_row(label, installed, figures, ours_seconds, function is naive))


def _row(label, installed, figures, ours_seconds, is_naive):
    seconds = figures.get("seconds")
    time_text = "" if is_naive or seconds is None else f"{seconds:9.2f}"
    ratio = (
        f"{seconds / ours_seconds:6.1f}x"
        if seconds and ours_seconds and not is_naive and "failed" not in figures
        else ""
    )
    if "failed" in figures:
        return f"{label:<17} {installed:<12} {time_text:>9} {'':>7} {figures['failed']}"
    ci = figures["ci"]
    ci_text = f"[{ci[0]:+.3f}, {ci[1]:+.3f}]" if ci else "-"
    return (
        f"{label:<17} {installed:<12} {time_text:>9} {ratio:>7} {figures['att']:+8.3f} "
        f"{ci_text:>19} {figures['matched']:>8,}  {figures['note']}"
    )


if __name__ == "__main__":
    main()

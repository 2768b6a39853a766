"""evaluate(progress=...) reports each stage, so a long run can show how far it has got."""

from resettle.core.evaluation import Outcome, evaluate
from resettle.core.evaluation.simulation import simulate


def test_it_reports_every_stage_in_order_and_the_end():
    treated, pool, covariates, _ = simulate(100, 1_000, 3, seed=3)
    calls = []
    evaluate(
        treated,
        pool,
        covariates,
        [Outcome.reoffending(), Outcome.days_employed()],
        progress=lambda done, total, stage: calls.append((done, total, stage)),
    )
    assert calls == [
        (0, 5, "checking the data"),
        (1, 5, "fitting the propensity model"),
        (2, 5, "matching"),
        (3, 5, "estimating reoffended"),
        (4, 5, "estimating days_employed"),
        (5, 5, "done"),
    ]


def test_it_gives_the_same_answer_with_or_without_progress():
    treated, pool, covariates, _ = simulate(100, 1_000, 3, seed=3)
    outcomes = [Outcome.reoffending()]
    quiet = evaluate(treated, pool, covariates, outcomes)
    watched = evaluate(treated, pool, covariates, outcomes, progress=lambda *stage: None)
    assert quiet.to_dict() == watched.to_dict()

"""A stored evaluation for tests (here and in the URL walk), from simulated cohorts."""

from functools import cache

from resettle.core.evaluation import EvaluationOptions, Outcome, evaluate
from resettle.core.evaluation.simulation import simulate
from resettle.evaluation.models import Evaluation
from resettle.evaluation.runner import jsonable, results_json

TREATED = "People who completed a referral to Housing First (2024-2025)"
COMPARISON = "Similar people released in the same years who were not referred"


@cache
def simulated_result():
    treated, pool, covariates, _ = simulate(200, 2_000, 3, effect=-0.12, confounding=1.2, seed=5)
    return evaluate(
        treated,
        pool,
        covariates,
        [Outcome.reoffending(), Outcome.frequency(), Outcome.days_employed()],
        EvaluationOptions(),
    )


def stored_evaluation(organisation, *, title="Housing First: impact on re-offending", **fields):
    return Evaluation.objects.create(
        organisation=organisation,
        title=title,
        treated_description=TREATED,
        comparison_description=COMPARISON,
        results=jsonable(results_json(simulated_result(), treated=TREATED, comparison=COMPARISON)),
        **fields,
    )

"""Keeping an evaluation's results. Working them out is resettle.core.evaluation (and
resettle.evaluation.platform for our own records); this stores what came out, once."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from resettle.audit.log import record
from resettle.core.evaluation import EvaluationResult
from resettle.evaluation.models import Evaluation
from resettle.evaluation.runner import jsonable, results_json
from resettle.organisations.access import can_manage


def save_evaluation(
    actor,
    organisation,
    result: EvaluationResult,
    *,
    title: str,
    treated_description: str,
    comparison_description: str,
    service=None,
    outcomes=None,
) -> Evaluation:
    """Store `result` as an evaluation of `organisation`'s work (of `service`, if one). Only
    the organisation's managers (and administrators) may. `outcomes`, the engine's Outcome
    specs, are kept with the inputs when given."""
    if actor is None or not can_manage(actor, organisation):
        raise PermissionDenied("Only the organisation's managers may keep an evaluation of it.")
    if service is not None and service.organisation_id != organisation.pk:
        raise PermissionDenied("The service must belong to the organisation evaluated.")
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            organisation=organisation,
            service=service,
            title=title[:200],
            treated_description=treated_description[:300],
            comparison_description=comparison_description[:300],
            results=jsonable(
                results_json(
                    result,
                    treated=treated_description,
                    comparison=comparison_description,
                    outcomes=outcomes,
                )
            ),
            created_by=actor,
        )
        record(
            actor,
            "evaluation.saved",
            evaluation,
            organisation=organisation,
            summary=f"Kept an impact evaluation: {evaluation.title}"[:300],
            changes={
                "service": str(service.pk) if service else None,
                "treated_matched": result.matching.treated_matched,
                "outcomes": [outcome.name for outcome in result.outcomes],
            },
        )
    return evaluation

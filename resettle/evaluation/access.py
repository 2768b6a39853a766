"""Fetch one stored evaluation for a user, or 404: someone who may not see it gets the same
404 as for an evaluation that does not exist."""

from django.http import Http404

from resettle.evaluation.models import Evaluation
from resettle.organisations.access import uuid_or_404


def get_evaluation_for_user(user, evaluation_id) -> Evaluation:
    try:
        return (
            Evaluation.objects.visible_to(user)
            .select_related("organisation", "service", "created_by")
            .get(pk=uuid_or_404(evaluation_id))
        )
    except Evaluation.DoesNotExist:
        raise Http404("No evaluation you may see has that id.") from None

"""An organisation's distance travelled on one question, for the evaluation and
commissioning pages: each person's first and latest answer given while the organisation was
asking, compared across everyone asked at least twice. Fewer people than the minimum give
"too few" and no figures at all."""

from resettle.core import distance, scales
from resettle.soft_outcomes.models import Measurement


def cohort_change(
    organisation, scale: str, item: str, *, minimum: int = distance.MINIMUM_PEOPLE
) -> distance.CohortChange:
    question = scales.instrument(scale).item(item)
    rows = (
        Measurement.objects.filter(organisation=organisation, instrument=scale, item=item)
        .order_by("person_id", "measured_on", "created_at", "id")
        .values_list("person_id", "measured_on", "score")
        .iterator(chunk_size=5000)
    )
    pairs = []
    person = first = latest = None
    for person_id, measured_on, score in rows:
        if person_id != person:
            _add_pair(pairs, first, latest)
            person, first = person_id, (measured_on, score)
        latest = (measured_on, score)
    _add_pair(pairs, first, latest)
    return distance.cohort_change(
        pairs, higher_is_better=question.higher_is_better, minimum=minimum
    )


def _add_pair(pairs, first, latest):
    # Only someone asked on two different days has a journey to measure.
    if first is not None and latest[0] > first[0]:
        pairs.append((first[1], latest[1]))

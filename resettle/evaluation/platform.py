"""Evaluate a service, or all of an organisation's services, from the platform's own records:
the people who completed a referral to it, against similar people who were never referred to
it, in the Justice Data Lab's way (resettle/core/evaluation).

Everyone is followed from their release date. The cohort is people released between three
years and one year ago, so each has a full year of outcomes; the treated are those whose
completed referral was sent no later than six months after release. Covariates are facts
known at release (age, sentence, recalls and needs recorded before release), never anything
that happened after it, and never equality-monitoring answers. Outcomes come from the hard
outcomes recorded on people (resettle/outcomes): re-offending (a re-offence, reconviction or
recall reported within a year), employment started within a year, and settled accommodation
secured within a year.

Only aggregates leave this module: the engine's results, which apply the Data Lab's rules
(a minimum cohort of 60, no significance claims on small counts).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, Q
from django.utils import timezone

from resettle.core import outcomes as vocabulary
from resettle.core.evaluation import EvaluationOptions, Outcome, evaluate
from resettle.custody.models import Movement
from resettle.needs.models import Need
from resettle.outcomes.models import Outcome as RecordedOutcome
from resettle.people.models import Person
from resettle.referrals.models import Referral, Status
from resettle.taxonomy.seed import term_id

FOLLOW_UP = datetime.timedelta(days=365)
EARLIEST_RELEASE = datetime.timedelta(days=3 * 365)
# A referral completed long after release is no longer the support that release needed.
TREATED_WITHIN = datetime.timedelta(days=182)

SENTENCE_ORDER = {band: i for i, band in enumerate(Person.SentenceBand.values)}
NEED_FLAGS = {
    "accommodation_need": "accommodation",
    "work_need": "education-work",
    "drugs_alcohol_need": "drugs-alcohol",
}
COVARIATES = [
    "age_at_release",
    "sentence_band",
    "recalls_before_release",
    "needs_before_release",
    *NEED_FLAGS,
]
OUTCOMES = [
    Outcome.reoffending("reoffended_1y"),
    Outcome.employment("employed_1y"),
    Outcome(
        name="settled_accommodation_1y",
        kind="binary",
        label="settled accommodation within a year",
        measure="secured settled accommodation within a year of release",
        subject="the number who secure settled accommodation",
        higher_is_better=True,
    ),
]


@dataclass
class Cohorts:
    treated: dict[str, np.ndarray]
    pool: dict[str, np.ndarray]
    released_from: datetime.date
    released_to: datetime.date
    left_out_no_date_of_birth: int

    def varying_covariates(self) -> list[str]:
        """Covariates that differ from person to person; a column the same for everyone (no one
        recalled before release, say) cannot help matching, and the engine refuses it."""
        return [
            name
            for name in COVARIATES
            if len(np.unique(np.concatenate([self.treated[name], self.pool[name]]))) > 1
        ]


def _people_released_between(start, end):
    return Person.records.filter(merged_into__isnull=True, release_date__range=(start, end))


def cohorts_for(services, *, today: datetime.date | None = None) -> Cohorts:
    """The treated cohort and comparison pool for a set of services, as engine columns."""
    today = today or timezone.localdate()
    released_to = today - FOLLOW_UP
    released_from = today - EARLIEST_RELEASE
    people = _people_released_between(released_from, released_to)
    referrals = Referral.objects.filter(service__in=services, person__in=people)
    treated_ids = set(
        referrals.filter(
            status=Status.COMPLETED,
            sent_at__date__lte=F("person__release_date") + TREATED_WITHIN,
        ).values_list("person_id", flat=True)
    )
    # Anyone referred to these services at all is neither treated nor a fair comparison.
    referred_ids = set(referrals.values_list("person_id", flat=True))

    rows = list(people.values_list("id", "date_of_birth", "release_date", "sentence_band"))
    recalls = dict(
        Movement.objects.filter(
            person__in=people, kind=Movement.Kind.RECALLED, on__lt=F("person__release_date")
        )
        .values_list("person")
        .annotate(n=Count("id"))
        .values_list("person", "n")
    )
    needs_before = Need.objects.filter(
        person__in=people, created_at__date__lt=F("person__release_date")
    )
    need_counts = dict(
        needs_before.values_list("person").annotate(n=Count("id")).values_list("person", "n")
    )
    flagged = defaultdict(set)
    for person_id, pathway_id in needs_before.filter(
        pathway_id__in=[term_id("needs", code) for code in NEED_FLAGS.values()]
    ).values_list("person_id", "pathway_id"):
        flagged[pathway_id].add(person_id)
    outcome_kinds = [
        *vocabulary.REOFFENDING,
        vocabulary.EMPLOYMENT_STARTED,
        vocabulary.ACCOMMODATION_SECURED,
    ]
    happened = defaultdict(set)  # column -> people
    for person_id, kind, on, release, accommodation in RecordedOutcome.objects.filter(
        person__in=people, kind__in=outcome_kinds, on__gte=F("person__release_date")
    ).values_list("person_id", "kind", "on", "person__release_date", "accommodation_type"):
        if on >= release + FOLLOW_UP:
            continue
        if kind in vocabulary.REOFFENDING:
            happened["reoffended_1y"].add(person_id)
        elif kind == vocabulary.EMPLOYMENT_STARTED:
            happened["employed_1y"].add(person_id)
        elif accommodation == vocabulary.SETTLED:
            happened["settled_accommodation_1y"].add(person_id)

    columns = {"treated": [], "pool": []}
    no_birthday = 0
    for person_id, born, released, band in rows:
        if person_id in referred_ids and person_id not in treated_ids:
            continue
        if born is None:
            no_birthday += 1
            continue
        group = "treated" if person_id in treated_ids else "pool"
        values = {
            "age_at_release": (released - born).days / 365.25,
            "sentence_band": SENTENCE_ORDER.get(band, 0),
            "recalls_before_release": recalls.get(person_id, 0),
            "needs_before_release": need_counts.get(person_id, 0),
        }
        for column, pathway in NEED_FLAGS.items():
            values[column] = int(person_id in flagged[term_id("needs", pathway)])
        for outcome in OUTCOMES:
            values[outcome.name] = int(person_id in happened[outcome.name])
        columns[group].append(values)

    def as_arrays(records):
        names = [*COVARIATES, *(o.name for o in OUTCOMES)]
        return {
            name: np.array([r[name] for r in records], dtype=float).reshape(-1) for name in names
        }

    return Cohorts(
        treated=as_arrays(columns["treated"]),
        pool=as_arrays(columns["pool"]),
        released_from=released_from,
        released_to=released_to,
        left_out_no_date_of_birth=no_birthday,
    )


def evaluate_services(services, *, today=None, options: EvaluationOptions | None = None):
    """Run the evaluation; raises resettle.core.evaluation.EvaluationError (with a plain
    message) when it cannot be done, e.g. fewer treated people than the Data Lab's minimum."""
    cohorts = cohorts_for(services, today=today)
    result = evaluate(
        cohorts.treated,
        cohorts.pool,
        covariates=cohorts.varying_covariates() or COVARIATES,
        outcomes=OUTCOMES,
        options=options or EvaluationOptions(),
    )
    return cohorts, result


def people_with_completed_referrals(services):
    """For the Justice Data Lab cohort export: each completed referral to these services with
    its intervention dates (sent, closed)."""
    return (
        Referral.objects.filter(service__in=services, status=Status.COMPLETED)
        .filter(~Q(person__merged_into__isnull=False))
        .select_related("person")
        .order_by("sent_at")
    )

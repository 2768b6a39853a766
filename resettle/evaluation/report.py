"""What an evaluation report shows, worked out once for every way it is shown: the standalone
HTML report and the PDF that `manage.py evaluate` writes, and the web page of a stored
evaluation. All three render evaluation/_report_body.html with report_context(...)."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resettle.core.evaluation import EvaluationResult, Status
from resettle.evaluation.charts import balance_chart, overlap_chart

STATUS_TAGS = {
    Status.SIGNIFICANT: (_("Statistically significant"), "govuk-tag--green"),
    Status.NOT_SIGNIFICANT: (_("Not statistically significant"), "govuk-tag--grey"),
}
NO_CONCLUSION = (_("No conclusion possible"), "govuk-tag--orange")
# The results table's "significant?" column, by the Justice Data Lab's rules.
SIGNIFICANCE = {
    Status.SIGNIFICANT: _("Yes"),
    Status.NOT_SIGNIFICANT: _("No"),
    Status.COHORT_TOO_SMALL: _("Not tested: too few people matched"),
    Status.COUNTS_TOO_SMALL: _("Not tested: too few people with and without the outcome"),
    Status.TOO_FEW_EVENTS: _("Not tested: too few re-offenders"),
    Status.NOT_ESTIMABLE: _("Not tested: nobody to compare with"),
}


def translate(statement) -> str:
    """The statement in the active language: its template and any worded parameters."""
    params = {
        key: gettext(value) if isinstance(value, str) and value else value
        for key, value in statement.params.items()
    }
    return gettext(statement.template) % params


@dataclass(frozen=True)
class OutcomeSection:
    outcome: object  # resettle.core.evaluation.OutcomeResult
    label: str
    statements: list[str]
    can_say: list[str]
    cannot_say: list[str]
    tag: str
    tag_class: str
    significance: str
    p_value: str


def _p_value(p) -> str:
    if p is None:
        return "–"
    return "<\u00a00.001" if p < 0.001 else f"{p:.3f}"


def report_context(
    result: EvaluationResult,
    *,
    treated: str,
    comparison: str,
    generated,
    title: str = "",
    for_print: bool = False,
) -> dict:
    """The context evaluation/_report_body.html needs. `treated` and `comparison` say who
    the two groups were (file names, or a description of a cohort from our records)."""
    sections = []
    for outcome in result.outcomes:
        tag, tag_class = STATUS_TAGS.get(outcome.status, NO_CONCLUSION)
        label = gettext(outcome.label)
        sections.append(
            OutcomeSection(
                outcome=outcome,
                label=label[:1].upper() + label[1:],
                statements=[translate(s) for s in outcome.statements],
                can_say=[translate(s) for s in outcome.can_say],
                cannot_say=[translate(s) for s in outcome.cannot_say],
                tag=tag,
                tag_class=tag_class,
                significance=SIGNIFICANCE[outcome.status],
                p_value=_p_value(outcome.p_value),
            )
        )
    threshold = result.settings.get("smd_threshold", 0.1)
    return {
        "title": title or gettext("Impact evaluation"),
        "result": result,
        "treated": treated,
        "comparison": comparison,
        "covariates": list(result.propensity.covariates),
        "generated": generated,
        "sections": sections,
        "headlines": [section.statements[0] for section in sections if section.statements],
        "caveats": [translate(statement) for statement in result.caveats],
        "threshold": threshold,
        "overlap_chart": overlap_chart(result.overlap),
        "balance_chart": balance_chart(result.balance, threshold),
        "for_print": for_print,
    }

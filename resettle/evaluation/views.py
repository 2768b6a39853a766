"""Stored evaluations for organisation managers and commissioners: a list, each one's page
(the same report body as the PDF and the standalone report), and its JSON, CSV and PDF.
Aggregates only; who may see which is Evaluation.objects.visible_to."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from resettle.evaluation import runner
from resettle.evaluation.access import get_evaluation_for_user
from resettle.evaluation.models import Evaluation, may_see_evaluations
from resettle.evaluation.report import report_context
from resettle.paging import page_links
from resettle.pdf import render_pdf

PER_PAGE = 50


@login_required
@require_GET
def evaluations(request):
    if not may_see_evaluations(request.user):
        raise PermissionDenied
    shown = Evaluation.objects.visible_to(request.user).select_related("organisation", "service")
    page = Paginator(shown.only(*LIST_FIELDS), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/list.html",
        {"page": page, "page_links": page_links(page)},
    )


# The list never reads the stored results, which are the bulk of each row.
LIST_FIELDS = [
    "id",
    "title",
    "created_at",
    "treated_description",
    "organisation__name",
    "service__name",
]


@login_required
@require_GET
def result(request, evaluation_id):
    evaluation = get_evaluation_for_user(request.user, evaluation_id)
    return render(request, "evaluation/result.html", _context(evaluation))


@login_required
@require_GET
def result_json(request, evaluation_id):
    evaluation = get_evaluation_for_user(request.user, evaluation_id)
    handle = io.StringIO()
    runner.dump_json(evaluation.results, handle)
    return _download(evaluation, handle.getvalue(), "application/json", "json")


@login_required
@require_GET
def result_csv(request, evaluation_id):
    evaluation = get_evaluation_for_user(request.user, evaluation_id)
    handle = io.StringIO(newline="")
    runner.dump_csv(evaluation.result, handle)
    return _download(evaluation, handle.getvalue(), "text/csv; charset=utf-8", "csv")


@login_required
@require_GET
def result_pdf(request, evaluation_id):
    evaluation = get_evaluation_for_user(request.user, evaluation_id)
    pdf = render_pdf("evaluation/report.html", _context(evaluation, for_print=True))
    return _download(evaluation, pdf, "application/pdf", "pdf")


def _context(evaluation, *, for_print=False) -> dict:
    context = report_context(
        evaluation.result,
        treated=evaluation.treated_description,
        comparison=evaluation.comparison_description,
        generated=evaluation.created_at,
        title=evaluation.title,
        for_print=for_print,
    )
    context["evaluation"] = evaluation
    return context


def _download(evaluation, content, content_type, extension) -> HttpResponse:
    name = slugify(evaluation.title)[:80] or "evaluation"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response

"""Evaluating a service from the platform's own records, and exporting its cohort for the
Justice Data Lab: pages for the managers of the organisation that runs the service. What they
produce is kept as a stored evaluation, which commissioners can read too (aggregates only)."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resettle.accounts.models import Role
from resettle.core.evaluation import EvaluationError
from resettle.core.evaluation.reporting import ReportingRules
from resettle.evaluation.actions import save_evaluation
from resettle.evaluation.jdl_export import CohortEntry, export_cohort
from resettle.evaluation.platform import (
    EARLIEST_RELEASE,
    FOLLOW_UP,
    OUTCOMES,
    cohorts_for,
    evaluate_services,
    people_with_completed_referrals,
)
from resettle.organisations.access import uuid_or_404
from resettle.referrals.models import Status
from resettle.services.models import Service

# Counts below this are shown as "fewer than 10": aggregates never show small groups.
SMALLEST_COUNT_SHOWN = 10


def services_run_by_managed_organisations(user):
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.filter(organisation__in=user.organisations_with_role(Role.MANAGER))


def get_service_for_evaluation(user, service_id) -> Service:
    """A service run by an organisation the user manages, or 404."""
    try:
        return (
            services_run_by_managed_organisations(user)
            .select_related("organisation")
            .get(pk=uuid_or_404(service_id))
        )
    except Service.DoesNotExist:
        raise Http404("No service you manage has that id.") from None


def shown_count(n: int):
    return n if n >= SMALLEST_COUNT_SHOWN else None


@login_required
def services(request):
    """The services the manager may evaluate, with how many referrals to each were completed."""
    found = (
        services_run_by_managed_organisations(request.user)
        .select_related("organisation")
        .annotate(completed=Count("referrals", filter=Q(referrals__status=Status.COMPLETED)))
        .order_by("organisation__name", "name")
    )
    if not request.user.organisations_with_role(Role.MANAGER).exists():
        raise Http404("Only organisation managers evaluate services.")
    rows = [(service, shown_count(service.completed)) for service in found[:200]]
    return render(request, "evaluation/services.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def evaluate_service(request, service_id):
    service = get_service_for_evaluation(request.user, service_id)
    today = timezone.localdate()
    error = None
    if request.method == "POST":
        try:
            cohorts, result = evaluate_services([service], today=today)
        except EvaluationError as refused:
            error = str(refused)
        else:
            window = _window(cohorts.released_from, cohorts.released_to)
            evaluation = save_evaluation(
                request.user,
                service.organisation,
                result,
                service=service,
                title=_("%(service)s: impact on re-offending, work and housing")
                % {"service": service.name},
                treated_description=_(
                    "People released %(window)s who completed a referral to %(service)s"
                )
                % {"window": window, "service": service.name},
                comparison_description=_(
                    "Similar people released %(window)s who were not referred to it"
                )
                % {"window": window},
                outcomes=OUTCOMES,
            )
            messages.success(request, _("The evaluation is ready."))
            return redirect("evaluation:result", evaluation_id=evaluation.pk)
    cohorts = cohorts_for([service], today=today)
    treated = len(cohorts.treated["age_at_release"])
    status = 200 if error is None else 400
    return render(
        request,
        "evaluation/evaluate_service.html",
        {
            "service": service,
            "treated": shown_count(treated),
            "pool": shown_count(len(cohorts.pool["age_at_release"])),
            "enough": treated >= ReportingRules().min_cohort,
            "minimum": ReportingRules().min_cohort,
            "window": _window(today - EARLIEST_RELEASE, today - FOLLOW_UP),
            "error": error,
        },
        status=status,
    )


def _window(start: datetime.date, end: datetime.date) -> str:
    return _("between %(start)s and %(end)s") % {
        "start": start.strftime("%-d %B %Y"),
        "end": end.strftime("%-d %B %Y"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def jdl_cohort(request, service_id):
    """The people who completed a referral to the service, as the Data Lab's CSV file. GET
    explains; POST downloads (and audits each person sent)."""
    service = get_service_for_evaluation(request.user, service_id)
    entries = [
        CohortEntry(
            person=referral.person,
            start=timezone.localdate(referral.sent_at),
            end=timezone.localdate(referral.closed_at) if referral.closed_at else None,
        )
        for referral in people_with_completed_referrals([service])
    ]
    if request.method == "POST":
        handle = io.StringIO(newline="")
        export = export_cohort(request.user, service.organisation, entries, handle)
        response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"jdl-cohort-{service.pk}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Cohort-Rows"] = str(export.written)
        response["X-Cohort-Left-Out"] = str(len(export.left_out))
        return response
    return render(
        request,
        "evaluation/jdl_cohort.html",
        {"service": service, "completed": len(entries)},
    )

"""A person's hard outcomes: the list (as consent allows), recording one, and importing a file
of them for an organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.organisations.access import organisations_managed_by, uuid_or_404
from resettle.outcomes import actions
from resettle.outcomes.forms import ImportForm, KindForm, OutcomeForm
from resettle.outcomes.importing import COLUMNS, MAX_ROWS, import_outcomes
from resettle.outcomes.models import Kind, Outcome
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import add_refusal_errors, render_person_page


@login_required
@require_GET
def outcomes(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "outcomes")
    shown = (
        Outcome.objects.visible_to(request.user, person)
        .select_related("recorded_by", "organisation")
        .order_by("-on", "-recorded_at")
    )
    return render_person_page(
        request,
        person,
        "outcomes",
        "outcomes/list.html",
        {
            "outcomes": shown,
            "some_hidden": Outcome.objects.hidden_from(request.user, person),
            "organisation": access.acting_organisation(request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    chosen = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    kind_form = KindForm({"kind": chosen} if chosen is not None else None)
    if not kind_form.is_bound or not kind_form.is_valid():
        if request.method == "GET":
            record_viewed(request.user, person, "record an outcome")
        return render_person_page(
            request, person, "outcomes", "outcomes/choose_kind.html", {"form": kind_form}
        )
    kind = kind_form.cleaned_data["kind"]
    form = OutcomeForm(request.POST if request.method == "POST" else None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_outcome(request.user, person, form.cleaned_data)
        except ValidationError as refused:
            add_refusal_errors(form, refused)
        else:
            messages.success(request, _("Outcome recorded: %(kind)s.") % {"kind": Kind(kind).label})
            return redirect("outcomes:list", person_id=person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "record an outcome")
    return render_person_page(request, person, "outcomes", "outcomes/add.html", {"form": form})


# --- Importing a file, for an organisation ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    organisations = list(organisations_managed_by(request.user).order_by("name"))
    if not organisations:
        raise PermissionDenied
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": str(organisations[0].pk)},
    )
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_outcomes(
            request.user, form.cleaned_data["organisation"], form.cleaned_data["file"].read()
        )
        if report.ok:
            if report.already_recorded:
                messages.info(
                    request,
                    _("%(count)s rows were already recorded, so they were skipped.")
                    % {"count": report.already_recorded},
                )
            if report.batch_id is None:
                messages.info(request, _("Nothing new to record: every row was already recorded."))
                return redirect("outcome_import:upload")
            return redirect(f"{reverse('outcome_import:upload')}?batch={report.batch_id}")
    summary = None
    batch = request.GET.get("batch")
    if request.method == "GET" and batch:
        summary = _summary(organisations, batch)
    return render(
        request,
        "outcomes/import.html",
        {
            "form": form,
            "report": report,
            "summary": summary,
            "columns": COLUMNS,
            "kinds": Kind.choices,
            "max_rows": f"{MAX_ROWS:,}",
            "single_organisation": organisations[0] if len(organisations) == 1 else None,
        },
        status=200,
    )


def _summary(organisations, batch):
    """Counts for one batch imported for an organisation the user manages; none for others."""
    try:
        batch_id = uuid_or_404(batch)
    except Http404:  # an address typed by hand: show the upload page as normal
        return None
    outcomes = Outcome.objects.filter(import_batch=batch_id, organisation__in=organisations)
    first = outcomes.select_related("organisation", "recorded_by").first()
    if first is None:
        return None
    by_kind = dict(
        outcomes.order_by()
        .values_list("kind")
        .annotate(count=Count("id"))
        .values_list("kind", "count")
    )
    return {
        "batch_id": batch_id,
        "organisation": first.organisation,
        "recorded_by": first.recorded_by,
        "recorded_at": first.recorded_at,
        "outcomes": sum(by_kind.values()),
        "people": outcomes.values("person_id").distinct().count(),
        "by_kind": [(Kind(kind).label, count) for kind, count in sorted(by_kind.items())],
    }

"""The needs assessment: a person's needs across the seven resettlement pathways, each with its
dated history. Casework only: mentors and administrators get a 404 on every page here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from resettle.needs import actions, forms
from resettle.needs.models import NeedUpdate
from resettle.organisations.access import uuid_or_404
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import posted, render_person_page
from resettle.services.forms import error_summary
from resettle.versioning import STALE_MESSAGE

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@require_http_methods(["GET"])
def needs_list(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "needs")
    needs = list(
        person.needs.select_related("pathway", "support_need").prefetch_related(
            Prefetch("updates", queryset=NeedUpdate.objects.order_by("-on", "-recorded_at"))
        )
    )
    by_pathway = {}
    for need in needs:
        updates = list(need.updates.all())
        need.latest_update = updates[0] if updates else None
        by_pathway.setdefault(need.pathway_id, []).append(need)
    pathways = [{"term": term, "needs": by_pathway.get(term.pk, [])} for term in forms.pathways()]
    return render_person_page(
        request,
        person,
        "needs",
        "needs/list.html",
        {
            "pathways": pathways,
            "has_needs": bool(needs),
            "open_count": sum(1 for need in needs if need.is_open),
        },
    )


@login_required
@GET_POST
def need_add(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    form = forms.AddNeedsForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        created = actions.add_needs(
            request.user,
            person,
            support_needs=form.cleaned_data["support_needs"],
            other_pathway=form.cleaned_data["other_pathway"],
            other_description=form.cleaned_data["other_description"],
            status=form.cleaned_data["status"],
            side=form.cleaned_data["side"],
            note=form.cleaned_data["note"],
        )
        if created:
            messages.success(
                request,
                ngettext("%(count)d need recorded.", "%(count)d needs recorded.", len(created))
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Those needs were already recorded."))
        return redirect("needs:list", person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "add needs")
    return _render(request, person, "needs/add.html", form)


@login_required
@GET_POST
def need_detail(request, person_id, need_id):
    person = access.get_person_for_casework(request.user, person_id)
    need = get_object_or_404(
        person.needs.select_related("pathway", "support_need"), pk=uuid_or_404(need_id)
    )
    form = forms.NeedUpdateForm(
        posted(request),
        initial={
            "version": need.version,
            "status": need.status,
            "on": timezone.localdate().isoformat(),
        },
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_need(request.user, need, form.cleaned_data, form.cleaned_data["version"])
        except actions.StaleEdit as refused:
            stale = refused.current
            form = _refuse_stale(request, stale)
        else:
            messages.success(request, _("Update saved for %(need)s.") % {"need": need.name})
            return redirect("needs:need", person.pk, need.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "need")
    shown = stale or need
    return _render(
        request,
        person,
        "needs/need.html",
        form,
        status=409 if stale else 200,
        need=shown,
        stale=stale,
        updates=shown.updates.select_related("recorded_by", "organisation"),
    )


def _refuse_stale(request, current):
    """The editor's own input again, now based on the saved version, with the refusal."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = forms.NeedUpdateForm(data)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form


@login_required
@GET_POST
def no_needs(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    open_needs = person.needs.open().select_related("pathway", "support_need")
    if request.method == "POST":
        try:
            actions.mark_no_needs(request.user, person)
        except actions.OpenNeedsRemain:
            messages.error(
                request,
                _(
                    "No needs identified cannot be recorded while needs are still open. Update "
                    "each open need to met or declined first."
                ),
            )
            return redirect("needs:no_needs", person.pk)
        messages.success(request, _("Recorded that no needs were identified."))
        return redirect("needs:list", person.pk)
    record_viewed(request.user, person, "no needs identified")
    return render_person_page(
        request, person, "needs", "needs/no_needs.html", {"open_needs": list(open_needs)}
    )


def _render(request, person, template, form, status=200, **context):
    errors = error_summary(form)
    context.update(form=form, errors=errors)
    return render_person_page(request, person, "needs", template, context, status=status)

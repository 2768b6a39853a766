"""An organisation's public page, its managers' edit page, and each user's own organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resettle.organisations import actions
from resettle.organisations.access import (
    can_manage,
    get_organisation_for_manager,
    get_public_organisation,
    organisations_managed_by,
)
from resettle.organisations.forms import OrganisationForm, OrganisationSearchForm
from resettle.organisations.models import Organisation
from resettle.services.forms import error_summary
from resettle.services.models import Service

ORGANISATIONS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def mine(request):
    user = request.user
    roles_by_organisation = {}
    for membership in user.memberships.select_related("organisation").order_by(
        "organisation__name"
    ):
        roles_by_organisation.setdefault(membership.organisation, []).append(
            membership.get_role_display()
        )
    managed = set(
        organisations_managed_by(user)
        .filter(pk__in=[o.pk for o in roles_by_organisation])
        .values_list("pk", flat=True)
    )
    services = {}
    for service in Service.objects.filter(organisation_id__in=managed).order_by("name"):
        services.setdefault(service.organisation_id, []).append(service)
    entries = [
        {
            "organisation": organisation,
            "roles": roles,
            "manages": organisation.pk in managed,
            "services": services.get(organisation.pk, []),
        }
        for organisation, roles in roles_by_organisation.items()
    ]
    context = {"entries": entries}
    if user.is_administrator:
        context.update(_all_organisations(request))
    return render(request, "organisations/mine.html", context)


def _all_organisations(request) -> dict:
    """Administrators' searchable, paginated list of every organisation."""
    search = OrganisationSearchForm(request.GET)
    organisations = Organisation.objects.annotate(service_count=Count("services")).order_by(
        "name", "pk"
    )
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        if query:
            organisations = organisations.filter(
                Q(name__icontains=query)
                | Q(alternate_name__icontains=query)
                | Q(charity_number__iexact=query)
                | Q(company_number__iexact=query)
            )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return {"search_form": search, "query": query, "page": page}


@require_http_methods(["GET"])
def detail(request, organisation_id):
    organisation = get_public_organisation(organisation_id)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "led_by_and_for": list(organisation.led_by_and_for.order_by("name")),
            "services": list(organisation.services.public().order_by("name")),
            "can_edit": can_manage(request.user, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, organisation_id):
    organisation = get_organisation_for_manager(request.user, organisation_id)
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, organisation=organisation)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_organisation(
                request.user,
                organisation,
                form.organisation_data(),
                led_by_and_for=form.cleaned_data["led_by_and_for"],
                expected_version=form.cleaned_data["version"],
            )
        except actions.StaleEdit as refused:
            stale = refused.current
            data = request.POST.copy()
            data["version"] = actions.version_of(stale)
            form = OrganisationForm(data, organisation=stale)
            form.is_valid()
            form.add_error(None, actions.STALE_MESSAGE)
            organisation = stale
        else:
            messages.success(request, _("Organisation details saved."))
            return redirect("organisations:detail", organisation.pk)
    errors = error_summary(form)
    return render(
        request,
        "organisations/edit.html",
        {
            "organisation": organisation,
            "form": form,
            "errors": errors,
            "stale": stale,
            "stale_led_by_and_for": list(stale.led_by_and_for.order_by("name")) if stale else [],
        },
        status=409 if stale else 200,
    )

"""Managers' pages for editing their organisation's directory services.

Each page is one short form; the service summary page ties them together. Every change goes
through resettle.services.actions, which refuses an edit based on an out-of-date version: the
page then shows the editor their own input again beside what the other person saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resettle.core.languages import language_name
from resettle.organisations.access import get_organisation_for_manager
from resettle.services import actions, forms
from resettle.services.access import get_service_for_editor, get_service_location_for_editor
from resettle.services.models import Attribute, Schedule

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@GET_POST
def service_create(request, organisation_id):
    organisation = get_organisation_for_manager(request.user, organisation_id)
    form = forms.ServiceDetailsForm(
        _posted(request),
        initial={"status": "active", "accepting_referrals": "yes"},
    )
    if request.method == "POST" and form.is_valid():
        service = actions.create_service(
            request.user, organisation, form.service_data(timezone.localdate())
        )
        messages.success(
            request,
            _("%(name)s has been added. Now say which needs it meets and where it works.")
            % {"name": service.name},
        )
        return redirect("manage:service", service.pk)
    return _render(
        request, "manage/service_details.html", [form], organisation=organisation, creating=True
    )


@login_required
@require_http_methods(["GET"])
def service_summary(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    return render(
        request,
        "manage/service_summary.html",
        {
            "service": service,
            "summary": service_summary_data(service),
            "review_form": forms.VersionedForm(service=service),
        },
    )


@login_required
@GET_POST
def service_details(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    form = forms.EditServiceDetailsForm(
        _posted(request),
        service=service,
        initial=forms.ServiceDetailsForm.initial_for(service),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_service(
                request.user,
                service,
                form.service_data(timezone.localdate()),
                form.cleaned_data["version"],
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.EditServiceDetailsForm, stale)
            return _render_stale(request, "manage/service_details.html", [form], stale)
        return _saved(request, service, _("Main details saved."))
    return _render(request, "manage/service_details.html", [form], service=service)


@login_required
@GET_POST
def service_needs(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    form = forms.ServiceNeedsForm(
        _posted(request), service=service, initial=forms.ServiceNeedsForm.initial_for(service)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_service_needs(
                request.user,
                service,
                needs=form.cleaned_data["needs"],
                groups=form.cleaned_data["groups"],
                languages=form.cleaned_data["languages"],
                expected_version=form.cleaned_data["version"],
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.ServiceNeedsForm, stale)
            return _render_stale(request, "manage/service_needs.html", [form], stale)
        return _saved(request, service, _("Needs, groups and languages saved."))
    return _render(request, "manage/service_needs.html", [form], service=service)


@login_required
@GET_POST
def service_area(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    form = forms.ServiceAreaForm(
        _posted(request), service=service, initial=forms.ServiceAreaForm.initial_for(service)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_service_areas(
                request.user,
                service,
                coverage=form.cleaned_data["coverage"],
                boroughs=form.cleaned_data["boroughs"],
                prisons=form.cleaned_data["in_reach_prisons"],
                expected_version=form.cleaned_data["version"],
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.ServiceAreaForm, stale)
            return _render_stale(request, "manage/service_area.html", [form], stale)
        return _saved(request, service, _("Where the service works saved."))
    return _render(request, "manage/service_area.html", [form], service=service)


@login_required
@GET_POST
def service_contact(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    data = _posted(request)
    form = forms.ServiceContactForm(
        data, service=service, initial={"url": service.url, "email": service.email}
    )
    phones = forms.phone_formset(service, data)
    if request.method == "POST" and form.is_valid() and phones.is_valid():
        try:
            actions.set_service_contact(
                request.user,
                service,
                url=form.cleaned_data["url"],
                email=form.cleaned_data["email"],
                phones=forms.phones_from(phones),
                expected_version=form.cleaned_data["version"],
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.ServiceContactForm, stale)
            return _render_stale(
                request, "manage/service_contact.html", [form, phones], stale, phones=phones
            )
        return _saved(request, service, _("Contact details saved."))
    return _render(
        request, "manage/service_contact.html", [form, phones], service=service, phones=phones
    )


@login_required
@require_POST
def service_mark_reviewed(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    form = forms.VersionedForm(request.POST, service=service)
    if not form.is_valid():
        messages.error(request, _("The service could not be marked as reviewed. Try again."))
        return redirect("manage:service", service.pk)
    try:
        actions.mark_reviewed(request.user, service, expected_version=form.cleaned_data["version"])
    except actions.StaleEdit:
        messages.error(request, actions.STALE_MESSAGE)
        return redirect("manage:service", service.pk)
    return _saved(request, service, _("Marked as reviewed today."))


@login_required
@GET_POST
def location_add(request, service_id):
    service = get_service_for_editor(request.user, service_id)
    return _location_page(request, service, at_location=None)


@login_required
@GET_POST
def location_edit(request, service_id, location_id):
    at_location = get_service_location_for_editor(request.user, service_id, location_id)
    return _location_page(request, at_location.service, at_location=at_location)


def _location_page(request, service, at_location):
    data = _posted(request)
    initial = forms.LocationForm.initial_for(at_location.location) if at_location else {}
    form = forms.LocationForm(data, service=service, initial=initial)
    times = forms.opening_times_formset(at_location, data)
    if request.method == "POST" and form.is_valid() and times.is_valid():
        try:
            actions.save_location(
                request.user,
                service,
                form.location_data(),
                schedules=forms.opening_times_from(times),
                expected_version=form.cleaned_data["version"],
                at_location=at_location,
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.LocationForm, stale)
            return _render_stale(
                request,
                "manage/location_form.html",
                [form, times],
                stale,
                times=times,
                at_location=at_location,
            )
        if at_location is None:
            return _saved(request, service, _("Location added."))
        return _saved(request, service, _("Location saved."))
    return _render(
        request,
        "manage/location_form.html",
        [form, times],
        service=service,
        times=times,
        at_location=at_location,
    )


@login_required
@GET_POST
def location_remove(request, service_id, location_id):
    at_location = get_service_location_for_editor(request.user, service_id, location_id)
    service = at_location.service
    form = forms.VersionedForm(_posted(request), service=service)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_location(
                request.user, at_location, expected_version=form.cleaned_data["version"]
            )
        except actions.StaleEdit as stale:
            form = _refuse_stale(request, forms.VersionedForm, stale)
            return _render_stale(
                request, "manage/location_remove.html", [form], stale, at_location=at_location
            )
        return _saved(request, service, _("Location removed."))
    return _render(
        request, "manage/location_remove.html", [form], service=service, at_location=at_location
    )


def service_summary_data(service) -> dict:
    """Everything the summary page lists, fetched in a handful of queries."""
    attributes = list(service.attributes.select_related("taxonomy_term__parent"))
    at_locations = list(
        service.at_locations.select_related("location__borough").prefetch_related("schedules")
    )
    day_names = dict(Schedule.DAYS)
    locations = []
    for at in at_locations:
        opening = [
            {
                "days": [day_names.get(code, code) for code in s.day_codes()],
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
            }
            for s in sorted(at.schedules.all(), key=lambda s: (s.opens_at is None, s.opens_at))
        ]
        locations.append({"at": at, "location": at.location, "opening_times": opening})
    return {
        "needs": sorted(
            (a.taxonomy_term for a in attributes if a.link_type == Attribute.NEED),
            key=lambda t: t.name,
        ),
        "groups": sorted(
            (a.taxonomy_term for a in attributes if a.link_type == Attribute.GROUP),
            key=lambda t: t.name,
        ),
        "languages": sorted(
            language_name(code) for code in service.languages.values_list("code", flat=True)
        ),
        "areas": actions.area_labels(service),
        "prisons": [p.name for p in service.in_reach_prisons.all()],
        "phones": list(service.phones.order_by("id")),
        "locations": locations,
    }


def _refuse_stale(request, form_class, stale):
    """The editor's own input again, now based on the stored version, with the refusal."""
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    form = form_class(data, service=stale.current)
    form.is_valid()
    form.add_error(None, actions.STALE_MESSAGE)
    return form


def _render_stale(request, template, all_forms, stale, **context):
    return _render(
        request,
        template,
        all_forms,
        service=stale.current,
        stale=stale.current,
        stale_summary=service_summary_data(stale.current),
        status=409,
        **context,
    )


def _render(request, template, all_forms, status=200, **context):
    errors = forms.error_summary(*all_forms)
    context.update(form=all_forms[0], errors=errors, has_errors=bool(errors))
    return render(request, template, context, status=status)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _saved(request, service, message):
    messages.success(request, message)
    return redirect("manage:service", service.pk)

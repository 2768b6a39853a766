"""A person's referrals: the list on their record, finding a service for a need (suggestions
with their reasons) and sending the referral. Casework only: mentors, administrators and the
staff of an organisation a referral went to (without an involvement of their own) get a 404,
as for any other part of the record."""

import datetime
import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.consents.checks import consent_in_force
from resettle.consents.models import Consent
from resettle.core.matching import explain as why
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.models import casework_organisation_ids
from resettle.people.views import render_person_page
from resettle.referrals import actions, forms, suggestions
from resettle.referrals.models import SharedField, Status
from resettle.services.forms import error_summary

TAB = "referrals"
PAGE_SIZE = 25
LEFT_OUT_PAGE_SIZE = 50

# GOV.UK tag colours for each status; the words carry the meaning, never the colour alone.
STATUS_COLOURS = {
    Status.SENT: "light-blue",
    Status.ACCEPTED: "blue",
    Status.DECLINED: "red",
    Status.CONTACT_MADE: "turquoise",
    Status.IN_PROGRESS: "purple",
    Status.COMPLETED: "green",
    Status.WITHDRAWN: "grey",
    Status.CANCELLED: "grey",
}


# The list ----------------------------------------------------------------------------------

# "20260501T093000123456-<uuid hex>": the referral's sent time in UTC and its id.
_CURSOR = re.compile(r"^(\d{8}T\d{12})-([0-9a-f]{32})$")
_CURSOR_TIME = "%Y%m%dT%H%M%S%f"


def _cursor_for(referral) -> str:
    return f"{referral.sent_at.astimezone(datetime.UTC).strftime(_CURSOR_TIME)}-{referral.pk.hex}"


def _parse_cursor(value):
    match = _CURSOR.match(value or "")
    if match is None:
        return None
    try:
        at = datetime.datetime.strptime(match[1], _CURSOR_TIME).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    return at, uuid.UUID(match[2])


@login_required
@require_GET
def referral_list(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "referrals")
    before = request.GET.get("before")
    cursor = _parse_cursor(before)
    # Newest first, read off the index referral_person (person, -sent_at, -id) a page at a
    # time: the cost does not grow with how many referrals or events there are.
    referrals = person.referrals.select_related(
        "service", "to_organisation", "from_organisation", "pathway", "support_need"
    )
    if cursor is not None:
        at, pk = cursor
        referrals = referrals.filter(Q(sent_at__lt=at) | Q(sent_at=at, pk__lt=pk), sent_at__lte=at)
    rows = list(referrals.order_by("-sent_at", "-id")[: PAGE_SIZE + 1])
    older = _cursor_for(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else None
    rows = rows[:PAGE_SIZE]
    # Everyone with casework access sees the person's referrals (they are on the timeline
    # too), but a referral's own page is for the organisations that sent or received it.
    mine = set(casework_organisation_ids(request.user))
    for referral in rows:
        referral.tag_colour = STATUS_COLOURS.get(referral.status, "grey")
        referral.openable = bool(
            {referral.from_organisation_id, referral.to_organisation_id} & mine
        )
    return render_person_page(
        request,
        person,
        TAB,
        "referrals/person_list.html",
        {
            "referrals": rows,
            "older_cursor": older,
            "paged": cursor is not None,
            "bad_cursor": bool(before) and cursor is None,
            "has_open_needs": person.needs.open().exists(),
        },
    )


# Finding a service ---------------------------------------------------------------------------


@login_required
@require_GET
def suggest(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "referral suggestions")
    needs = forms.open_needs(person)
    asked = "need" in request.GET
    form = forms.SuggestForm(request.GET if asked else None, person=person, needs=needs)
    if not asked and len(needs) == 1:
        # One open need: nothing to choose, so show its suggestions straight away.
        form = forms.SuggestForm({"need": str(needs[0].pk)}, person=person, needs=needs)
    context = {"form": form, "needs": needs, "errors": error_summary(form) if asked else []}
    result = None
    if form.is_bound and form.is_valid():
        need = form.cleaned_data["need"]
        try:
            result = suggestions.suggest_for(person, need, wanted=form.cleaned_data["specialism"])
        except ValueError:
            # Matching refuses a need outside the taxonomy (a pathway or support need retired
            # since it was recorded): say so rather than fail.
            form.add_error("need", _("Services cannot be found for this need: update the need"))
            context["errors"] = error_summary(form)
    if result is not None:
        already = dict(
            person.referrals.open()
            .filter(service_id__in=[row.service.pk for row in result.rows])
            .values_list("service_id", "reference")
        )
        for row in result.rows:
            row.open_reference = already.get(row.service.pk)
        context.update(need=need, result=result, **_left_out(request, result))
    return render_person_page(request, person, TAB, "referrals/suggest.html", context)


def _left_out(request, result) -> dict:
    """The services left out, listed only when asked for (?left_out=all or a reason code):
    explaining each one is the slow part, so the page shows only the counts by default."""
    wanted = request.GET.get("left_out", "")
    if not wanted:
        return {"left_out_shown": False}
    code = wanted if wanted in why.EXCLUSIONS else None
    if code is None and wanted != "all":
        return {"left_out_shown": False, "left_out_unknown": True}
    paginator = Paginator(suggestions.left_out(result, code), LEFT_OUT_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("left_out_page"))
    return {
        "left_out_shown": True,
        "left_out_code": code,
        "left_out_label": suggestions.exclusion_label(code) if code else "",
        "left_out_page": page,
    }


# Sending -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    source = request.POST if request.method == "POST" else request.GET
    service = forms.service_from(source.get("service"))
    organisation = service.organisation if service is not None else None
    needs = forms.open_needs(person)
    consent = share_consent = None
    if organisation is not None:
        consent = consent_in_force(person, Consent.Purpose.REFERRALS, organisation)
        share_consent = consent_in_force(person, Consent.Purpose.SHARE_RECORD, organisation)
    kwargs = {
        "person": person,
        "service": service,
        "consent": consent,
        "share_consent": share_consent,
        "needs": needs,
    }
    if request.method == "POST" and "add_outcome" in request.POST:
        form = forms.ReferralForm(initial=forms.with_another_outcome(request.POST), **kwargs)
    elif request.method == "POST":
        form = forms.ReferralForm(request.POST, **kwargs)
        if form.is_valid():
            referral = _send(request, person, form)
            if referral is not None:
                messages.success(
                    request,
                    _("Referral %(reference)s sent to %(organisation)s.")
                    % {"reference": referral.reference, "organisation": organisation.name},
                )
                return redirect("referrals:detail", referral.pk)
    else:
        record_viewed(request.user, person, "new referral")
        initial = {"service": source.get("service", "")}
        asked_for = source.get("need")
        known = asked_for in {str(n.pk) for n in needs}
        if known:
            initial["need"] = asked_for
        elif len(needs) == 1:
            initial["need"] = str(needs[0].pk)
        form = forms.ReferralForm(initial=initial, **kwargs)
        # A stale or mistyped link says what is wrong at once, not only once sent.
        form.initial_problems = [forms.service_problem(service)]
        if asked_for and not known:
            form.initial_problems.append(_("That need is not one of their open needs: choose one"))
    return render_person_page(
        request,
        person,
        TAB,
        "referrals/new.html",
        {
            "form": form,
            "errors": _errors(form),
            "service": service,
            "organisation": organisation,
            "consent": consent,
            "share_consent": share_consent,
            "needs": needs,
            "release": {
                "in_custody": person.in_custody,
                "prison": person.current_prison,
                "release_date": person.release_date,
            },
        },
    )


def _errors(form):
    if not form.is_bound:
        return [("", problem) for problem in getattr(form, "initial_problems", []) if problem]
    return error_summary(form)


def _send(request, person, form):
    """Send the referral, or put the action's refusal on the form against the field it is
    about. Returns the referral, or None when refused."""
    data = form.cleaned_data
    try:
        return actions.send_referral(
            request.user,
            person,
            service=form.service,
            need=data["need"],
            desired_outcomes=data["desired_outcomes"],
            reason=data["reason"],
            urgency=data["urgency"],
            shared_fields=data["shared_fields"],
            consent_override_reason=data.get("consent_override_reason", ""),
        )
    except actions.ReferralRefused as refused:
        add_refusal(form, refused)
    except PermissionDenied:
        form.add_error(
            None, _("You cannot refer this person: your organisation does not hold their casework.")
        )
    return None


def add_refusal(form, refused):
    """An action's refusal on the form. The action checks again, under its locks, what the
    form already checked, so a refusal here means something changed in between (consent
    withdrawn, the service closed, another referral sent): ask again which it was, to put the
    message beside the field it is about."""
    message = refused.messages[0] if refused.messages else str(refused)
    organisation = form.service.organisation if form.service is not None else None

    def missing(purpose):
        return (
            organisation is not None
            and consent_in_force(form.person, purpose, organisation) is None
        )

    field = None
    if missing(Consent.Purpose.REFERRALS) and not form.cleaned_data.get("consent_override_reason"):
        field = "consent_override_reason" if "consent_override_reason" in form.fields else None
    elif SharedField.WHOLE_RECORD in form.cleaned_data.get("shared_fields", []) and missing(
        Consent.Purpose.SHARE_RECORD
    ):
        field = "shared_fields"
    elif form.service is not None and forms.service_problem(forms.service_from(form.service.pk)):
        field = "service"
    form.add_error(field, message)

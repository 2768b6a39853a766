"""The referral pages for staff: the receiving organisation's inbox, the referring
organisation's sent list, one referral's page, and a page (or a button) for each change.

The receiving side sees of the person only what was shared with the referral, never their
record (unless it also works with them through an involvement); the referring side sees all it
could already. Who may make which change is access.changes_for_side; when it may is the
lifecycle's; the actions check both again under the row lock and have the last word.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resettle.audit.models import AuditEntry
from resettle.consents.checks import consent_in_force
from resettle.consents.models import Consent
from resettle.core.referrals import (
    ACCEPT,
    ASSIGN,
    CANCEL,
    COMPLETE,
    DECLINE,
    RECORD_CONTACT,
    REFER_ON,
    WITHDRAW,
    InvalidChange,
    allowed_changes,
)
from resettle.organisations.models import Organisation
from resettle.people.access import has_casework_access
from resettle.people.log import PERSON_TYPE, record_viewed
from resettle.people.models import casework_organisation_ids
from resettle.people.views import add_refusal_errors
from resettle.referrals import actions, queries
from resettle.referrals import forms as referral_forms
from resettle.referrals.access import (
    changes_for_side,
    changes_now,
    get_referral_for_user,
    is_receiving_side,
    is_referring_side,
    may_see_override_reason,
)
from resettle.referrals.actions import ReferralRefused
from resettle.referrals.change_forms import (
    AcceptForm,
    AssignForm,
    CancelForm,
    CompleteForm,
    ContactForm,
    DeclineForm,
    WithdrawForm,
)
from resettle.referrals.models import (
    DeclineReason,
    Referral,
    ReferralEvent,
    SharedField,
    WithdrawReason,
)
from resettle.referrals.person_views import add_refusal
from resettle.services.forms import error_summary
from resettle.services.models import Service

GET_POST = require_http_methods(["GET", "POST"])


# Lists ------------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    """Referrals to one of the user's organisations, a tab at a time."""
    user = request.user
    organisations, organisation = _chosen_organisation(request)
    tab = _chosen_tab(request, queries.INBOX_TABS)
    return _list_page(
        request,
        "referrals/inbox.html",
        organisations=organisations,
        organisation=organisation,
        tabs=queries.INBOX_TABS,
        tab=tab,
        referrals_on=lambda key: queries.inbox_tab(user, organisation, key),
        page_name="referral inbox",
    )


@login_required
@require_GET
def sent(request):
    """Referrals one of the user's organisations sent, so it always sees where each stands."""
    user = request.user
    organisations, organisation = _chosen_organisation(request)
    tab = _chosen_tab(request, queries.SENT_TABS)
    return _list_page(
        request,
        "referrals/sent.html",
        organisations=organisations,
        organisation=organisation,
        tabs=queries.SENT_TABS,
        tab=tab,
        referrals_on=lambda key: queries.sent_tab(user, organisation, key),
        page_name="referrals sent",
    )


def _chosen_organisation(request):
    """The user's casework organisations, and the one the page is for (?organisation=<id>,
    only among theirs; the first by name otherwise). Anyone without a casework role has no
    inbox: mentors, commissioners, administrators."""
    ids = casework_organisation_ids(request.user)
    if not ids:
        raise Http404("Only casework staff have referrals.")
    organisations = list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))
    asked = request.GET.get("organisation", "")
    chosen = next((o for o in organisations if str(o.pk) == asked), organisations[0])
    return organisations, chosen


def _chosen_tab(request, tabs):
    asked = request.GET.get("tab", "")
    return next((tab for tab in tabs if tab.key == asked), tabs[0])


def _list_page(
    request, template, *, organisations, organisation, tabs, tab, referrals_on, page_name
):
    before = request.GET.get("before")
    cursor = queries.parse_cursor(before)
    rows, older = queries.page_of(referrals_on(tab.key), cursor)
    counts = {t.key: referrals_on(t.key).count() for t in tabs if t.counted}
    _record_listed(request.user, rows, page_name, organisation.pk)
    return render(
        request,
        template,
        {
            "organisations": organisations,
            "organisation": organisation,
            "several_organisations": len(organisations) > 1,
            "tabs": [
                {
                    "key": t.key,
                    "label": t.label,
                    "count": counts.get(t.key),
                    "current": t == tab,
                    "query": _query(organisation, organisations, tab=t.key),
                }
                for t in tabs
            ],
            "tab": tab,
            "rows": rows,
            "older_query": _query(organisation, organisations, tab=tab.key, before=older)
            if older
            else None,
            "newest_query": _query(organisation, organisations, tab=tab.key),
            "paged": cursor is not None,
            "bad_cursor": bool(before) and cursor is None,
        },
    )


def _query(organisation, organisations, **params) -> str:
    if len(organisations) > 1:
        params = {"organisation": organisation.pk, **params}
    return "?" + urlencode(params)


def _record_listed(user, rows, page: str, organisation_id):
    """One audit row per person shown, as the caseloads do, in one insert."""
    if not rows:
        return
    with transaction.atomic():
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=user,
                organisation_id=organisation_id,
                action="person.listed",
                object_type=PERSON_TYPE,
                object_id=str(referral.person_id),
                summary=f"Listed on {page}",
                changes={"page": page, "referral": referral.reference},
            )
            for referral in rows
        )


# One referral -----------------------------------------------------------------------------


@login_required
@require_GET
def detail(request, referral_id):
    referral = get_referral_for_user(request.user, referral_id)
    return _detail_page(request, referral)


def _detail_page(request, referral, *, status=200, refusal="", accept_form=None):
    user = request.user
    record_viewed(user, referral.person, "referral")
    changes = changes_now(user, referral)
    if accept_form is None and ACCEPT in changes:
        accept_form = AcceptForm(referral=referral)
    today = timezone.localdate()
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "receiving": is_receiving_side(user, referral),
            "referring": is_referring_side(user, referral),
            "can_open_record": has_casework_access(user, referral.person),
            "show_override_reason": may_see_override_reason(user, referral),
            "changes": changes,
            "accept_form": accept_form,
            "refusal": refusal,
            "outcomes": list(referral.outcomes.all()),
            "shared": _shared_for_page(referral),
            "chain": _chain(user, referral),
            "events": _events(referral),
            "weeks_to_release": (
                (referral.release_date - today).days // 7
                if referral.release_date and referral.release_date >= today
                else None
            ),
            "released": bool(referral.release_date and referral.release_date < today),
        },
        status=status,
    )


def _shared_for_page(referral) -> dict:
    """The snapshot as the page shows it, with the parts that were not shared named, so the
    receiving side knows what to ask the referrer for."""
    shared = dict(referral.shared)
    if shared.get("date_of_birth"):
        shared["date_of_birth"] = _date(shared["date_of_birth"])
    if shared.get("plan"):
        shared["plan"] = [
            {
                **goal,
                "steps": [
                    {**step, "due_on": _date(step.get("due_on"))} for step in goal.get("steps", [])
                ],
            }
            for goal in shared["plan"]
        ]
    chosen = set(referral.shared_fields)
    shared["not_shared"] = [
        label
        for code, label in SharedField.choices
        if code not in chosen and code != SharedField.WHOLE_RECORD
    ]
    shared["whole_record"] = SharedField.WHOLE_RECORD in chosen
    return shared


def _chain(user, referral) -> list[dict]:
    """The other referrals in this one's chain that the user may see, oldest first: where it
    came from and where it went on to."""
    root = referral.chain_root_id or referral.pk
    others = (
        Referral.objects.visible_to(user)
        .filter(Q(pk=root) | Q(chain_root_id=root))
        .exclude(pk=referral.pk)
        .select_related("service", "to_organisation")
        .defer("shared")
        .order_by("sent_at", "pk")
    )
    return [
        {
            "referral": other,
            "relation": (
                "parent"
                if other.pk == referral.parent_id
                else "onward"
                if other.parent_id == referral.pk
                else "chain"
            ),
        }
        for other in others
    ]


def _date(value):
    """A date stored as ISO text in a snapshot or an event's context, or None."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


REASON_LABELS = {
    ReferralEvent.Kind.DECLINED: dict(DeclineReason.choices),
    ReferralEvent.Kind.WITHDRAWN: dict(WithdrawReason.choices),
}


def _events(referral) -> list:
    """The referral's history, newest first, each with its reason in words."""
    hows = dict(ContactForm.HOW_CHOICES)
    events = list(referral.events.select_related("actor", "organisation").order_by("-at", "-id"))
    for event in events:
        labels = REASON_LABELS.get(event.kind, {})
        event.reason_label = labels.get(event.reason, "")
        if event.kind == ReferralEvent.Kind.CONTACT:
            event.contact_on = _date(event.context.get("on"))
            how = event.context.get("how") or ""
            event.contact_how = hows.get(how, how)
            event.contact_happened = event.reason == "happened"
            event.contact_first = event.context.get("first", False)
        event.waited = event.context.get("working_days_waiting")
    return events


# Changes ----------------------------------------------------------------------------------

# The events that change a referral's status: the latest says who stands in the way of a
# change that is no longer possible.
STATUS_KINDS = (
    ReferralEvent.Kind.SENT,
    ReferralEvent.Kind.ACCEPTED,
    ReferralEvent.Kind.DECLINED,
    ReferralEvent.Kind.CONTACT,
    ReferralEvent.Kind.COMPLETED,
    ReferralEvent.Kind.WITHDRAWN,
    ReferralEvent.Kind.CANCELLED,
)


def _did_sentence(kind) -> str:
    # Whole sentences, each its own string for translators.
    return {
        ReferralEvent.Kind.SENT: _("%(who)s sent it %(when)s."),
        ReferralEvent.Kind.ACCEPTED: _("%(who)s accepted it %(when)s."),
        ReferralEvent.Kind.DECLINED: _("%(who)s declined it %(when)s."),
        ReferralEvent.Kind.CONTACT: _("%(who)s recorded a contact %(when)s."),
        ReferralEvent.Kind.COMPLETED: _("%(who)s completed it %(when)s."),
        ReferralEvent.Kind.WITHDRAWN: _("%(who)s withdrew it %(when)s."),
        ReferralEvent.Kind.CANCELLED: _("%(who)s cancelled it %(when)s."),
    }[kind]


def refusal_message(referral, error: InvalidChange) -> str:
    """Why the change cannot be made, and who made the change that stands in its way and
    when: "This referral has already been accepted, so it cannot be accepted. Sam Jones
    (Lambeth Housing Advice) accepted it at 10:02 today." """
    message = _(str(error))
    latest = (
        referral.events.filter(kind__in=STATUS_KINDS)
        .select_related("actor", "organisation")
        .order_by("-at", "-id")
        .first()
    )
    if latest is None:
        return message
    did = _did_sentence(latest.kind) % {"who": _who(latest), "when": _when(latest.at)}
    return f"{message} {did}"


def _who(event) -> str:
    organisation = event.organisation.name if event.organisation_id else ""
    if event.actor_id:
        name = event.actor.get_full_name() or event.actor.email
        if organisation:
            return _("%(name)s (%(organisation)s)") % {"name": name, "organisation": organisation}
        return name
    return organisation or _("Someone")


def _when(at) -> str:
    local = timezone.localtime(at)
    time = formats.time_format(local, "H:i")
    days_ago = (timezone.localdate() - local.date()).days
    if days_ago == 0:
        return _("at %(time)s today") % {"time": time}
    if days_ago == 1:
        return _("at %(time)s yesterday") % {"time": time}
    date = formats.date_format(local, "j F Y")
    return _("on %(date)s at %(time)s") % {"date": date, "time": time}


def _refused(request, referral, error: InvalidChange):
    """Why the change cannot be made, on the referral's page. A change sent (POST) answers
    409 Conflict: the page someone acted on was out of date. A stale link to a change's form
    (GET) goes to the referral's page with the same message, as a link that no longer leads
    anywhere useful should."""
    referral = get_referral_for_user(request.user, referral.pk)  # as it is now
    message = refusal_message(referral, error)
    if request.method == "GET":
        messages.error(request, message)
        return redirect("referrals:detail", referral.pk)
    return _detail_page(request, referral, status=409, refusal=message)


def _referral_for_change(request, referral_id, change) -> Referral:
    """The referral, if the user's side makes this change at all; otherwise the same 404 as
    for a referral they cannot see."""
    referral = get_referral_for_user(request.user, referral_id)
    if change not in changes_for_side(request.user, referral):
        raise Http404("Your side of this referral does not make that change.")
    return referral


def _change_page(request, referral_id, change, *, form_class, template, act, done, context=None):
    """A change made through a form page: GET shows the form; POST makes the change and goes
    back to the referral with a banner, or shows what to put right."""
    referral = _referral_for_change(request, referral_id, change)
    if change not in allowed_changes(referral.status):
        return _refused(request, referral, InvalidChange(change, referral.status))
    form = form_class(request.POST if request.method == "POST" else None, referral=referral)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                act(referral, form.cleaned_data, form)
            except InvalidChange as error:
                return _refused(request, referral, error)
            except ReferralRefused as refused:
                add_refusal_errors(form, refused)
            except PermissionDenied:
                raise Http404("Your side of this referral does not make that change.") from None
            else:
                messages.success(request, done(referral))
                return redirect("referrals:detail", referral.pk)
        status = 400
    else:
        record_viewed(request.user, referral.person, f"referral: {change}")
    return render(
        request,
        template,
        {"referral": referral, "form": form, **(context or {})},
        status=status,
    )


@login_required
@require_POST
def accept(request, referral_id):
    """One button on the referral's page, with an optional worker to assign."""
    referral = _referral_for_change(request, referral_id, ACCEPT)
    if ACCEPT not in allowed_changes(referral.status):
        return _refused(request, referral, InvalidChange(ACCEPT, referral.status))
    form = AcceptForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            actions.accept(request.user, referral, assign_to=form.cleaned_data["assign_to"])
        except InvalidChange as error:
            return _refused(request, referral, error)
        except ReferralRefused as refused:
            add_refusal_errors(form, refused)
        except PermissionDenied:
            raise Http404("Your side of this referral does not accept it.") from None
        else:
            messages.success(request, _("Referral %(ref)s accepted.") % {"ref": referral.reference})
            return redirect("referrals:detail", referral.pk)
    return _detail_page(request, referral, status=400, accept_form=form)


def _ref(referral) -> dict:
    return {"ref": referral.reference}


@login_required
@GET_POST
def decline(request, referral_id):
    return _change_page(
        request,
        referral_id,
        DECLINE,
        form_class=_without_referral(DeclineForm),
        template="referrals/change_decline.html",
        act=lambda referral, data, form: actions.decline(
            request.user, referral, reason=data["reason"], detail=data["detail"]
        ),
        done=lambda referral: _("Referral %(ref)s declined.") % _ref(referral),
    )


@login_required
@GET_POST
def assign(request, referral_id):
    return _change_page(
        request,
        referral_id,
        ASSIGN,
        form_class=AssignForm,
        template="referrals/change_assign.html",
        act=lambda referral, data, form: actions.assign(request.user, referral, data["worker"]),
        done=lambda referral: _("Referral %(ref)s assigned.") % _ref(referral),
    )


@login_required
@GET_POST
def record_contact(request, referral_id):
    return _change_page(
        request,
        referral_id,
        RECORD_CONTACT,
        form_class=ContactForm,
        template="referrals/change_contact.html",
        act=lambda referral, data, form: actions.record_contact(
            request.user,
            referral,
            on=data["on"],
            happened=data["happened"],
            how=data["how"],
            note=data["note"],
        ),
        done=lambda referral: _("Contact recorded on referral %(ref)s.") % _ref(referral),
    )


@login_required
@GET_POST
def complete(request, referral_id):
    return _change_page(
        request,
        referral_id,
        COMPLETE,
        form_class=CompleteForm,
        template="referrals/change_complete.html",
        act=lambda referral, data, form: actions.complete(
            request.user, referral, results=form.results(), note=data["note"]
        ),
        done=lambda referral: _("Referral %(ref)s completed.") % _ref(referral),
    )


@login_required
@GET_POST
def withdraw(request, referral_id):
    return _change_page(
        request,
        referral_id,
        WITHDRAW,
        form_class=_without_referral(WithdrawForm),
        template="referrals/change_withdraw.html",
        act=lambda referral, data, form: actions.withdraw(
            request.user, referral, reason=data["reason"], detail=data["detail"]
        ),
        done=lambda referral: _("Referral %(ref)s withdrawn.") % _ref(referral),
    )


@login_required
@GET_POST
def cancel(request, referral_id):
    return _change_page(
        request,
        referral_id,
        CANCEL,
        form_class=_without_referral(CancelForm),
        template="referrals/change_cancel.html",
        act=lambda referral, data, form: actions.cancel(request.user, referral, note=data["note"]),
        done=lambda referral: _("Referral %(ref)s cancelled.") % _ref(referral),
    )


def _without_referral(form_class):
    """Forms that need nothing of the referral, called the same way as those that do."""

    def make(data, *, referral):
        return form_class(data)

    return make


# Refer on ---------------------------------------------------------------------------------


SEARCH_RESULTS = 20


@login_required
@GET_POST
def refer_on(request, referral_id):
    """The receiving organisation refers the person on: first find a service (by name, or
    those meeting the same need), then the same referral form as on a person's record. It
    shares on no more than it was given, unless it also works with the person."""
    referral = _referral_for_change(request, referral_id, REFER_ON)
    if REFER_ON not in allowed_changes(referral.status):
        return _refused(request, referral, InvalidChange(REFER_ON, referral.status))
    source = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not source.get("service"):
        return _refer_on_search(request, referral)

    user, person = request.user, referral.person
    service = referral_forms.service_from(source.get("service"))
    organisation = service.organisation if service is not None else None
    consent = share_consent = None
    if organisation is not None:
        consent = consent_in_force(person, Consent.Purpose.REFERRALS, organisation)
        share_consent = consent_in_force(person, Consent.Purpose.SHARE_RECORD, organisation)
    kwargs = {
        "person": person,
        "service": service,
        "consent": consent,
        "share_consent": share_consent,
        "parent": referral,
        "allowed": None if has_casework_access(user, person) else referral.shared_fields,
    }
    status = 200
    if request.method == "POST" and "add_outcome" in request.POST:
        form = referral_forms.ReferralForm(
            initial=referral_forms.with_another_outcome(request.POST), **kwargs
        )
    elif request.method == "POST":
        form = referral_forms.ReferralForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            need = (
                {"need": referral.need}
                if referral.need_id
                else {"pathway": referral.pathway, "support_need": referral.support_need}
            )
            try:
                onward = actions.refer_on(
                    user,
                    referral,
                    service=form.service,
                    desired_outcomes=data["desired_outcomes"],
                    reason=data["reason"],
                    urgency=data["urgency"],
                    shared_fields=data["shared_fields"],
                    consent_override_reason=data.get("consent_override_reason", ""),
                    **need,
                )
            except InvalidChange as error:
                return _refused(request, referral, error)
            except ReferralRefused as refused:
                add_refusal(form, refused)
            except PermissionDenied:
                raise Http404("Your side of this referral does not refer on.") from None
            else:
                messages.success(
                    request,
                    _("Referral %(reference)s sent to %(organisation)s.")
                    % {"reference": onward.reference, "organisation": organisation.name},
                )
                return redirect("referrals:detail", onward.pk)
        status = 400
    else:
        record_viewed(user, person, "referral: refer on")
        form = referral_forms.ReferralForm(initial={"service": source.get("service")}, **kwargs)
        form.initial_problems = [referral_forms.service_problem(service)]
    errors = (
        error_summary(form)
        if form.is_bound
        else [("", problem) for problem in form.initial_problems if problem]
    )
    return render(
        request,
        "referrals/change_refer_on.html",
        {
            "referral": referral,
            "form": form,
            "errors": errors,
            "service": service,
            "organisation": organisation,
            "consent": consent,
            "share_consent": share_consent,
        },
        status=status,
    )


def _refer_on_search(request, referral):
    """Services that take professional referrals now: those matching the words typed, or
    else those meeting the same need. Nothing of the person's record is used to choose."""
    words = request.GET.get("q", "").strip()[:200]
    services = Service.objects.filter(
        status=Service.Status.ACTIVE, accepting_referrals=True, accepts_professional_referral=True
    ).exclude(pk=referral.service_id)
    if words:
        services = services.matching_text(words)
    else:
        services = services.meeting_need(referral.support_need or referral.pathway)
    record_viewed(request.user, referral.person, "referral: refer on")
    return render(
        request,
        "referrals/change_refer_on_search.html",
        {
            "referral": referral,
            "words": words,
            "services": list(
                services.select_related("organisation").order_by("name", "pk")[:SEARCH_RESULTS]
            ),
            "limit": SEARCH_RESULTS,
        },
    )

"""The referrals API (/api/v1/): list, create, read, and change a referral's state.

Reads go through Referral.objects.visible_to(user) and writes through the referral actions,
so a token's owner can see and do exactly what the pages let them, no more. A referral the
caller may not see is a 404, the same as one that does not exist.
"""

import uuid

from django.db import transaction
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.api import openapi as description
from resettle.api.bodies import Body, clean_text
from resettle.api.http import endpoint, error, field_errors, json_body, json_response
from resettle.api.serializers import Viewer, detail, referrals_queryset, summary, summary_queryset
from resettle.needs.models import Need
from resettle.people.log import record_viewed
from resettle.people.models import Person, casework_organisation_ids
from resettle.referrals import actions
from resettle.referrals.change_forms import ContactForm
from resettle.referrals.models import (
    OPEN_STATUSES,
    DeclineReason,
    DesiredOutcome,
    Referral,
    SharedField,
    Status,
    Urgency,
    WithdrawReason,
)
from resettle.referrals.queries import cursor_for, older_than, parse_cursor
from resettle.services.models import Service
from resettle.taxonomy.models import TaxonomyTerm

# How a contact was made: the codes the contact page records.
CONTACT_WAYS = [code for code, _label in ContactForm.HOW_CHOICES]
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
LIST_PARAMETERS = ("box", "status", "open", "after", "limit")


def _referral_for(user, referral_id) -> Referral:
    """The referral, if this user may see it; else a 404, whether or not it exists."""
    not_found = error(
        404, _("There is no referral you may see with the id '%(id)s'.") % {"id": referral_id[:64]}
    )
    try:
        pk = uuid.UUID(referral_id)
    except ValueError:
        raise not_found from None
    referral = referrals_queryset().visible_to(user).filter(pk=pk).first()
    if referral is None:
        raise not_found
    return referral


def _fresh(referral) -> Referral:
    return referrals_queryset().get(pk=referral.pk)


# --- Listing ---------------------------------------------------------------------------------


def _query(request) -> dict[str, str]:
    values = {}
    for name in request.GET:
        if name not in LIST_PARAMETERS:
            raise error(
                400,
                _("This endpoint does not take '%(name)s'. It takes: %(known)s.")
                % {"name": name[:50], "known": ", ".join(LIST_PARAMETERS)},
                str(name)[:100],
            )
        given = request.GET.getlist(name)
        if len(given) > 1:
            raise error(400, _("Give this once."), name)
        if clean_text(given[0]) is None or len(given[0]) > 200:
            raise error(400, _("This is not a value this parameter takes."), name)
        values[name] = given[0].strip()
    return values


def _list_filters(query) -> dict:
    """The list's filters, checked: box, status, open (as a bool or None), limit, cursor."""
    box = query.get("box", "")
    if box not in ("", "received", "sent"):
        raise error(400, _("box must be received or sent."), "box")
    status = query.get("status") or None
    if status is not None and status not in Status.values:
        raise error(
            400,
            _("status must be one of: %(values)s.") % {"values": ", ".join(Status.values)},
            "status",
        )
    is_open = None
    if query.get("open"):
        if query["open"] not in ("true", "false"):
            raise error(400, _("open must be true or false."), "open")
        is_open = query["open"] == "true"
    limit = DEFAULT_LIMIT
    if query.get("limit"):
        if not query["limit"].isdigit() or not 1 <= int(query["limit"]) <= MAX_LIMIT:
            raise error(
                400,
                _("limit must be a whole number from 1 to %(most)d.") % {"most": MAX_LIMIT},
                "limit",
            )
        limit = int(query["limit"])
    cursor = None
    if query.get("after"):
        cursor = parse_cursor(query["after"])
        if cursor is None:
            raise error(
                400, _("This is not a cursor this API gave out: use next_cursor as it is."), "after"
            )
    return {"box": box, "status": status, "is_open": is_open, "limit": limit, "cursor": cursor}


def _index_ranges(user, box, status, is_open):
    """The list as ranges that each match one index exactly (referral_inbox or
    referral_sent: one organisation, one side, open or closed), so each is read newest first
    straight off its index, however many referrals the organisation has had."""
    sides = {
        "received": ["to_organisation_id"],
        "sent": ["from_organisation_id"],
        "": ["to_organisation_id", "from_organisation_id"],
    }[box]
    if status is not None:
        is_open = status in OPEN_STATUSES
    for organisation_id in casework_organisation_ids(user):
        for side in sides:
            for open_or_closed in (True, False) if is_open is None else (is_open,):
                referrals = summary_queryset().visible_to(user)
                referrals = referrals.filter(**{side: organisation_id, "is_open": open_or_closed})
                if status is not None:
                    referrals = referrals.filter(status=status)
                yield referrals


def _list(request):
    user = request.user
    filters = _list_filters(_query(request))
    limit = filters["limit"]
    # Each range's newest limit + 1, merged: the page, and whether anything older is left.
    # A referral an organisation sent to itself is in two ranges: kept once.
    found = {}
    for referrals in _index_ranges(user, filters["box"], filters["status"], filters["is_open"]):
        for referral in older_than(referrals, filters["cursor"]).order_by("-sent_at", "-pk")[
            : limit + 1
        ]:
            found[referral.pk] = referral
    newest_first = sorted(found.values(), key=lambda r: (r.sent_at, r.pk), reverse=True)
    page = newest_first[:limit]
    next_cursor = cursor_for(page[-1]) if len(newest_first) > limit else None
    next_url = None
    if next_cursor:
        following = request.GET.copy()
        following["after"] = next_cursor
        next_url = f"{reverse('api:referrals')}?{following.urlencode()}"
    viewer = Viewer(user, page)
    return json_response(
        {
            "referrals": [summary(referral, viewer) for referral in page],
            "next_cursor": next_cursor,
            "next": next_url,
        }
    )


# --- Creating --------------------------------------------------------------------------------

CREATE_FIELDS = {
    "person_id",
    "service_id",
    "need_id",
    "pathway",
    "support_need",
    "desired_outcomes",
    "reason",
    "urgency",
    "shared_fields",
    "consent_override_reason",
}


def _need_terms(body, pathway_code, support_need_code):
    """The pathway and support need named by their codes, or errors on the body."""
    needs = TaxonomyTerm.objects.needs()
    pathway = support_need = None
    if support_need_code:
        support_need = (
            needs.filter(code=support_need_code, parent__isnull=False)
            .select_related("parent")
            .first()
        )
        if support_need is None:
            body.add_error("support_need", _("There is no support need with this code."))
    if pathway_code:
        pathway = needs.filter(code=pathway_code, parent__isnull=True).first()
        if pathway is None:
            body.add_error("pathway", _("There is no resettlement pathway with this code."))
    if support_need is not None:
        if pathway is not None and support_need.parent_id != pathway.pk:
            body.add_error(
                "support_need",
                _("This support need is not part of the pathway %(pathway)s.")
                % {"pathway": pathway.code},
            )
        pathway = support_need.parent
    return pathway, support_need


def _create(request):
    user = request.user
    body = Body(json_body(request), CREATE_FIELDS)
    person_id = body.uuid("person_id", required=True)
    service_id = body.uuid("service_id", required=True)
    need_id = body.uuid("need_id")
    pathway_code = body.text("pathway", max_length=100)
    support_need_code = body.text("support_need", max_length=100)
    outcomes = body.text_list(
        "desired_outcomes", required=True, max_items=actions.MAX_DESIRED_OUTCOMES, max_length=300
    )
    reason = body.text("reason", required=True, max_length=5000)
    urgency = body.choice("urgency", Urgency, default=Urgency.ROUTINE)
    shared_fields = body.choice_list("shared_fields", SharedField)
    override = body.text("consent_override_reason", max_length=2000)

    person = service = need = pathway = support_need = None
    if person_id is not None:
        person = Person.records.with_casework_access(user).filter(pk=person_id).first()
        if person is None:
            body.add_error("person_id", _("There is no one whose casework you do with this id."))
    if service_id is not None:
        service = Service.objects.public().filter(pk=service_id).first()
        if service is None:
            body.add_error("service_id", _("There is no service in the directory with this id."))
    if need_id is not None:
        if pathway_code or support_need_code:
            body.add_error("need_id", _("Give need_id, or pathway and support_need: not both."))
        elif person is not None:
            need = (
                Need.objects.filter(person=person, pk=need_id)
                .select_related("pathway", "support_need")
                .first()
            )
            if need is None:
                body.add_error("need_id", _("This person has no need with this id."))
    elif pathway_code or support_need_code:
        pathway, support_need = _need_terms(body, pathway_code, support_need_code)
    elif not any(body.data.get(name) for name in ("need_id", "pathway", "support_need")):
        body.add_error(
            "need_id",
            _("Say which need this is for: need_id, or the pathway and support_need codes."),
        )
    body.raise_if_invalid()

    try:
        referral = actions.send_referral(
            user,
            person,
            service=service,
            need=need,
            pathway=pathway,
            support_need=support_need,
            desired_outcomes=outcomes,
            reason=reason,
            urgency=urgency,
            shared_fields=shared_fields,
            consent_override_reason=override or "",
        )
    except actions.ReferralRefused as refused:
        raise field_errors([(None, message) for message in refused.messages]) from None
    url = reverse("api:referral", kwargs={"referral_id": referral.pk})
    fresh = _fresh(referral)
    return json_response(
        detail(fresh, Viewer(user, [fresh])), status=201, headers={"Location": url}
    )


@endpoint("GET", "POST")
def referrals(request):
    if request.method == "POST":
        return _create(request)
    return _list(request)


# --- Reading ---------------------------------------------------------------------------------


@endpoint("GET")
def referral(request, referral_id):
    found = _referral_for(request.user, referral_id)
    record_viewed(request.user, found.person, "referral (API)")
    return json_response(detail(found, Viewer(request.user, [found])))


# --- Changing --------------------------------------------------------------------------------

CHANGE_FIELDS = {
    "accept": {"worker_id"},
    "decline": {"reason", "detail"},
    "assign": {"worker_id"},
    "contact": {"on", "happened", "how", "note"},
    "complete": {"results", "note"},
    "withdraw": {"reason", "detail"},
    "cancel": {"note"},
}
# Where a refusal from the action belongs, for the error's field.
REFUSAL_FIELD = {
    "accept": "worker_id",
    "decline": "detail",
    "assign": "worker_id",
    "contact": "on",
    "complete": "results",
    "withdraw": "detail",
    "cancel": None,
}


def _worker(body, referral, *, required):
    worker_id = body.whole_number("worker_id", required=required)
    if worker_id is None:
        return None
    worker = actions.workers_for(referral).filter(pk=worker_id).first()
    if worker is None:
        body.add_error(
            "worker_id",
            _("No one doing casework at %(organisation)s has this id.")
            % {"organisation": referral.to_organisation.name},
        )
    return worker


def _reason(body, choices):
    reason = body.choice("reason", choices, required=True)
    detail_text = body.text("detail", max_length=2000)
    if reason == choices.OTHER and not detail_text:
        body.add_error("detail", _("Say why, when the reason is other."))
    return {"reason": reason, "detail": detail_text or ""}


def _change_arguments(change, body, referral) -> dict:
    """The action's keyword arguments from the body (errors collected on `body`)."""
    match change:
        case "accept":
            return {"assign_to": _worker(body, referral, required=False)}
        case "decline":
            return _reason(body, DeclineReason)
        case "assign":
            return {"worker": _worker(body, referral, required=True)}
        case "contact":
            on = body.past_date("on", required=True)
            if on is not None and on < timezone.localdate(referral.sent_at):
                body.add_error("on", _("This must be on or after the day the referral was sent."))
            return {
                "on": on,
                "happened": body.boolean("happened", default=True),
                "how": body.one_of("how", CONTACT_WAYS, required=True),
                "note": body.text("note", max_length=2000) or "",
            }
        case "complete":
            results = body.results("results", DesiredOutcome.Result) or {}
            outcomes = {outcome.pk: outcome for outcome in referral.outcomes.all()}
            for position, outcome_id in enumerate(results):
                if outcome_id not in outcomes:
                    body.add_error(
                        f"results[{position}].outcome_id",
                        _("This referral has no desired outcome with this id."),
                    )
            missing = [o.description for pk, o in outcomes.items() if pk not in results]
            if "results" in body.data and missing and not body.errors:
                body.add_error(
                    "results",
                    _("Say how far each outcome was achieved. Missing: %(missing)s.")
                    % {"missing": "; ".join(missing)},
                )
            return {"results": results, "note": body.text("note", max_length=2000) or ""}
        case "withdraw":
            return _reason(body, WithdrawReason)
        case "cancel":
            return {"note": body.text("note", max_length=2000) or ""}
    raise AssertionError(change)


def _call(change, user, referral, arguments):
    if change == "assign":
        return actions.assign(user, referral, arguments["worker"])
    act = {
        "accept": actions.accept,
        "decline": actions.decline,
        "contact": actions.record_contact,
        "complete": actions.complete,
        "withdraw": actions.withdraw,
        "cancel": actions.cancel,
    }[change]
    return act(user, referral, **arguments)


@endpoint("POST")
def change(request, referral_id, change):
    user = request.user
    found = _referral_for(user, referral_id)
    body = Body(json_body(request), CHANGE_FIELDS[change] | {"version"})
    version = body.whole_number("version")
    arguments = _change_arguments(change, body, found)
    body.raise_if_invalid()
    try:
        with transaction.atomic():
            if version is not None:
                # Held until this transaction ends, so the action sees the version checked.
                now = (
                    Referral.objects.select_for_update()
                    .filter(pk=found.pk)
                    .values_list("version", flat=True)
                    .get()
                )
                if now != version:
                    raise error(
                        409,
                        _(
                            "This referral has changed since you read it: it is at version "
                            "%(now)d, not %(given)d. Read it again before changing it."
                        )
                        % {"now": now, "given": version},
                        "version",
                    )
            _call(change, user, found, arguments)
    except actions.ReferralRefused as refused:
        raise field_errors(
            [(REFUSAL_FIELD[change], message) for message in refused.messages]
        ) from None
    fresh = _fresh(found)
    return json_response(detail(fresh, Viewer(user, [fresh])))


# --- The description, and anything else ------------------------------------------------------


@endpoint("GET", authenticated=False)
def openapi(request):
    return json_response(description.document(request.build_absolute_uri("/").rstrip("/")))


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE", authenticated=False)
def not_found(request, rest=""):
    message = _(
        "There is nothing at this address. The API's endpoints are listed in its OpenAPI "
        "description, at %(url)s."
    ) % {"url": reverse("api:openapi")}
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
            message = _("Add a slash at the end: %(path)s/") % {"path": request.path}
        except Resolver404:
            pass
    raise error(404, message)

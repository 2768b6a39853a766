"""A person's record: the overview, finding and adding people, their personal details, the
organisations working with them, and merging duplicate records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.accounts.models import Role
from resettle.audit.log import record
from resettle.caseloads.flags import raised_flags
from resettle.core.languages import language_name
from resettle.organisations.access import uuid_or_404
from resettle.organisations.models import Organisation
from resettle.people import access, actions, duplicates, forms
from resettle.people.log import record_viewed
from resettle.people.models import (
    CASEWORK_ROLES,
    Involvement,
    OtherName,
    Person,
    casework_organisation_ids,
    name_key,
)
from resettle.people.navigation import person_tabs


def render_person_page(request, person, tab: str, template: str, context=None, *, status=200):
    """Render one page of a person's record with the header and tabs."""
    return render(
        request,
        template,
        {"person": person, "tabs": person_tabs(request.user, person, tab), **(context or {})},
        status=status,
    )


def posted(request):
    """What a GET-or-POST page's form is bound to: the posted data, or nothing on a GET."""
    return request.POST if request.method == "POST" else None


def add_refusal_errors(form, refused: ValidationError):
    """Show why an action refused on the form that asked for it: each message beside its
    field where the form has one, otherwise in the error summary above the form."""
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused)
        return
    for field, messages_ in refused.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_GET
def person(request, person_id):
    person = access.get_person_for_user(request.user, person_id)
    record_viewed(request.user, person, "overview")
    mentor_view = access.is_mentor_only(request.user, person)
    today = timezone.localdate()
    appointments = person.appointments.filter(starts_at__date__gte=today, outcome="")
    if mentor_view:
        appointments = appointments.filter(worker=request.user)
    context = {
        "mentor_view": mentor_view,
        "casework": access.has_casework_access(request.user, person),
        "goals": person.goals.filter(status="active").prefetch_related("steps")[:10],
        "next_appointments": appointments.order_by("starts_at").select_related("organisation")[:3],
        "preferred_language_name": language_name(person.preferred_language),
        "communication_needs": [
            person.CommunicationNeed(code).label
            for code in person.communication_needs
            if code in person.CommunicationNeed.values
        ],
    }
    if not mentor_view:
        involvements = list(person.involvements.active().select_related("organisation", "worker"))
        context |= {
            "open_needs": person.needs.open().select_related("pathway", "support_need"),
            "involvements": involvements,
            "recent_events": person.events.select_related("organisation")[:5],
            # Every entry carries the same copy of the person's flags (caseloads.entries).
            "flags": raised_flags(involvements[0]) if involvements else [],
        }
    return render_person_page(request, person, "overview", "people/overview.html", context)


# --- Finding people -------------------------------------------------------------------------

SEARCH_PAGE_SIZE = 25


def may_search_people(user) -> bool:
    return bool(casework_organisation_ids(user)) or user.is_administrator


def people_matching(people, text: str, date_of_birth=None):
    """Filter `people` by a prison number, or a name (last name first, or the full name in
    either order, also among other names), and a date of birth. Only index lookups: an exact
    prison number, a prefix of name_key, an exact date of birth. A part of a name anywhere
    (e.g. a first name alone) is matched only together with a date of birth, which narrows
    a million people to a handful first."""
    if date_of_birth is not None:
        people = people.filter(date_of_birth=date_of_birth)
    if not text:
        return people
    if forms.looks_like_prison_number(text):
        return people.filter(prison_number=forms.normalised_prison_number(text))
    key = name_key(text, "")
    words = key.split()
    prefixes = {key}
    if len(words) > 1:
        prefixes.add(" ".join([words[-1], *words[:-1]]))  # "Jordan Reyes" -> "reyes jordan"
    by_name = Q()
    for prefix in prefixes:
        by_name |= Q(name_key__startswith=prefix)
    if date_of_birth is not None:
        for word in words:
            by_name |= Q(name_key__contains=word)
    # The same condition reads Person.name_key and OtherName.name_key.
    other_names = OtherName.objects.filter(by_name)
    if date_of_birth is not None:
        other_names = other_names.filter(person__date_of_birth=date_of_birth)
    other_names = other_names.values("person_id")
    return people.filter(by_name | Q(pk__in=other_names))


@login_required
@require_GET
def search(request):
    if not may_search_people(request.user):
        raise PermissionDenied
    form = forms.PersonSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid() and form.has_terms():
        people = people_matching(
            Person.records.visible_to(request.user),
            form.cleaned_data["q"],
            form.cleaned_data["date_of_birth"],
        ).select_related("current_prison")
        page = Paginator(people, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        with transaction.atomic():
            # Searching shows names and dates of birth, so it is recorded like any other view.
            record(
                request.user,
                "people.searched",
                summary="Searched for people",
                changes={
                    "q": form.cleaned_data["q"],
                    "date_of_birth": _iso(form.cleaned_data["date_of_birth"]),
                    "page": page.number,
                },
            )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "page": page,
            "may_create": bool(casework_organisation_ids(request.user)),
        },
    )


def _iso(day):
    return day.isoformat() if day else ""


# --- Adding a person ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    organisations = (
        request.user.organisations_with_role(*CASEWORK_ROLES).distinct().order_by("name")
    )
    if not organisations.exists():
        raise PermissionDenied
    form = forms.CreatePersonForm(posted(request), organisations=organisations)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.create_person(
                request.user,
                form.cleaned_data["organisation"],
                form.person_data(),
                confirmed_not_duplicate=form.cleaned_data["confirm_not_duplicate"],
            )
        except actions.PossibleDuplicate as refusal:
            duplicate = _describe_duplicates(request.user, refusal)
        else:
            messages.success(
                request, _("%(name)s has been added to Resettle.") % {"name": person.full_name}
            )
            return redirect("people:person", person.pk)
    return render(
        request,
        "people/create.html",
        {"form": form, "duplicate": duplicate},
        status=200 if duplicate is None else 409,
    )


def _describe_duplicates(user, refusal) -> dict:
    """What the user may be told about each match: a link to the ones they may see; for the
    others only that a record exists elsewhere, never whose it is or what it holds."""
    visible_ids = set(
        Person.records.visible_to(user)
        .filter(pk__in=[m.person.pk for m in refusal.matches])
        .values_list("pk", flat=True)
    )
    visible = [m for m in refusal.matches if m.person.pk in visible_ids]
    hidden = [m for m in refusal.matches if m.person.pk not in visible_ids]
    return {
        "visible": visible,
        "hidden_count": len(hidden),
        "hidden_prison_number": any(m.same_prison_number for m in hidden),
        "may_override": refusal.may_override,
    }


# --- Personal details -----------------------------------------------------------------------


def _details_context(person) -> dict:
    return {
        "other_names": list(person.other_names.all()),
        "preferred_language_name": language_name(person.preferred_language),
        "communication_needs": [
            person.CommunicationNeed(code).label
            for code in person.communication_needs
            if code in person.CommunicationNeed.values
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def details(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    editing = request.method == "POST" or request.GET.get("change") == "1"
    if request.method == "GET":
        record_viewed(request.user, person, "personal details")
    form = forms.EditPersonDetailsForm(
        posted(request), person=person, initial=forms.PersonDetailsForm.initial_for(person)
    )
    context = {
        "form": form,
        "editing": editing,
        "summary": _details_context(person),
        "may_merge": access.can_oversee(request.user, person),
    }
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_person_details(
                request.user, person, form.person_data(), form.cleaned_data["version"]
            )
        except actions.StaleEdit as stale:
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = forms.EditPersonDetailsForm(data, person=stale.current)
            form.is_valid()
            form.add_error(None, actions.STALE_MESSAGE)
            context |= {
                "form": form,
                "stale": stale.current,
                "stale_details": _details_context(stale.current),
            }
            return render_person_page(
                request, stale.current, "details", "people/details.html", context, status=409
            )
        except actions.PossibleDuplicate:
            form.add_error(
                "prison_number",
                _(
                    "Another record on Resettle has this prison number. Check the number; if "
                    "they are the same person, ask a manager to merge the records."
                ),
            )
        else:
            messages.success(request, _("Personal details saved."))
            return redirect("people:details", person.pk)
    return render_person_page(request, person, "details", "people/details.html", context)


# --- Organisations working with the person --------------------------------------------------


def _supporting_candidates(person):
    """Organisations that could be recorded as supporting the person: those whose staff use
    Resettle for casework (recording any other would open the record to nobody), not already
    working with them."""
    return (
        Organisation.objects.filter(memberships__role__in=CASEWORK_ROLES)
        .exclude(pk__in=person.involvements.active().values("organisation"))
        .distinct()
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisations(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    if request.method == "GET":
        record_viewed(request.user, person, "organisations")
    involvements = list(
        person.involvements.select_related("organisation", "worker").order_by("-started_on", "-id")
    )
    mine = set(casework_organisation_ids(request.user))
    today = timezone.localdate()
    active, past = [], []
    for involvement in involvements:
        is_active = involvement.ended_on is None or involvement.ended_on > today
        involvement.manageable = is_active and involvement.organisation_id in mine
        if involvement.manageable:
            involvement.allocate_form = forms.AllocateWorkerForm(
                workers=actions.workers_for(involvement),
                initial={"worker": involvement.worker_id},
                prefix=f"allocate-{involvement.pk}",
            )
        (active if is_active else past).append(involvement)

    add_form = forms.AddInvolvementForm(organisations=_supporting_candidates(person))
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = forms.AddInvolvementForm(
                request.POST, organisations=_supporting_candidates(person)
            )
            if add_form.is_valid():
                organisation = add_form.cleaned_data["organisation"]
                try:
                    actions.add_involvement(request.user, person, organisation)
                except actions.ConsentMissing as refusal:
                    add_form.add_error("organisation", str(refusal))
                    add_form.consent_missing = True
                except actions.InvolvementRefused as refusal:
                    add_form.add_error("organisation", str(refusal))
                else:
                    messages.success(
                        request,
                        _("%(organisation)s is now recorded as supporting %(name)s.")
                        % {"organisation": organisation.name, "name": person.full_name},
                    )
                    return redirect("people:organisations", person.pk)
            status = 400
        elif action == "allocate":
            involvement = _involvement_or_404(person, request.POST.get("involvement"))
            if not getattr(
                next((i for i in active if i.pk == involvement.pk), None), "manageable", False
            ):
                raise Http404("No involvement you may change has that id.")
            target = next(i for i in active if i.pk == involvement.pk)
            target.allocate_form = forms.AllocateWorkerForm(
                request.POST,
                workers=actions.workers_for(involvement),
                prefix=f"allocate-{involvement.pk}",
            )
            if target.allocate_form.is_valid():
                worker = target.allocate_form.cleaned_data["worker"]
                actions.allocate_worker(request.user, involvement, worker)
                messages.success(
                    request,
                    _("%(worker)s is now the worker at %(organisation)s.")
                    % {"worker": worker, "organisation": involvement.organisation.name},
                )
                return redirect("people:organisations", person.pk)
            status = 400
        else:
            return HttpResponseBadRequest(_("The form was not recognised. Reload the page."))
    return render_person_page(
        request,
        person,
        "organisations",
        "people/organisations.html",
        {"active": active, "past": past, "add_form": add_form, "consent_url": _consent_url(person)},
        status=status,
    )


def _consent_url(person) -> str:
    return reverse("consents:list", kwargs={"person_id": person.pk})


def _involvement_or_404(person, involvement_id) -> Involvement:
    try:
        return person.involvements.select_related("organisation").get(pk=int(involvement_id))
    except (TypeError, ValueError, Involvement.DoesNotExist):
        raise Http404("No involvement with that id for this person.") from None


@login_required
@require_http_methods(["GET", "POST"])
def involvement_end(request, person_id, involvement_id):
    person = access.get_person_for_casework(request.user, person_id)
    involvement = _involvement_or_404(person, involvement_id)
    today = timezone.localdate()
    if involvement.organisation_id not in casework_organisation_ids(request.user) or (
        involvement.ended_on is not None and involvement.ended_on <= today
    ):
        raise Http404("No involvement you may end has that id.")
    if request.method == "GET":
        record_viewed(request.user, person, "end involvement")
    form = forms.EndInvolvementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        actions.end_involvement(request.user, involvement, form.cleaned_data["reason"])
        messages.success(
            request,
            _("%(organisation)s is no longer recorded as working with %(name)s.")
            % {"organisation": involvement.organisation.name, "name": person.full_name},
        )
        if Person.records.with_casework_access(request.user).filter(pk=person.pk).exists():
            return redirect("people:organisations", person.pk)
        return redirect("people:search")
    others_active = person.involvements.active().exclude(pk=involvement.pk).exists()
    return render_person_page(
        request,
        person,
        "organisations",
        "people/involvement_end.html",
        {"form": form, "involvement": involvement, "others_active": others_active},
        status=400 if form.errors else 200,
    )


# --- Merging two records of one person ------------------------------------------------------


def _mergeable_with(user, survivor):
    """Records the user may merge into `survivor`: any for administrators; for managers, the
    people their organisations that work with the survivor also work with."""
    people = Person.records.visible_to(user).exclude(pk=survivor.pk)
    if user.is_administrator:
        return people
    managed = Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.MANAGER
    ).filter(pk__in=survivor.involvements.active().values("organisation"))
    return people.filter(
        pk__in=Involvement.objects.active().filter(organisation__in=managed).values("person_id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, person_id):
    survivor = access.get_person_for_oversight(request.user, person_id)
    candidates = _mergeable_with(request.user, survivor)
    find_form = forms.MergeFindForm(request.GET if "q" in request.GET else None)
    confirm_form = forms.MergeConfirmForm(posted(request))
    duplicate_id = (
        request.POST.get("duplicate") if request.method == "POST" else request.GET.get("duplicate")
    )
    duplicate = None
    if duplicate_id:
        duplicate = candidates.filter(pk=uuid_or_404(duplicate_id)).first()
        if duplicate is None:
            raise Http404("No record you may merge has that id.")
    if request.method == "GET":
        record_viewed(request.user, survivor, "merge")
        if duplicate is not None:
            record_viewed(request.user, duplicate, "merge")

    if request.method == "POST":
        if duplicate is None:
            return HttpResponseBadRequest(_("Choose the other record again."))
        if confirm_form.is_valid():
            try:
                actions.merge_people(request.user, survivor, duplicate)
            except actions.MergeConflict as conflict:
                confirm_form.add_error(None, str(conflict))
            else:
                messages.success(
                    request,
                    _("The records have been merged. Everything is now on this record."),
                )
                return redirect("people:person", survivor.pk)

    results = None
    if find_form.is_bound and find_form.is_valid() and find_form.cleaned_data["q"]:
        results = people_matching(candidates, find_form.cleaned_data["q"]).select_related(
            "current_prison"
        )[:SEARCH_PAGE_SIZE]
    likely = [
        m.person
        for m in duplicates.find_duplicates(
            given_name=survivor.given_name,
            family_name=survivor.family_name,
            date_of_birth=survivor.date_of_birth,
            prison_number=survivor.prison_number,
            other_names=[(o.given_name, o.family_name) for o in survivor.other_names.all()],
            exclude=survivor,
        )
    ]
    mergeable_ids = set(
        candidates.filter(pk__in=[p.pk for p in likely]).values_list("pk", flat=True)
    )
    context = {
        "find_form": find_form,
        "form": confirm_form if request.method == "POST" else None,
        "confirm_form": confirm_form,
        "results": results,
        "likely": [p for p in likely if p.pk in mergeable_ids],
        "duplicate": duplicate,
        "survivor_details": _details_context(survivor),
    }
    if duplicate is not None:
        context |= {
            "duplicate_details": _details_context(duplicate),
            "duplicate_counts": _record_counts(duplicate),
            "survivor_counts": _record_counts(survivor),
        }
    return render_person_page(
        request,
        survivor,
        "overview",
        "people/merge.html",
        context,
        status=400 if confirm_form.errors else 200,
    )


def _record_counts(person) -> list[tuple[str, int]]:
    """How much each record holds, so the manager sees what will move."""
    counts = [
        (_("Needs"), person.needs.count()),
        (_("Goals"), person.goals.count()),
        (_("Case notes"), person.case_notes.count()),
        (_("Appointments"), person.appointments.count()),
        (_("Timeline entries"), person.events.count()),
        (_("Organisations, past and present"), person.involvements.count()),
    ]
    return counts

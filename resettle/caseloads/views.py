"""Caseloads and the pre-release worklist: the lists a resettlement team opens every morning.

At a million people these pages stay fast by reading caseload entries: each active
involvement carries a copy of what the lists sort, filter and flag by (entries.py), so a list
is one index range of one table for an organisation or a worker, the page's 25 people are then
loaded by id, and the number of queries does not depend on how many people there are.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, OuterRef, Subquery, Value, When
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from resettle.accounts.models import Role
from resettle.appointments.models import Appointment
from resettle.audit.models import AuditEntry
from resettle.caseloads import flags as caseload_flags
from resettle.caseloads.forms import (
    MENTOR_SORTS,
    SORTS,
    UNALLOCATED,
    WINDOWS,
    FilterForm,
    TeamFilterForm,
    WorklistForm,
)
from resettle.organisations.models import Organisation
from resettle.paging import page_links
from resettle.people.log import PERSON_TYPE
from resettle.people.models import Involvement, Person, casework_organisation_ids

PAGE_SIZE = 25


@login_required
@require_GET
def mine(request):
    """The people allocated to this user: caseworkers' allocations and mentors' mentees."""
    user = request.user
    casework_ids = casework_organisation_ids(user)
    if not casework_ids and Role.MENTOR not in user.roles:
        raise PermissionDenied
    mentor_only = not casework_ids
    form = FilterForm(request.GET or None, mentor_only=mentor_only)
    today = timezone.localdate()

    # The same rule as Person.records.visible_to, narrowed to the user's own allocations: an
    # allocation at an organisation where they no longer hold a casework role opens nothing.
    entries = Involvement.objects.giving_access_to(user).filter(worker=user)
    # Someone who is a caseworker at one organisation and a mentor at another sees their
    # mentees with the mentor's narrow view: per row, not per user.
    mixed = not mentor_only and Role.MENTOR in user.roles
    casework = Case(
        When(organisation_id__in=casework_ids, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    entries = entries.annotate(casework=casework if mixed else Value(not mentor_only))
    entries, restricted = _filtered(entries, form, today)
    if mixed and restricted:
        # Filters on what mentors may not see leave out the rows seen as a mentor.
        entries = entries.filter(organisation_id__in=casework_ids)

    sort = form.value("sort", "name")
    entries = _sorted(entries, sort, casework_only=mixed)

    def shown(rows):
        return rows.annotate(
            casework=casework if mixed else Value(not mentor_only),
            next_appointment=_next_appointment_with(user),
        )

    page, rows = _page(request, entries, shown)
    _record_listed(user, rows, "caseload", casework_ids[0] if casework_ids else None)
    return render(
        request,
        "caseloads/mine.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_links": page_links(page),
            "mentor_only": mentor_only,
            "sort": sort,
            "headers": _headers(request, sort, MENTOR_SORTS if mentor_only else tuple(SORTS)),
        },
    )


@login_required
@require_GET
def team(request):
    """Everyone an organisation of the user is working with, allocated or not."""
    user = request.user
    organisations = _casework_organisations(user)
    form = TeamFilterForm(request.GET or None, organisations=organisations)
    chosen = _chosen_organisations(form, organisations)
    today = timezone.localdate()

    entries = _team_entries(chosen)
    worker = form.value("worker")
    if worker == UNALLOCATED:
        entries = entries.filter(worker__isnull=True)
    elif worker:
        entries = entries.filter(worker_id=int(worker))
    entries, _restricted = _filtered(entries, form, today)

    sort = form.value("sort", "name")
    entries = _sorted(entries, sort)
    page, rows = _page(request, entries, lambda rows: rows.select_related("worker"))
    for row in rows:
        row["key_worker"] = row["entry"].worker
    _record_listed(user, rows, "team caseload", chosen[0].pk)
    return render(
        request,
        "caseloads/team.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_links": page_links(page),
            "organisations": organisations,
            "chosen": chosen,
            "sort": sort,
            "headers": _headers(request, sort, tuple(SORTS)),
        },
    )


@login_required
@require_GET
def worklist(request):
    """People in custody releasing soon, soonest first, with what is not yet in place."""
    user = request.user
    organisations = _casework_organisations(user)
    data = request.GET.copy()
    data.setdefault("window", "12")
    form = WorklistForm(data, organisations=organisations)
    chosen = _chosen_organisations(form, organisations)
    today = timezone.localdate()
    weeks = WINDOWS[form.value("window", "12")]

    window = _team_entries(chosen).filter(
        in_custody=True,
        release_date__gte=today,
        release_date__lte=today + datetime.timedelta(weeks=weeks),
    )
    prison = form.value("prison")
    if prison:
        window = window.filter(prison_id=prison)

    # One pass over the window counts everyone, each flag and anyone flagged, per prison;
    # the totals are their sums and the list's own count is one of them, so nothing is
    # counted twice.
    by_prison = [
        {
            **group,
            "current_prison_id": group.pop("prison_id"),
            "current_prison__name": group.pop("prison__name"),
        }
        for group in window.values("prison_id", "prison__name")
        .annotate(
            total=Count("pk"),
            flagged=Count("pk", filter=caseload_flags.any_flag()),
            **{flag.key: Count("pk", filter=flag.condition()) for flag in caseload_flags.FLAGS},
        )
        .order_by("prison__name")
    ]
    keys = ["total", "flagged", *(flag.key for flag in caseload_flags.FLAGS)]
    counts = {key: sum(group[key] for group in by_prison) for key in keys}

    listed = window
    count = counts["total"]
    flag = form.value("flag")
    only_flagged = form.value("flagged", False)
    if flag:
        listed = listed.filter(caseload_flags.FLAGS_BY_KEY[flag].condition())
        count = counts[flag]
    if only_flagged:
        listed = listed.filter(caseload_flags.any_flag())
        if not flag:  # a chosen flag already means only flagged people
            count = counts["flagged"]
    listed = listed.order_by("release_date", "name_key", "pk")
    page, rows = _page(request, listed, lambda rows: rows, count=count)
    _record_listed(user, rows, "worklist", chosen[0].pk)

    summary = [
        {"flag": f, "count": counts[f.key], "url": _url_with(request, flag=f.key, page=None)}
        for f in caseload_flags.FLAGS
    ]
    for group in by_prison:
        prison_id = group["current_prison_id"]
        group["url"] = _url_with(request, prison=prison_id, page=None) if prison_id else None
    return render(
        request,
        "caseloads/worklist.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_links": page_links(page),
            "weeks": weeks,
            "counts": counts,
            "summary": summary,
            "by_prison": by_prison,
            "chosen": chosen,
            "organisations": organisations,
            "flag": caseload_flags.FLAGS_BY_KEY.get(flag),
            "window_links": [
                {"weeks": w, "url": _url_with(request, window=str(w), page=None)}
                for w in WINDOWS.values()
            ],
            "clear_flag_url": _url_with(request, flag=None, page=None),
        },
    )


# --- Helpers ---------------------------------------------------------------------------------


def _team_entries(organisations):
    """The caseload entries of these organisations. A person only mentored there is on their
    mentor's list, not the team's: the team caseload is the organisation's casework."""
    entries = (
        Involvement.objects.active()
        .filter(organisation_id__in=[o.pk for o in organisations])
        .exclude(kind=Involvement.Kind.MENTORING)
    )
    if len(organisations) > 1:
        # Someone two of the user's organisations work with is listed once.
        entries = entries.filter(
            pk=Subquery(
                Involvement.objects.active()
                .filter(
                    person=OuterRef("person_id"), organisation_id__in=[o.pk for o in organisations]
                )
                .exclude(kind=Involvement.Kind.MENTORING)
                .order_by("pk")
                .values("pk")[:1]
            )
        )
    return entries


def _casework_organisations(user) -> list:
    """The user's casework organisations; anyone without one (mentors, commissioners,
    administrators doing data-protection work) has no team caseload or worklist."""
    ids = casework_organisation_ids(user)
    if not ids:
        raise PermissionDenied
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _chosen_organisations(form, organisations) -> list:
    chosen = form.value("organisation")
    picked = [o for o in organisations if str(o.pk) == chosen]
    return picked or organisations


def _filtered(people, form, today):
    """Apply the caseload filters. Returns the people and whether a filter on something only
    casework roles may see was used."""
    restricted = False
    window = form.value("window")
    if window:
        end = today + datetime.timedelta(weeks=WINDOWS[window])
        people = people.filter(in_custody=True, release_date__gte=today, release_date__lte=end)
    for name, lookup in (
        ("status", "in_custody"),
        ("prison", "prison_id"),
        ("borough", "home_borough_id"),
    ):
        value = form.value(name) if name in form.fields else None
        if value:
            if name == "status":
                value = value == Person.Custody.IN_CUSTODY
            people = people.filter(**{lookup: value})
            restricted = True
    flag = form.value("flag") if "flag" in form.fields else None
    if flag:
        people = people.filter(caseload_flags.FLAGS_BY_KEY[flag].condition())
        restricted = True
    return people, restricted


def _sorted(people, sort: str, *, casework_only=False):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    order = []
    for column in SORTS[key]:
        expression = F(column)
        if casework_only and key in ("contact", "prison"):
            # Rows seen only as a mentor must not be ordered by what mentors may not see.
            expression = Case(When(casework=True, then=F(column)), default=None)
        if key == "name":
            order.append(expression.desc() if descending else expression.asc())
        elif descending:
            order.append(expression.desc(nulls_last=True))
        elif key == "contact":
            # Never-contacted people first when looking for who has gone longest without.
            order.append(expression.asc(nulls_first=True))
        else:
            order.append(expression.asc(nulls_last=True))
    if key != "name":
        order.append("name_key")
    return people.order_by(*order, "pk")


def _next_appointment_with(user):
    return Subquery(
        Appointment.objects.filter(
            person=OuterRef("person_id"), worker=user, starts_at__gte=timezone.now(), outcome=""
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _page(request, entries, shown, *, count=None):
    """One page of caseload entries: first the page's ids alone, from one index range, then
    those 25 entries with their people and what the page shows (`shown` adds per-row
    subqueries, which would cost far more if asked of the whole list)."""
    paginator = Paginator(entries.values_list("pk", flat=True), PAGE_SIZE)
    if count is not None:
        paginator.count = count  # counted already, with the summary
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    loaded = {
        entry.pk: entry
        for entry in shown(
            Involvement.objects.filter(pk__in=ids).select_related(
                "person", "person__current_prison", "person__home_borough"
            )
        )
    }
    rows = []
    # An entry ended between the two queries is left out of this page.
    for entry in (loaded[pk] for pk in ids if pk in loaded):
        casework = getattr(entry, "casework", True)
        person = entry.person
        person.next_appointment = getattr(entry, "next_appointment", None)
        rows.append(
            {
                "person": person,
                "entry": entry,
                "casework": casework,
                "flags": caseload_flags.raised_flags(entry) if casework else [],
            }
        )
    return page, rows


def _record_listed(user, rows, page: str, organisation_id):
    """One audit row per person shown, so "who has seen this record" includes lists that show
    their name, prison number and flags. One insert, whatever the page holds."""
    if not rows:
        return
    with transaction.atomic():
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=user,
                organisation_id=organisation_id,
                action="person.listed",
                object_type=PERSON_TYPE,
                object_id=str(row["person"].pk),
                summary=f"Listed on {page}",
                changes={"page": page},
            )
            for row in rows
        )


def _url_with(request, **changes) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


COLUMN_LABELS = {
    "name": _("Name"),
    "release": _("Release date"),
    "contact": _("Last contact"),
    "prison": _("Where they are"),
}


def _headers(request, sort: str, keys) -> dict:
    """Sortable column headers: a link that sorts by the column, or reverses the order when
    it is already sorted by it, and aria-sort saying how it is sorted now."""
    headers = {}
    for key in keys:
        if sort == key:
            state, target = "ascending", f"-{key}"
        elif sort == f"-{key}":
            state, target = "descending", key
        else:
            state, target = "none", key
        headers[key] = {
            "label": COLUMN_LABELS[key],
            "aria_sort": state,
            "url": _url_with(request, sort=target, page=None),
        }
    return headers

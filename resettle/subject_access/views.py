"""A person's data-protection rights: who has seen their record, and everything held about
them (subject access), for managers of organisations working with them and administrators."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from resettle.audit.models import AuditEntry
from resettle.organisations.models import Organisation
from resettle.people import access
from resettle.people.log import PERSON_TYPE, record_person, record_viewed
from resettle.people.models import Person
from resettle.people.views import render_person_page
from resettle.subject_access.export import (
    VIEW_ACTIONS,
    action_in_words,
    document_sections,
    export_person,
    name_of,
)
from resettle.subject_access.forms import CHANGES, VIEWS, SeenByFilter

PAGE_SIZE = 50


@login_required
@require_GET
@never_cache
def seen_by(request, person_id):
    person = access.get_person_for_oversight(request.user, person_id)
    record_viewed(request.user, person, "who has seen this record")
    everything = _entries_about(person)
    organisations = Organisation.objects.filter(
        pk__in=everything.order_by().values("organisation_id")
    ).order_by("name")
    form = SeenByFilter(request.GET, organisations=organisations)
    entries = everything
    show = form.value("show")
    if show == VIEWS:
        entries = entries.filter(action__in=VIEW_ACTIONS)
    elif show == CHANGES:
        entries = entries.exclude(action__in=VIEW_ACTIONS)
    if form.value("organisation"):
        entries = entries.filter(organisation_id=form.value("organisation"))
    page = _keyset_page(entries, everything, request.GET, form)
    rows = [
        {
            "entry": entry,
            "who": name_of(entry.actor) if entry.actor else _("No named user"),
            "what": action_in_words(entry),
            "merged_record": entry.object_id != str(person.pk),
        }
        for entry in page["entries"]
    ]
    return render_person_page(
        request,
        person,
        "seen_by",
        "subject_access/seen_by.html",
        {"form": form, "rows": rows, "page": page, "filtered": entries is not everything},
    )


def merged_record_ids(person) -> list:
    """This person's id and those of every record merged into it, however many merges deep."""
    ids = [person.pk]
    frontier = ids
    while frontier:
        frontier = list(
            Person.records.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids = ids + frontier
    return ids


def _entries_about(person):
    # One indexed range per record on (object_type, object_id, -at); merges are rare, so the
    # IN list stays short.
    return AuditEntry.objects.filter(
        object_type=PERSON_TYPE, object_id__in=[str(pk) for pk in merged_record_ids(person)]
    ).select_related("actor", "organisation")


def _newer_than(at, pk):
    return Q(at__gt=at) | Q(at=at, pk__gt=pk)


def _older_than(at, pk):
    return Q(at__lt=at) | Q(at=at, pk__lt=pk)


def _keyset_page(entries, everything, params, form) -> dict:
    """One page of entries, newest first, anchored on an entry id rather than an offset: the
    log grows fast and a deep OFFSET (or a COUNT of everything) would read it all."""
    newest_first = entries.order_by("-at", "-pk")
    direction, anchor = None, None
    for name in ("after", "before"):
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        anchor = _anchor(everything, raw)
        if anchor is None:
            form.add_error(
                None, _("That page of the log could not be found, so the newest entries are shown.")
            )
        else:
            direction = name
        break
    if direction == "after":
        newer = list(entries.filter(_newer_than(*anchor)).order_by("at", "pk")[: PAGE_SIZE + 1])
        if newer:
            rows = newer[:PAGE_SIZE][::-1]
            return {
                "entries": rows,
                "newer": rows[0].pk if len(newer) > PAGE_SIZE else None,
                "older": rows[-1].pk
                if entries.filter(_older_than(*_key(rows[-1]))).exists()
                else None,
            }
    if direction == "before":
        older = list(newest_first.filter(_older_than(*anchor))[: PAGE_SIZE + 1])
        rows = older[:PAGE_SIZE]
        if rows:
            return {
                "entries": rows,
                "newer": rows[0].pk
                if entries.filter(_newer_than(*_key(rows[0]))).exists()
                else None,
                "older": rows[-1].pk if len(older) > PAGE_SIZE else None,
            }
    # No anchor, or nothing left beyond it: the newest page.
    first = list(newest_first[: PAGE_SIZE + 1])
    rows = first[:PAGE_SIZE]
    return {
        "entries": rows,
        "newer": None,
        "older": rows[-1].pk if len(first) > PAGE_SIZE else None,
    }


def _key(entry):
    return entry.at, entry.pk


def _anchor(everything, raw):
    """The (time, id) of the entry a page link points at, if it is about this person."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    if pk < 1 or pk > 2**63 - 1:
        return None
    found = everything.filter(pk=pk).values_list("at", "pk").first()
    return tuple(found) if found else None


# --- Subject access --------------------------------------------------------------------------


def _export(user, person, format_name: str) -> dict:
    # The export and its audit row share a transaction: an export is never taken unrecorded.
    with transaction.atomic():
        record_person(
            user,
            person,
            "person.exported",
            summary="Subject access export",
            changes={"format": format_name},
        )
        return export_person(person)


def _filename(person, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"subject-access-{person.prison_number or person.pk}-{stamp}.{extension}"


@login_required
@require_GET
@never_cache
def export_json(request, person_id):
    person = access.get_person_for_oversight(request.user, person_id)
    data = _export(request.user, person, "json")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(person, "json")}"'
    return response


@login_required
@require_GET
@never_cache
def export_document(request, person_id):
    person = access.get_person_for_oversight(request.user, person_id)
    download = request.GET.get("download") == "1"
    data = _export(request.user, person, "document_download" if download else "document")
    response = render(
        request,
        "subject_access/document.html",
        {
            "person": person,
            "exported_at": data["exported_at"],
            "sections": document_sections(data),
            "download": download,
        },
    )
    if download:
        response["Content-Disposition"] = f'attachment; filename="{_filename(person, "html")}"'
    return response

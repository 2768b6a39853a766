"""The person's timeline: everything that happened to them, newest first."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import render_person_page
from resettle.taxonomy.models import TaxonomyTerm
from resettle.timeline import paging
from resettle.timeline.models import Event


@login_required
@require_GET
def timeline(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "timeline")
    # Only kinds we know: a hand-edited address narrows nothing it cannot name.
    kinds = [kind for kind in request.GET.getlist("kind") if kind in Event.Kind.values]
    before = request.GET.get("before")
    cursor = paging.parse_cursor(before)
    events = person.events.select_related("actor", "organisation")
    if kinds:
        events = events.filter(kind__in=kinds)
    page, older = paging.page_of(events, cursor)
    pathway_names = dict(
        TaxonomyTerm.objects.needs().filter(parent__isnull=True).values_list("code", "name")
    )
    for event in page:
        event.pathway_name = pathway_names.get(event.pathway, "")
    return render_person_page(
        request,
        person,
        "timeline",
        "timeline/timeline.html",
        {
            "events": page,
            "older_cursor": older,
            "paged": cursor is not None,
            "bad_cursor": bool(before) and cursor is None,
            "kinds": [
                {"value": value, "label": label, "checked": value in kinds}
                for value, label in Event.Kind.choices
            ],
            "filtered": bool(kinds),
        },
    )

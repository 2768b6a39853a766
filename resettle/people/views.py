"""A person's record: the overview and the pages about who they are, custody, equality
monitoring, consent and the organisations working with them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from resettle.core.languages import language_name
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.navigation import person_tabs


def render_person_page(request, person, tab: str, template: str, context=None, *, status=200):
    """Render one page of a person's record with the header and tabs."""
    return render(
        request,
        template,
        {"person": person, "tabs": person_tabs(request.user, person, tab), **(context or {})},
        status=status,
    )


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
        context |= {
            "open_needs": person.needs.open().select_related("pathway", "support_need"),
            "involvements": person.involvements.active().select_related("organisation", "worker"),
            "recent_events": person.events.select_related("organisation")[:5],
        }
    return render_person_page(request, person, "overview", "people/overview.html", context)

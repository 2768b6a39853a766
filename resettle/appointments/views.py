"""A person's appointments and contacts: what is coming up, what happened, booking one and
recording its outcome. A mentor sees, read-only, only the appointments they are part of."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.appointments import actions
from resettle.appointments.forms import AppointmentForm, OutcomeForm
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import render_person_page
from resettle.versioning import STALE_MESSAGE, StaleEdit

PAST_PER_PAGE = 20
# Nobody books more than a handful ahead; the cap only keeps a runaway import from making
# the page unusable.
MAX_UPCOMING = 100


@login_required
@require_GET
def appointments(request, person_id):
    person = access.get_person_for_user(request.user, person_id)
    record_viewed(request.user, person, "appointments")
    mentor_view = access.is_mentor_only(request.user, person)
    rows = person.appointments.select_related("organisation", "worker")
    if mentor_view:
        rows = rows.filter(worker=request.user)
    now = timezone.now()
    upcoming = rows.filter(outcome="", starts_at__gt=now).order_by("starts_at", "id")
    past = rows.filter(Q(starts_at__lte=now) | ~Q(outcome="")).order_by("-starts_at", "-id")
    return render_person_page(
        request,
        person,
        "appointments",
        "appointments/list.html",
        {
            "upcoming": upcoming[:MAX_UPCOMING],
            "past": Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")),
            "mentor_view": mentor_view,
            "can_book": access.has_casework_access(request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    organisation = access.acting_organisation(request.user, person)
    initial = {}
    happened = request.GET.get("now") == "1"
    if happened:
        # "Record a contact": a phone call or a drop-in that just happened.
        now = timezone.localtime()
        initial = {
            "date": now.date(),
            "time": now.strftime("%H:%M"),
            "outcome": "attended",
            "mode": "phone",
        }
    form = AppointmentForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = actions.book_appointment(
                request.user,
                person,
                starts_at=data["starts_at"],
                mode=data["mode"],
                purpose=data["purpose"],
                place=data["place"],
                worker=data["worker"],
                outcome=data["outcome"],
                outcome_note=data["outcome_note"],
            )
        except ValidationError:
            # Someone left the organisation between the page loading and saving.
            form.add_error("worker", _("Choose someone from the list"))
        else:
            if appointment.outcome:
                messages.success(request, _("Contact recorded."))
            else:
                messages.success(request, _("Appointment booked."))
            return redirect("appointments:list", person_id=person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "book an appointment")
    return render_person_page(
        request,
        person,
        "appointments",
        "appointments/add.html",
        {"form": form, "organisation": organisation, "happened": happened},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, person_id, appointment_id):
    person = access.get_person_for_casework(request.user, person_id)
    appointment = get_object_or_404(
        person.appointments.select_related("organisation", "worker", "recorded_by"),
        pk=appointment_id,
    )
    if request.method == "GET":
        record_viewed(request.user, person, "appointment outcome")
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "outcome": appointment.outcome,
            "note": appointment.outcome_note,
            "seen_outcome": appointment.outcome,
        },
    )
    context = {"appointment": appointment, "form": form}
    status = 200
    if appointment.starts_at > timezone.now():
        context["not_started"] = True
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        try:
            actions.record_outcome(
                request.user,
                appointment,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                expected_outcome=form.cleaned_data["seen_outcome"],
            )
        except StaleEdit as stale:
            # Show what the other person saved; the user's own choice stays in the form.
            data = request.POST.copy()
            data["seen_outcome"] = stale.current.outcome
            stale_form = OutcomeForm(data)
            stale_form.add_error(None, STALE_MESSAGE)
            context |= {"appointment": stale.current, "form": stale_form, "stale": True}
            status = 409
        except actions.NotStartedYet:
            context["not_started"] = True
            status = 409
        else:
            messages.success(request, _("Outcome saved."))
            return redirect("appointments:list", person_id=person.pk)
    return render_person_page(
        request, person, "appointments", "appointments/outcome.html", context, status=status
    )

"""Custody and release: where the person is now, and every movement that brought them there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.custody import actions, forms
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import add_refusal_errors, posted, render_person_page
from resettle.versioning import STALE_MESSAGE

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@require_GET
def movements(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "custody")
    history = person.movements.select_related("prison", "recorded_by", "organisation")
    return render_person_page(
        request, person, "custody", "custody/movements.html", {"movements": history}
    )


@login_required
@GET_POST
def edit(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    if request.method == "GET":
        record_viewed(request.user, person, "custody: edit release details")
    form = forms.CustodyForm(
        posted(request), person=person, initial=forms.CustodyForm.initial_for(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_custody(
                request.user, person, form.custody_data(), form.cleaned_data["version"]
            )
        except actions.StaleEdit as stale:
            # The user's own input, now based on what is saved, beside what the other saved.
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = forms.CustodyForm(data, person=stale.current)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            return render_person_page(
                request,
                stale.current,
                "custody",
                "custody/edit.html",
                {"form": form, "stale": stale.current},
                status=409,
            )
        except ValidationError as refused:
            add_refusal_errors(form, refused)
        else:
            messages.success(request, _("Sentence and release details saved."))
            return redirect("custody:movements", person.pk)
    return render_person_page(request, person, "custody", "custody/edit.html", {"form": form})


@login_required
@GET_POST
def record(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    if request.method == "GET":
        record_viewed(request.user, person, "custody: record a movement")
    form = forms.MovementForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        try:
            movement = actions.record_movement(request.user, person, form.movement_data())
        except ValidationError as refused:
            # Someone recorded another movement between this page loading and saving.
            person.refresh_from_db()
            add_refusal_errors(form, refused)
        else:
            messages.success(
                request, _("%(movement)s recorded.") % {"movement": movement.get_kind_display()}
            )
            return redirect("custody:movements", person.pk)
    return render_person_page(request, person, "custody", "custody/record.html", {"form": form})

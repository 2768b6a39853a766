"""A person's progress: their journey on each question over time, and recording a check-in."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.core import distance, scales
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import add_refusal_errors, posted, render_person_page
from resettle.soft_outcomes import actions
from resettle.soft_outcomes.chart import journey_chart
from resettle.soft_outcomes.forms import CheckInForm, ChooseInstrumentForm


@login_required
@require_GET
def journey(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "progress")
    answered = defaultdict(list)
    for measured_on, instrument, item, score in person.measurements.order_by(
        "measured_on", "created_at", "id"
    ).values_list("measured_on", "instrument", "item", "score"):
        answered[instrument, item].append((measured_on, score))
    sections = [
        {
            "instrument": instrument,
            "questions": [
                _question(instrument, item, answered[instrument.code, item.code])
                for item in instrument.items
            ],
        }
        for instrument in scales.INSTRUMENTS.values()
    ]
    for section in sections:
        section["answered"] = any(q["rows"] for q in section["questions"])
    return render_person_page(
        request,
        person,
        "progress",
        "soft_outcomes/journey.html",
        {"sections": sections, "ons_acknowledgement": _(scales.ONS_ACKNOWLEDGEMENT)},
    )


def _question(instrument, item, measurements) -> dict:
    name = _(item.name)
    question = {
        "id": f"{instrument.code}-{item.code}",
        "item": item,
        "name": name,
        "lower_is_better": not item.higher_is_better,
        "rows": [],
    }
    if not measurements:
        return question
    scores = [score for _on, score in measurements]
    change = distance.person_change(scores, higher_is_better=item.higher_is_better)
    steps = ["", *(_step_words(step.change) for step in change.steps)]
    rows = [
        {
            "on": on,
            "score": score,
            "step": step,
            "meaning": _(item.anchor(score)) if item.anchors else "",
        }
        for (on, score), step in zip(measurements, steps, strict=True)
    ]
    first_on, latest_on = measurements[0][0], measurements[-1][0]
    question |= {
        "rows": rows,
        "change": change,
        "summary": _change_words(name, change, item),
        "chart": journey_chart(measurements, item.minimum, item.maximum),
        "chart_description": _(
            "Line chart of %(name)s, %(count)s check-ins from %(first_on)s to %(latest_on)s, "
            "on a scale of %(low)s to %(high)s. Scores in order: %(scores)s. The same figures "
            "are in the table below."
        )
        % {
            "name": name,
            "count": len(scores),
            "first_on": date_format(first_on, "j F Y"),
            "latest_on": date_format(latest_on, "j F Y"),
            "low": item.minimum,
            "high": item.maximum,
            "scores": ", ".join(str(s) for s in scores),
        },
        "latest_anchor": _(item.anchor(change.latest)) if item.anchors else "",
    }
    return question


def _step_words(change) -> str:
    if change == 0:
        return _("No change")
    return f"+{change}" if change > 0 else f"−{-change}"


def _change_words(name, change: distance.PersonChange, item) -> str:
    if change.measurements == 1:
        return _("%(name)s was %(score)s at the first check-in.") % {
            "name": name,
            "score": change.first,
        }
    if change.direction is distance.Direction.SAME:
        return _("%(name)s is the same as at the first check-in: %(score)s.") % {
            "name": name,
            "score": change.latest,
        }
    words = _("%(name)s has gone from %(first)s to %(latest)s.") % {
        "name": name,
        "first": change.first,
        "latest": change.latest,
    }
    if not item.higher_is_better:
        if change.direction is distance.Direction.BETTER:
            return words + " " + _("A lower score is better here, so this is an improvement.")
        return words + " " + _("A lower score is better here, so this has got worse.")
    return words


@login_required
@require_http_methods(["GET", "POST"])
def record(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    chooser = ChooseInstrumentForm(request.GET if "scale" in request.GET else None)
    if not chooser.is_valid():
        if request.method == "GET":
            record_viewed(request.user, person, "progress check-in")
        return render_person_page(
            request,
            person,
            "progress",
            "soft_outcomes/choose.html",
            {"form": chooser},
        )
    instrument = scales.instrument(chooser.cleaned_data["scale"])
    form = CheckInForm(instrument, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_check_in(
                request.user,
                person,
                instrument.code,
                form.answers(),
                form.cleaned_data["measured_on"],
            )
        except ValidationError as refused:
            add_refusal_errors(form, refused)
        else:
            messages.success(request, _("Check-in saved."))
            return redirect(reverse("soft_outcomes:journey", kwargs={"person_id": person.pk}))
    if request.method == "GET":
        record_viewed(request.user, person, "progress check-in")
    return render_person_page(
        request,
        person,
        "progress",
        "soft_outcomes/record.html",
        {
            "form": form,
            "instrument": instrument,
            "ons_acknowledgement": _(scales.ONS_ACKNOWLEDGEMENT),
        },
    )

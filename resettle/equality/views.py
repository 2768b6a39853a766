"""Equality monitoring answers: only for caseworkers and managers at an organisation working
with the person. Everyone else, administrators included, is told the page does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.core import equality
from resettle.equality import actions
from resettle.equality.forms import SHORT_NAMES, EqualityForm, answer_label
from resettle.equality.models import EqualityMonitoring
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import render_person_page
from resettle.versioning import STALE_MESSAGE


def _get_person_for_equality(user, person_id):
    person = access.get_person_for_casework(user, person_id)
    if not access.can_see_equality(user, person):
        raise Http404("No person you may see has that id.")
    return person


def _saved_answers(person) -> EqualityMonitoring | None:
    return EqualityMonitoring.objects.filter(person=person).first()


def _summary(person, answers) -> list[dict]:
    rows = []
    for question in equality.QUESTIONS:
        code = getattr(answers, question, "") if answers is not None else ""
        rows.append(
            {
                "question": question,
                "name": SHORT_NAMES[question],
                "answer": answer_label(question, code) if code else "",
            }
        )
    return rows


@login_required
@require_GET
def answers(request, person_id):
    person = _get_person_for_equality(request.user, person_id)
    record_viewed(request.user, person, "equality monitoring")
    saved = _saved_answers(person)
    return render_person_page(
        request,
        person,
        "equality",
        "equality/answers.html",
        {
            "rows": _summary(person, saved),
            "age": person.age_on(timezone.localdate()),
            "updated_at": saved.updated_at if saved else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, person_id):
    person = _get_person_for_equality(request.user, person_id)
    saved = _saved_answers(person)
    if request.method == "GET":
        record_viewed(request.user, person, "equality monitoring: edit")
        initial = {q: getattr(saved, q, "") for q in equality.QUESTIONS}
        form = EqualityForm(initial=initial | {"based_on": actions.based_on(saved)})
        return _render(request, person, form)
    form = EqualityForm(request.POST)
    if form.is_valid():
        try:
            actions.record_equality(
                request.user, person, form.answers(), expected=form.cleaned_data["based_on"]
            )
        except actions.StaleEdit as stale:
            data = request.POST.copy()
            data["based_on"] = actions.based_on(stale.current)
            form = EqualityForm(data)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            return _render(request, person, form, stale=_summary(person, stale.current), status=409)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Equality monitoring answers saved."))
            return redirect("equality:answers", person.pk)
    return _render(request, person, form)


def _render(request, person, form, *, stale=None, status=200):
    return render_person_page(
        request,
        person,
        "equality",
        "equality/edit.html",
        {"form": form, "questions": form.questions(), "stale": stale},
        status=status,
    )

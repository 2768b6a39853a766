"""The resettlement plan: goals in the person's own words and the steps to reach them.

Caseworkers read and change it; the person's mentor reads the goals and steps only (not the
needs behind them, not the basic-needs reminder, no edit links). Every page that changes the
plan is casework only, so mentors get a 404 there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from resettle.core import basic_needs
from resettle.organisations.access import uuid_or_404
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import posted, render_person_page
from resettle.plans import actions, forms
from resettle.plans.models import Goal, Step
from resettle.services.forms import error_summary
from resettle.versioning import STALE_MESSAGE

GET_POST = require_http_methods(["GET", "POST"])

# How the plan names each basic need, in words the person would use.
BASIC_NEED_WORDS = {
    basic_needs.ACCOMMODATION: gettext_lazy("somewhere to live"),
    basic_needs.ID_DOCUMENTS: gettext_lazy("ID"),
    basic_needs.BANK_ACCOUNT: gettext_lazy("a bank account"),
    basic_needs.BENEFITS: gettext_lazy("benefits"),
    basic_needs.HEALTH: gettext_lazy("health"),
}


@login_required
@require_http_methods(["GET"])
def plan(request, person_id):
    person = access.get_person_for_user(request.user, person_id)
    record_viewed(request.user, person, "plan")
    return render_person_page(
        request, person, "plan", "plans/plan.html", _plan_context(request, person)
    )


@login_required
@require_http_methods(["GET"])
def plan_print(request, person_id):
    person = access.get_person_for_user(request.user, person_id)
    record_viewed(request.user, person, "plan (printable)")
    context = _plan_context(request, person)
    return render(request, "plans/print.html", {"person": person, **context})


def _plan_context(request, person) -> dict:
    can_edit = access.has_casework_access(request.user, person)
    goals = list(
        person.goals.select_related(
            "pathway", "need__pathway", "need__support_need"
        ).prefetch_related(
            Prefetch(
                "steps", queryset=Step.objects.order_by("done_on", "due_on", "created_at", "id")
            )
        )
    )
    today = timezone.localdate()
    open_needs = []
    if can_edit:
        open_needs = list(person.needs.open().values_list("pathway__code", "support_need__code"))
    for goal in goals:
        goal.step_list = [_step_view(step, today) for step in goal.steps.all()]
        goal.basic_needs_first = []
        if can_edit and goal.status == Goal.Status.ACTIVE:
            unmet = basic_needs.unmet_basic_needs(
                [
                    goal.pathway.code if goal.pathway_id else None,
                    goal.need.pathway.code if goal.need_id else None,
                ],
                open_needs,
            )
            goal.basic_needs_first = [str(BASIC_NEED_WORDS[code]) for code in unmet]
    return {
        "can_edit": can_edit,
        "active_goals": [g for g in goals if g.status == Goal.Status.ACTIVE],
        "finished_goals": [g for g in goals if g.status != Goal.Status.ACTIVE],
        "today": today,
    }


def _step_view(step, today):
    step.overdue = step.done_on is None and step.due_on is not None and step.due_on < today
    return step


@login_required
@GET_POST
def goal_add(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    form = forms.GoalAddForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        actions.add_goal(request.user, person, form.goal_data(), form.first_step())
        messages.success(request, _("Goal added to the plan."))
        return redirect("plans:plan", person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "add a goal")
    return _render(request, person, "plans/goal_add.html", form)


@login_required
@GET_POST
def goal_edit(request, person_id, goal_id):
    person = access.get_person_for_casework(request.user, person_id)
    goal = _goal(person, goal_id)
    form = forms.GoalEditForm(
        posted(request), person=person, initial=forms.GoalEditForm.initial_for(goal)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_goal(request.user, goal, form.goal_data(), form.cleaned_data["version"])
        except actions.StaleEdit as refused:
            stale = _goal(person, refused.current.pk)
            data = request.POST.copy()
            data["version"] = str(stale.version)
            form = forms.GoalEditForm(data, person=person)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("plans:plan", person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "goal")
    return _render(
        request,
        person,
        "plans/goal_edit.html",
        form,
        status=409 if stale else 200,
        goal=stale or goal,
        stale=stale,
        stale_steps=[_step_view(s, timezone.localdate()) for s in stale.steps.all()]
        if stale
        else [],
    )


@login_required
@GET_POST
def step_add(request, person_id, goal_id):
    person = access.get_person_for_casework(request.user, person_id)
    goal = _goal(person, goal_id)
    form = forms.StepForm(posted(request))
    if request.method == "POST" and form.is_valid():
        actions.add_step(request.user, goal, form.step_data())
        messages.success(request, _("Step added."))
        return redirect("plans:plan", person.pk)
    if request.method == "GET":
        record_viewed(request.user, person, "add a step")
    return _render(request, person, "plans/step_add.html", form, goal=goal)


@login_required
@require_POST
def step_done(request, person_id, goal_id, step_id):
    person = access.get_person_for_casework(request.user, person_id)
    goal = _goal(person, goal_id)
    step = get_object_or_404(goal.steps, pk=step_id)
    step.goal = goal
    actions.complete_step(request.user, step)
    messages.success(request, _("Step marked as done: %(what)s") % {"what": step.what})
    return redirect("plans:plan", person.pk)


def _goal(person, goal_id) -> Goal:
    return get_object_or_404(
        person.goals.select_related("pathway", "need__pathway", "need__support_need"),
        pk=uuid_or_404(goal_id),
    )


def _render(request, person, template, form, status=200, **context):
    context.update(form=form, errors=error_summary(form))
    return render_person_page(request, person, "plan", template, context, status=status)

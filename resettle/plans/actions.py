"""Every change to a resettlement plan goes through one of these named actions.

Each one checks the actor works on the person's casework, writes the change, its audit row and
its timeline entry in one transaction. Goals carry a version: editing a goal, adding a step or
ticking one off moves it on, so two people working on one goal never overwrite each other.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.plans.models import Goal, Step
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import StaleEdit, lock_at_version, save_new_version

__all__ = ["StaleEdit", "add_goal", "add_step", "complete_step", "update_goal"]

GOAL_FIELDS = ("in_their_words", "pathway", "need", "status", "archive_reason")


def _require_casework(actor, person):
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working on this person's casework may change the plan.")


def _check_links(person, pathway, need):
    if pathway is not None and pathway.parent_id is not None:
        raise ValueError(f"{pathway.code} is not a resettlement pathway.")
    if need is not None and need.person_id != person.pk:
        raise ValueError("A goal can only work towards one of the same person's needs.")


def pathway_code(goal) -> str:
    """The pathway a goal belongs to: its own, else that of the need it works towards."""
    if goal.pathway_id:
        return goal.pathway.code
    if goal.need_id:
        return goal.need.pathway.code
    return ""


def _plain(value):
    return str(value.pk) if hasattr(value, "pk") else value


def add_goal(actor, person, data: dict, first_step: dict | None = None) -> Goal:
    """A new active goal in the person's own words, optionally with its first step."""
    _require_casework(actor, person)
    words = (data.get("in_their_words") or "").strip()
    if not words:
        raise ValueError("A goal needs the person's own words.")
    pathway, need = data.get("pathway"), data.get("need")
    _check_links(person, pathway, need)
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        goal = Goal.objects.create(
            person=person,
            in_their_words=words,
            pathway=pathway,
            need=need,
            created_by=actor,
            organisation=organisation,
        )
        if first_step:
            Step.objects.create(goal=goal, **_step_fields(first_step))
        record_person(
            actor,
            person,
            "goal.added",
            obj=goal,
            organisation=organisation,
            summary="Added a goal to the plan",
            changes={
                "in_their_words": words,
                "pathway": pathway.code if pathway else "",
                "need": str(need.pk) if need else "",
                "first_step": first_step["what"] if first_step else "",
            },
        )
        add_event(
            person,
            Event.Kind.PLAN,
            _("Goal added: \u201c%(goal)s\u201d") % {"goal": _short(words)},
            actor=actor,
            organisation=organisation,
            pathway=pathway_code(goal),
            obj=goal,
        )
    return goal


def update_goal(actor, goal: Goal, data: dict, expected_version: int) -> Goal:
    """Change a goal's words, pathway, need or status. Archiving needs a reason; completing
    dates it today; making it active again clears both. Refused with StaleEdit when the goal
    (or one of its steps) changed since the editor's page was loaded."""
    person = goal.person
    _require_casework(actor, person)
    unknown = set(data) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    wanted = {field: data[field] for field in GOAL_FIELDS if field in data}
    if "in_their_words" in wanted:
        wanted["in_their_words"] = (wanted["in_their_words"] or "").strip()
        if not wanted["in_their_words"]:
            raise ValueError("A goal needs the person's own words.")
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        current = lock_at_version(Goal.objects.filter(person=person), goal.pk, expected_version)
        _check_links(
            person, wanted.get("pathway", current.pathway), wanted.get("need", current.need)
        )
        status = Goal.Status(wanted.get("status", current.status))
        wanted["status"] = status.value
        reason = (wanted.get("archive_reason", current.archive_reason) or "").strip()
        if status == Goal.Status.ARCHIVED:
            if not reason:
                raise ValueError("Archiving a goal needs a reason.")
            wanted["archive_reason"] = reason
        else:
            wanted["archive_reason"] = ""
        if status == Goal.Status.COMPLETED:
            wanted["completed_on"] = current.completed_on or timezone.localdate()
        else:
            wanted["completed_on"] = None
        changes = {
            field: [_plain(getattr(current, field)), _plain(value)]
            for field, value in wanted.items()
            if getattr(current, field) != value
        }
        if not changes:
            return current
        for field, value in wanted.items():
            setattr(current, field, value)
        save_new_version(current, list(changes))
        record_person(
            actor,
            person,
            "goal.updated",
            obj=current,
            organisation=organisation,
            summary=f"Changed {', '.join(changes)} of a goal",
            changes=_json_safe(changes),
        )
        add_event(
            person,
            Event.Kind.PLAN,
            _goal_title(current, changes),
            actor=actor,
            organisation=organisation,
            detail=current.archive_reason,
            pathway=pathway_code(current),
            obj=current,
        )
    return current


def add_step(actor, goal: Goal, data: dict) -> Step:
    """Add who does what by when to a goal; moves the goal's version on."""
    person = goal.person
    _require_casework(actor, person)
    fields = _step_fields(data)
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk, person=person)
        step = Step.objects.create(goal=current, **fields)
        save_new_version(current)
        record_person(
            actor,
            person,
            "step.added",
            obj=step,
            organisation=organisation,
            summary="Added a step to a goal",
            changes={
                "goal_id": str(current.pk),
                "what": step.what,
                "who": step.who,
                "due_on": step.due_on.isoformat() if step.due_on else "",
            },
        )
        add_event(
            person,
            Event.Kind.PLAN,
            _("Step added: %(what)s") % {"what": _short(step.what)},
            actor=actor,
            organisation=organisation,
            detail=_("Who: %(who)s") % {"who": step.who},
            pathway=pathway_code(current),
            obj=current,
        )
    return step


def complete_step(actor, step: Step) -> Step:
    """Mark a step done today. Doing it twice changes nothing, so a double click is harmless."""
    goal = step.goal
    person = goal.person
    _require_casework(actor, person)
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        current_goal = Goal.objects.select_for_update().get(pk=goal.pk, person=person)
        current = Step.objects.get(pk=step.pk, goal=current_goal)
        if current.done_on is not None:
            return current
        current.done_on = timezone.localdate()
        current.save(update_fields=["done_on"])
        save_new_version(current_goal)
        record_person(
            actor,
            person,
            "step.done",
            obj=current,
            organisation=organisation,
            summary="Marked a step done",
            changes={
                "goal_id": str(current_goal.pk),
                "done_on": [None, current.done_on.isoformat()],
            },
        )
        add_event(
            person,
            Event.Kind.PLAN,
            _("Step done: %(what)s") % {"what": _short(current.what)},
            actor=actor,
            organisation=organisation,
            pathway=pathway_code(current_goal),
            obj=current_goal,
        )
    return current


def _step_fields(data: dict) -> dict:
    what, who = (data.get("what") or "").strip(), (data.get("who") or "").strip()
    if not what or not who:
        raise ValueError("A step needs what is to happen and who will do it.")
    return {"what": what[:300], "who": who[:120], "due_on": data.get("due_on")}


def _short(text: str, length=80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "\u2026"


def _json_safe(changes: dict) -> dict:
    return {
        field: [v.isoformat() if hasattr(v, "isoformat") else v for v in pair]
        for field, pair in changes.items()
    }


def _goal_title(goal, changes) -> str:
    words = _short(goal.in_their_words)
    if "status" in changes:
        if goal.status == Goal.Status.COMPLETED:
            return _("Goal completed: \u201c%(goal)s\u201d") % {"goal": words}
        if goal.status == Goal.Status.ARCHIVED:
            return _("Goal archived: \u201c%(goal)s\u201d") % {"goal": words}
        return _("Goal made active again: \u201c%(goal)s\u201d") % {"goal": words}
    return _("Goal changed: \u201c%(goal)s\u201d") % {"goal": words}

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.people.log import entries_about
from resettle.plans import actions
from resettle.plans.models import Goal, Step
from resettle.testing.factories import add_need, involve, member, need
from resettle.timeline.models import Event
from resettle.versioning import STALE_MESSAGE

NUDGE = "Before starting work or training, it usually helps to sort out"


@pytest.fixture
def mentor(person, organisation):
    user = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", user)
    return user


@pytest.fixture
def goal(person, caseworker):
    return actions.add_goal(
        caseworker,
        person,
        {"in_their_words": "I want a job in a kitchen", "pathway": need("find-work").parent},
        {"what": "Fill in the college form", "who": "Jordan", "due_on": None},
    )


def url(name, person, **kwargs):
    return reverse(f"plans:{name}", kwargs={"person_id": person.pk, **kwargs})


def edit_data(goal, **changes):
    return {
        "version": goal.version,
        "in_their_words": goal.in_their_words,
        "pathway": goal.pathway_id or "",
        "need": goal.need_id or "",
        "status": goal.status,
        "archive_reason": goal.archive_reason,
        **changes,
    }


# --- Reading the plan -----------------------------------------------------------------------


def test_it_shows_the_plan_to_the_caseworker(client, sign_in, person, caseworker, goal):
    Step.objects.create(
        goal=goal,
        what="Ring the job centre",
        who="Key worker",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    sign_in(caseworker)
    response = client.get(url("plan", person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "“I want a job in a kitchen”" in html
    assert "Fill in the college form" in html
    assert "Overdue" in html
    assert url("goal", person, goal_id=goal.pk) in html
    assert url("goal_add", person) in html
    assert entries_about(person).filter(action="person.viewed", changes__page="plan").exists()


def test_it_keeps_finished_goals_in_a_collapsed_section(client, sign_in, person, caseworker, goal):
    actions.update_goal(
        caseworker, goal, {"status": "archived", "archive_reason": "Changed mind"}, goal.version
    )
    sign_in(caseworker)
    html = client.get(url("plan", person)).content.decode()
    assert "govuk-details" in html
    assert "Changed mind" in html
    assert "No active goals yet." in html


def test_it_shows_the_mentor_goals_and_steps_read_only(
    client, sign_in, person, mentor, goal, caseworker
):
    add_need(person, "find-accommodation")
    goal.need = add_need(person, "mental-health")
    goal.save()
    sign_in(mentor)
    for page in ("plan", "print"):
        response = client.get(url(page, person))
        assert response.status_code == 200
        html = response.content.decode()
        assert "I want a job in a kitchen" in html
        assert "Fill in the college form" in html
        assert url("goal", person, goal_id=goal.pk) not in html
        assert url("goal_add", person) not in html
        assert "Mark as done" not in html
        # The needs behind the plan are casework only.
        assert NUDGE not in html
        assert "Mental health" not in html
    assert entries_about(person).filter(actor=mentor, action="person.viewed").count() == 2


def test_it_gives_outsiders_a_404_on_every_plan_page(client, sign_in, person, outsider, goal):
    step = goal.steps.get()
    sign_in(outsider)
    for page, kwargs in [
        ("plan", {}),
        ("print", {}),
        ("goal_add", {}),
        ("goal", {"goal_id": goal.pk}),
        ("step_add", {"goal_id": goal.pk}),
        ("step_done", {"goal_id": goal.pk, "step_id": step.pk}),
    ]:
        assert client.get(url(page, person, **kwargs)).status_code in {404, 405}
        assert client.post(url(page, person, **kwargs), {}).status_code in {404, 405}
    step.refresh_from_db()
    assert step.done_on is None


def test_it_gives_mentors_a_404_on_every_plan_write_page(client, sign_in, person, mentor, goal):
    step = goal.steps.get()
    sign_in(mentor)
    for page, kwargs in [
        ("goal_add", {}),
        ("goal", {"goal_id": goal.pk}),
        ("step_add", {"goal_id": goal.pk}),
    ]:
        assert client.get(url(page, person, **kwargs)).status_code == 404
        assert client.post(url(page, person, **kwargs), {"in_their_words": "x"}).status_code == 404
    done = url("step_done", person, goal_id=goal.pk, step_id=step.pk)
    assert client.post(done).status_code == 404
    step.refresh_from_db()
    assert step.done_on is None
    assert Goal.objects.filter(person=person).count() == 1


def test_it_prints_the_plan(client, sign_in, person, caseworker, goal):
    sign_in(caseworker)
    response = client.get(url("print", person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "@media print" in html
    assert "I want a job in a kitchen" in html
    assert "moj-sub-navigation" not in html
    assert "Mark as done" not in html
    assert entries_about(person).filter(changes__page="plan (printable)").exists()


# --- Basic needs first ----------------------------------------------------------------------


def test_it_gently_suggests_basic_needs_first(client, sign_in, person, caseworker, goal):
    add_need(person, "find-accommodation")
    add_need(person, "id-documents")
    add_need(person, "debt-advice")
    sign_in(caseworker)
    html = client.get(url("plan", person)).content.decode()
    assert f"{NUDGE}: somewhere to live, ID. These needs are still open." in html
    assert "debt" not in html.lower()


def test_it_says_nothing_when_basic_needs_are_met(client, sign_in, person, caseworker, goal):
    add_need(person, "find-accommodation", status="met")
    add_need(person, "register-gp", status="declined")
    add_need(person, "find-work")
    sign_in(caseworker)
    assert NUDGE not in client.get(url("plan", person)).content.decode()


def test_it_says_nothing_for_goals_outside_work(client, sign_in, person, caseworker):
    add_need(person, "find-accommodation")
    actions.add_goal(caseworker, person, {"in_their_words": "See my daughter"})
    sign_in(caseworker)
    assert NUDGE not in client.get(url("plan", person)).content.decode()


def test_it_nudges_a_goal_linked_to_a_work_need(client, sign_in, person, caseworker):
    add_need(person, "register-gp")
    work = add_need(person, "training")
    actions.add_goal(caseworker, person, {"in_their_words": "Get my forklift ticket", "need": work})
    sign_in(caseworker)
    html = client.get(url("plan", person)).content.decode()
    assert f"{NUDGE}: health. This need is still open." in html


# --- Adding a goal --------------------------------------------------------------------------


def test_it_adds_a_goal_with_a_first_step(client, sign_in, person, caseworker):
    housing = add_need(person, "find-accommodation")
    sign_in(caseworker)
    assert client.get(url("goal_add", person)).status_code == 200
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        url("goal_add", person),
        {
            "in_their_words": "  Somewhere of my own  ",
            "pathway": "",
            "need": housing.pk,
            "step_what": "Housing referral",
            "step_who": "Key worker",
            "step_due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    goal = person.goals.get()
    assert (goal.in_their_words, goal.need, goal.status) == (
        "Somewhere of my own",
        housing,
        "active",
    )
    assert goal.created_by == caseworker
    step = goal.steps.get()
    assert (step.what, step.who, step.due_on) == ("Housing referral", "Key worker", due)
    assert (
        entries_about(person).get(action="goal.added").changes["first_step"] == "Housing referral"
    )
    assert Event.objects.get(person=person, kind="plan").pathway == "accommodation"


def test_it_adds_a_goal_without_a_step(client, sign_in, person, caseworker):
    sign_in(caseworker)
    client.post(url("goal_add", person), {"in_their_words": "Stay clean"})
    assert person.goals.get().steps.count() == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"in_their_words": "   "}, "Enter the goal, in the person&#x27;s own words"),
        ({"in_their_words": "x" * 1001}, "1,000 characters or fewer"),
        ({"in_their_words": "Work", "pathway": "nope"}, "Select a pathway from the list"),
        ({"in_their_words": "Work", "need": "nope"}, "Select one of the person"),
        ({"in_their_words": "Work", "step_what": "Call"}, "Enter who will do the first step"),
        ({"in_their_words": "Work", "step_who": "Me"}, "Enter what needs to happen in the first"),
        (
            {"in_their_words": "Work", "step_what": "a", "step_who": "b", "step_due_on": "soon"},
            "Enter a real date",
        ),
        (
            {
                "in_their_words": "Work",
                "step_what": "a",
                "step_who": "b",
                "step_due_on": "2001-01-01",
            },
            "today or in the future",
        ),
    ],
)
def test_it_explains_bad_input_when_adding_a_goal(
    client, sign_in, person, caseworker, data, message
):
    sign_in(caseworker)
    response = client.post(url("goal_add", person), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not person.goals.exists()


def test_it_refuses_another_persons_need(client, sign_in, person, caseworker, organisation):
    from resettle.testing.factories import person_with

    their_need = add_need(person_with(organisation, caseworker), "register-gp")
    sign_in(caseworker)
    response = client.post(
        url("goal_add", person), {"in_their_words": "Work", "need": their_need.pk}
    )
    assert "Select one of the person" in response.content.decode()
    with pytest.raises(ValueError):
        actions.add_goal(caseworker, person, {"in_their_words": "Work", "need": their_need})


# --- Changing a goal ------------------------------------------------------------------------


def test_it_completes_and_reopens_a_goal(client, sign_in, person, caseworker, goal):
    sign_in(caseworker)
    page = url("goal", person, goal_id=goal.pk)
    assert client.get(page).status_code == 200
    assert client.post(page, edit_data(goal, status="completed")).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.completed_on, goal.version) == ("completed", timezone.localdate(), 2)
    entry = entries_about(person).get(action="goal.updated")
    assert entry.changes["status"] == ["active", "completed"]
    assert client.post(page, edit_data(goal, status="active")).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.completed_on) == ("active", None)
    assert Event.objects.filter(person=person, kind="plan", pathway="education-work").count() == 3


def test_it_needs_a_reason_to_archive(client, sign_in, person, caseworker, goal):
    sign_in(caseworker)
    page = url("goal", person, goal_id=goal.pk)
    response = client.post(page, edit_data(goal, status="archived", archive_reason=" "))
    assert response.status_code == 200
    assert "Enter why the goal is being archived" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "active"
    client.post(page, edit_data(goal, status="archived", archive_reason="Moved away"))
    goal.refresh_from_db()
    assert (goal.status, goal.archive_reason) == ("archived", "Moved away")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"in_their_words": ""}, "Enter the goal"),
        ({"status": "finished"}, "Select the status of the goal"),
        ({"version": ""}, "missing its version number"),
        ({"pathway": "nope"}, "Select a pathway from the list"),
    ],
)
def test_it_explains_bad_input_when_changing_a_goal(
    client, sign_in, person, caseworker, goal, changes, message
):
    sign_in(caseworker)
    response = client.post(url("goal", person, goal_id=goal.pk), edit_data(goal, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    goal.refresh_from_db()
    assert goal.version == 1


def test_it_refuses_the_later_of_two_goal_edits_from_the_same_version(
    client, sign_in, person, caseworker, organisation, goal
):
    colleague = member(organisation, Role.CASEWORKER)
    actions.update_goal(colleague, goal, {"in_their_words": "Work as a chef"}, expected_version=1)
    sign_in(caseworker)
    response = client.post(
        url("goal", person, goal_id=goal.pk),
        edit_data(goal, version=1, in_their_words="Cook in a restaurant"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert str(STALE_MESSAGE).split(".")[0] in html
    assert "Cook in a restaurant" in html  # what they typed
    assert "“Work as a chef”" in html  # what is saved now
    assert 'name="version" value="2"' in html
    goal.refresh_from_db()
    assert goal.in_their_words == "Work as a chef"


def test_it_treats_a_new_step_as_a_change_to_the_goal(
    client, sign_in, person, caseworker, organisation, goal
):
    colleague = member(organisation, Role.CASEWORKER)
    actions.add_step(colleague, goal, {"what": "Food hygiene course", "who": "Jordan"})
    sign_in(caseworker)
    response = client.post(
        url("goal", person, goal_id=goal.pk), edit_data(goal, version=1, status="completed")
    )
    assert response.status_code == 409
    assert "Food hygiene course" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "active"


def test_it_refuses_goal_changes_without_casework_access(person, outsider, goal):
    with pytest.raises(PermissionDenied):
        actions.update_goal(outsider, goal, {"status": "completed"}, goal.version)


# --- Steps ----------------------------------------------------------------------------------


def test_it_adds_a_step(client, sign_in, person, caseworker, goal):
    sign_in(caseworker)
    page = url("step_add", person, goal_id=goal.pk)
    assert client.get(page).status_code == 200
    response = client.post(page, {"what": "Buy work boots", "who": "Mentor", "due_on": ""})
    assert response.status_code == 302
    assert goal.steps.filter(what="Buy work boots", due_on=None).exists()
    goal.refresh_from_db()
    assert goal.version == 2
    assert entries_about(person).get(action="step.added").changes["who"] == "Mentor"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"who": "Me"}, "Enter what needs to happen"),
        ({"what": "Call"}, "Enter who will do it"),
        ({"what": "Call", "who": "Me", "due_on": "2025-13-01"}, "Enter a real date"),
        ({"what": "x" * 301, "who": "Me"}, "300 characters or fewer"),
    ],
)
def test_it_explains_bad_input_when_adding_a_step(
    client, sign_in, person, caseworker, goal, data, message
):
    sign_in(caseworker)
    response = client.post(url("step_add", person, goal_id=goal.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert goal.steps.count() == 1


def test_it_marks_a_step_done_once(client, sign_in, person, caseworker, goal):
    step = goal.steps.get()
    sign_in(caseworker)
    done = url("step_done", person, goal_id=goal.pk, step_id=step.pk)
    assert client.get(done).status_code == 405
    assert client.post(done).status_code == 302
    assert client.post(done).status_code == 302
    step.refresh_from_db()
    goal.refresh_from_db()
    assert step.done_on == timezone.localdate()
    assert goal.version == 2
    assert entries_about(person).filter(action="step.done").count() == 1
    assert "Done" in client.get(url("plan", person)).content.decode()


def test_it_finds_steps_only_within_their_goal(client, sign_in, person, caseworker, goal):
    other = actions.add_goal(
        caseworker, person, {"in_their_words": "Other"}, {"what": "a", "who": "b"}
    )
    sign_in(caseworker)
    wrong = url("step_done", person, goal_id=goal.pk, step_id=other.steps.get().pk)
    assert client.post(wrong).status_code == 404

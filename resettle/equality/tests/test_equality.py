import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from resettle.accounts.models import Role
from resettle.audit.models import AuditEntry
from resettle.core import equality
from resettle.equality import actions
from resettle.equality.models import EqualityMonitoring
from resettle.people.log import entries_about
from resettle.testing.factories import involve, member
from resettle.timeline.models import Event


def urls(person):
    kwargs = {"person_id": person.pk}
    return {
        "answers": reverse("equality:answers", kwargs=kwargs),
        "edit": reverse("equality:edit", kwargs=kwargs),
    }


def blank_form(**answers):
    return dict.fromkeys(equality.QUESTIONS, "") | {"based_on": ""} | answers


@pytest.mark.parametrize("page", ["answers", "edit"])
def test_it_shows_each_page_to_the_caseworker_and_the_manager(
    sign_in, caseworker, manager, person, page
):
    for user in (caseworker, manager):
        assert sign_in(user).get(urls(person)[page]).status_code == 200
        assert entries_about(person).filter(action="person.viewed", actor=user).exists()


@pytest.mark.parametrize("page", ["answers", "edit"])
def test_it_hides_the_answers_from_everyone_who_does_not_need_them(
    sign_in, organisation, outsider, administrator, person, page
):
    intake = member(organisation, Role.INTAKE)
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    EqualityMonitoring.objects.create(person=person, religion="sikh")
    for user in (intake, mentor, outsider, administrator):
        client = sign_in(user)
        response = client.get(urls(person)[page])
        assert response.status_code == 404, user
        assert "Sikh" not in response.content.decode()
        assert client.post(urls(person)[page], blank_form()).status_code in {404, 405}
    assert EqualityMonitoring.objects.get(person=person).religion == "sikh"


def test_it_hides_the_tab_from_an_intake_worker(sign_in, organisation, person):
    intake = member(organisation, Role.INTAKE)
    page = sign_in(intake).get(reverse("people:person", kwargs={"person_id": person.pk}))
    assert urls(person)["answers"] not in page.content.decode()


def test_it_says_not_asked_for_blank_answers_and_derives_the_age(sign_in, caseworker, person):
    EqualityMonitoring.objects.create(person=person, ethnicity="white-irish", disability="no")
    page = sign_in(caseworker).get(urls(person)["answers"]).content.decode()
    assert "White: Irish" in page
    assert "Not asked" in page
    assert "from their date of birth" in page
    assert "never affect the support" in page
    assert urls(person)["edit"] in page


def test_it_groups_ethnicity_by_the_five_ons_groups(sign_in, caseworker, person):
    page = sign_in(caseworker).get(urls(person)["edit"]).content.decode()
    for group, _options in equality.ETHNICITY_GROUPS:
        assert f">{group}</legend>" in page
    assert page.count("Prefer not to say") == len(equality.QUESTIONS)
    assert page.count("Not answered") == len(equality.QUESTIONS)
    assert 'value="white-roma"' in page
    assert "What is your age" not in page


def test_it_saves_answers_and_audits_only_which_questions_changed(sign_in, caseworker, person):
    response = sign_in(caseworker).post(
        urls(person)["edit"],
        blank_form(ethnicity="asian-bangladeshi", religion=equality.PREFER_NOT_TO_SAY),
    )
    assert response.status_code == 302
    saved = EqualityMonitoring.objects.get(person=person)
    assert (saved.ethnicity, saved.religion, saved.sex) == (
        "asian-bangladeshi",
        "prefer-not-to-say",
        "",
    )
    audit = entries_about(person).get(action="equality.updated")
    assert sorted(audit.changes["questions"]) == ["ethnicity", "religion"]
    written = str(audit.changes) + audit.summary
    assert "bangladeshi" not in written.lower()
    assert "prefer" not in written.lower()
    event = person.events.get()
    assert (event.title, event.detail) == ("Equality monitoring updated", "")


def test_it_can_clear_an_answer(sign_in, caseworker, person):
    EqualityMonitoring.objects.create(person=person, sex="female")
    saved_at = actions.based_on(EqualityMonitoring.objects.get(person=person))
    sign_in(caseworker).post(urls(person)["edit"], blank_form(based_on=saved_at))
    assert EqualityMonitoring.objects.get(person=person).sex == ""


def test_it_writes_nothing_when_nothing_changed(caseworker, person):
    actions.record_equality(caseworker, person, {"sex": ""})
    assert not AuditEntry.objects.filter(action="equality.updated").exists()
    assert not Event.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ethnicity": "martian"}, "Ethnic group: select one of the answers listed"),
        ({"sex": "asian-indian"}, "Sex: select one of the answers listed"),
    ],
)
def test_it_explains_bad_answers(sign_in, caseworker, person, data, message):
    response = sign_in(caseworker).post(urls(person)["edit"], blank_form(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EqualityMonitoring.objects.filter(person=person).exists()


def test_it_refuses_answers_saved_over_someone_elses_and_keeps_the_choices(
    sign_in, caseworker, manager, person
):
    actions.record_equality(manager, person, {"sex": "female"})
    before_manager = ""  # the caseworker opened the form before anything was saved
    response = sign_in(caseworker).post(
        urls(person)["edit"], blank_form(based_on=before_manager, religion="buddhist")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this" in page
    assert 'value="buddhist" checked' in page
    saved = EqualityMonitoring.objects.get(person=person)
    assert (saved.sex, saved.religion) == ("female", "")


def test_it_refuses_the_action_for_roles_that_may_not_see_answers(organisation, person):
    intake = member(organisation, Role.INTAKE)
    with pytest.raises(PermissionDenied):
        actions.record_equality(intake, person, {"sex": "male"})

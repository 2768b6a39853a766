import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from resettle.audit.models import AuditEntry
from resettle.outcomes.importing import import_outcomes
from resettle.outcomes.models import Outcome
from resettle.people.log import entries_about
from resettle.testing.factories import PersonFactory, person_with
from resettle.timeline.models import Event

LAST_MONTH = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def second(organisation, caseworker):
    return person_with(organisation, caseworker, prison_number="B2222CD", pnc_id="12/345678Z")


@pytest.fixture
def first(person):
    person.prison_number = "A1111BC"
    person.save()
    return person


def csv(*lines) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD = csv(
    "prison_number,pnc_id,kind,date,accommodation_type,hours_per_week,sector",
    f"A1111BC,,reoffence_reported,{LAST_MONTH},,,",
    f"a1111bc,,accommodation_secured,{LAST_MONTH},Settled,,",
    f",12/345678Z,Employment started,{LAST_MONTH},,20,Warehouse",
)


def upload(client, content, organisation=None, name="outcomes.csv"):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    return client.post(reverse("outcome_import:upload"), data)


def test_it_imports_a_good_file(first, second, manager, organisation):
    report = import_outcomes(manager, organisation, GOOD)
    assert report.ok, report.problems
    assert (report.created, report.people) == (3, 2)
    outcomes = Outcome.objects.filter(import_batch=report.batch_id)
    assert {(o.person, o.kind) for o in outcomes} == {
        (first, "reoffence_reported"),
        (first, "accommodation_secured"),
        (second, "employment_started"),
    }
    assert {o.source for o in outcomes} == {"imported"}
    assert {o.organisation for o in outcomes} == {organisation}
    assert {o.recorded_by for o in outcomes} == {manager}
    job = outcomes.get(kind="employment_started")
    assert (job.hours_per_week, job.sector) == (20, "Warehouse")
    assert outcomes.get(kind="accommodation_secured").accommodation_type == "settled"
    # One audit row per person, one timeline event per outcome.
    assert entries_about(first).filter(action="outcome.imported").count() == 1
    assert entries_about(second).filter(action="outcome.imported").count() == 1
    assert first.events.filter(kind=Event.Kind.OUTCOME).count() == 2
    assert second.events.filter(kind=Event.Kind.OUTCOME).count() == 1


def test_it_skips_rows_already_recorded(first, second, manager, organisation):
    import_outcomes(manager, organisation, GOOD)
    again = import_outcomes(manager, organisation, GOOD)
    assert again.ok
    assert (again.created, again.already_recorded, again.batch_id) == (0, 3, None)
    assert Outcome.objects.count() == 3


def test_it_lists_every_problem_with_its_row_and_writes_nothing(
    first, second, manager, organisation
):
    content = csv(
        "prison_number,kind,date,accommodation_type,qualification_level,qualification_title",
        f"A1111BC,id_obtained,{LAST_MONTH},,,",
        f"Z9999ZZ,id_obtained,{LAST_MONTH},,,",
        f"A1111BC,lottery_won,{LAST_MONTH},,,",
        "A1111BC,id_obtained,32/13/2025,,,",
        f"A1111BC,id_obtained,{TOMORROW},,,",
        f"B2222CD,accommodation_secured,{LAST_MONTH},,,",
        f"B2222CD,qualification_gained,{LAST_MONTH},,level 9,",
        f",id_obtained,{LAST_MONTH},,,",
    )
    report = import_outcomes(manager, organisation, content)
    assert not report.ok
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (3, "prison_number"),
        (4, "kind"),
        (5, "date"),
        (6, "date"),
        (7, "accommodation_type"),
        (8, "qualification_level"),
        (8, "qualification_title"),
        (9, "prison_number"),
    }
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert "We could not find Z9999ZZ" in messages[(3, "prison_number")]
    assert '"lottery_won" is not a kind of outcome' in messages[(4, "kind")]
    assert '"32/13/2025" is not a date' in messages[(5, "date")]
    assert "in the future" in messages[(6, "date")]
    assert "settled or temporary" in messages[(7, "accommodation_type")]
    assert not Outcome.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.OUTCOME).exists()
    assert not AuditEntry.objects.filter(action="outcome.imported").exists()


def test_it_does_not_reveal_people_the_organisation_does_not_work_with(
    first, manager, organisation
):
    stranger = PersonFactory(prison_number="C3333DE")
    content = csv("prison_number,kind,date", f"C3333DE,reoffence_reported,{LAST_MONTH}")
    report = import_outcomes(manager, organisation, content)
    unknown = import_outcomes(
        manager, organisation, csv("prison_number,kind,date", f"Q0000QQ,id_obtained,{LAST_MONTH}")
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "prison_number")]
    assert report.problems[0].message == unknown.problems[0].message.replace("Q0000QQ", "C3333DE")
    assert not stranger.outcomes.exists()


def test_it_accepts_people_the_organisation_worked_with_before(first, manager, organisation):
    first.involvements.update(ended_on=timezone.localdate())
    content = csv("prison_number,kind,date", f"A1111BC,reconviction_reported,{LAST_MONTH}")
    assert import_outcomes(manager, organisation, content).ok


def test_it_refuses_someone_who_does_not_manage_the_organisation(
    first, caseworker, outsider, organisation
):
    for user in (caseworker, outsider):
        with pytest.raises(PermissionDenied):
            import_outcomes(user, organisation, GOOD)
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"  \n\n", "The file is empty"),
        ("prison_number,kind,date\nA1111BC,id_obtained,1/2/2024\n".encode("utf-16"), "UTF-8"),
        (b"prison_number,kind,date\n\xff\xfeA1111BC,id_obtained,2024-01-01\n", "UTF-8"),
        (b"A1111BC,id_obtained,2024-01-01\n", "The first row must name the columns"),
        (b"prison_number,kind,date\n", "no outcomes in it"),
        (b"prison_number,kind,date,colour\nA1111BC,id_obtained,2024-01-01,red\n", "not one"),
        (b"kind,date\nid_obtained,2024-01-01\n", "Add a prison_number or a pnc_id column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "UTF-8"),
    ],
)
def test_it_explains_what_is_wrong_with_the_file(first, manager, organisation, content, message):
    report = import_outcomes(manager, organisation, content)
    assert not report.ok
    assert message in " ".join(p.message for p in report.problems)
    assert not Outcome.objects.exists()


def test_it_imports_through_the_page_and_shows_a_summary(
    client, sign_in, first, second, manager, organisation
):
    sign_in(manager)
    page = client.get(reverse("outcome_import:upload"))
    assert page.status_code == 200
    assert "Import outcomes from a file" in page.content.decode()
    response = upload(client, GOOD, organisation)
    assert response.status_code == 302
    summary = client.get(response.url).content.decode()
    assert "3 outcomes were recorded for Southwark Resettlement Trust, for 2 people." in summary
    assert "Re-offence reported" in summary
    assert Outcome.objects.count() == 3


def test_the_page_lists_the_problems_and_imports_nothing(
    client, sign_in, first, manager, organisation
):
    sign_in(manager)
    content = csv(
        "prison_number,kind,date", "A1111BC,lottery_won,2024-01-01", "A1111BC,id_obtained,soon"
    )
    response = upload(client, content, organisation)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We found 2 problems. Nothing was imported." in page
    assert "lottery_won" in page
    assert "&quot;soon&quot; is not a date" in page
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\xff\xfe\x00p\x00r", "UTF-8"),
        (b"id_obtained,2024-01-01", "The first row must name the columns"),
    ],
)
def test_the_page_answers_a_bad_file_clearly(
    client, sign_in, first, manager, organisation, content, message
):
    sign_in(manager)
    response = upload(client, content, organisation)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_asks_for_a_file(client, sign_in, manager, organisation):
    sign_in(manager)
    response = client.post(reverse("outcome_import:upload"), {"organisation": organisation.pk})
    assert response.status_code == 200
    assert "Choose a CSV file to upload" in response.content.decode()


def test_the_page_refuses_people_who_manage_no_organisation(client, sign_in, caseworker):
    sign_in(caseworker)
    assert client.get(reverse("outcome_import:upload")).status_code == 403
    assert upload(client, GOOD).status_code == 403


def test_a_manager_cannot_import_for_another_organisation(
    client, sign_in, first, outsider, organisation
):
    sign_in(outsider)
    response = upload(client, GOOD, organisation)
    assert response.status_code == 200
    assert "Choose an organisation you manage" in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_summary_is_only_shown_to_managers_of_its_organisation(
    client, sign_in, first, second, manager, outsider, organisation
):
    report = import_outcomes(manager, organisation, GOOD)
    sign_in(outsider)
    page = client.get(f"{reverse('outcome_import:upload')}?batch={report.batch_id}")
    assert "outcomes were recorded" not in page.content.decode()
    assert client.get(f"{reverse('outcome_import:upload')}?batch=nonsense").status_code == 200


def test_the_command_imports_with_the_same_checks(tmp_path, first, second, manager, organisation):
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    call_command(
        "import_outcomes", str(good), organisation=str(organisation.pk), user=manager.email
    )
    assert Outcome.objects.count() == 3

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv("prison_number,kind,date", "A1111BC,lottery_won,2024-01-01"))
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_outcomes", str(bad), organisation=str(organisation.pk), user=manager.email
        )


def test_the_command_refuses_a_user_who_does_not_manage_the_organisation(
    tmp_path, first, caseworker, organisation
):
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    with pytest.raises(CommandError, match="does not manage"):
        call_command(
            "import_outcomes", str(good), organisation=str(organisation.pk), user=caseworker.email
        )
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_outcomes", str(good), organisation="nope", user=caseworker.email)
    assert not Outcome.objects.exists()


def test_an_administrator_may_import_for_any_organisation(first, administrator, organisation):
    content = csv("prison_number,kind,date", f"A1111BC,recalled_to_custody,{LAST_MONTH}")
    assert import_outcomes(administrator, organisation, content).ok
    assert first.outcomes.get().organisation == organisation


def test_it_keeps_another_organisations_manager_out_of_our_imports(
    client, sign_in, first, second, manager, outsider, organisation
):
    sign_in(manager)
    ours = upload(client, GOOD, organisation)
    sign_in(outsider)
    # Their summary of our batch shows nothing of it, and they cannot import for us.
    summary = client.get(ours.url).content.decode()
    assert "Southwark Resettlement Trust" not in summary and first.prison_number not in summary
    response = upload(client, GOOD, organisation)
    assert response.status_code == 200
    assert "Choose an organisation you manage" in response.content.decode()
    assert Outcome.objects.count() == 3

"""The Justice Data Lab cohort export: the file, who is left out and why, who may export, and
the command."""

import csv
import datetime
import io
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from resettle.audit.models import AuditEntry
from resettle.core import jdl
from resettle.equality.models import EqualityMonitoring
from resettle.evaluation.jdl_export import CohortEntry, export_cohort
from resettle.people.log import entries_about
from resettle.people.models import Person
from resettle.testing.factories import person_with

START, END = datetime.date(2025, 1, 6), datetime.date(2025, 6, 30)
TODAY = datetime.date(2026, 11, 22)


def exported(manager, organisation, entries):
    handle = io.StringIO(newline="")
    export = export_cohort(manager, organisation, entries, handle, today=TODAY)
    return export, list(csv.reader(io.StringIO(handle.getvalue())))


def test_it_writes_the_cohort_in_the_data_labs_shape(manager, organisation, caseworker):
    jordan = person_with(
        organisation,
        given_name="Jordan",
        family_name="Reyes",
        date_of_birth=datetime.date(1990, 3, 14),
        prison_number="A1234BC",
        pnc_id="12/345678X",
    )
    export, rows = exported(manager, organisation, [CohortEntry(jordan, START, END, "Male")])
    assert export.written == 1 and export.left_out == [] and export.incomplete == []
    assert rows == [
        list(jdl.COLUMNS),
        [
            "Reyes",
            "Jordan",
            "14/03/1990",
            "Male",
            "A1234BC",
            "12/345678X",
            "06/01/2025",
            "30/06/2025",
        ],
    ]


def test_it_leaves_out_people_it_cannot_match_and_says_why(manager, organisation):
    matched = person_with(organisation, prison_number="A1111AA")
    no_birthday = person_with(organisation, date_of_birth=None)
    no_number = person_with(organisation, prison_number="", pnc_id="")
    export, rows = exported(
        manager,
        organisation,
        [
            CohortEntry(matched, START, None),
            CohortEntry(no_birthday, START, END, "Female"),
            CohortEntry(no_number, START, END, "Male"),
        ],
    )
    assert export.written == 1 and len(rows) == 2
    assert [(item.position, item.person) for item in export.left_out] == [
        (2, no_birthday),
        (3, no_number),
    ]
    assert [str(r) for r in export.left_out[0].reasons] == ["no date of birth"]
    assert [str(r) for r in export.left_out[1].reasons] == ["no prison number or PNC ID"]
    # Sent, but without the gender the Data Lab lists as essential, and still open.
    assert export.incomplete[0].position == 1
    assert [str(r) for r in export.incomplete[0].reasons] == [
        "no sex recorded in their personal details (the Data Lab lists gender as essential)",
        "no end date (fine if the support has not finished)",
    ]


def test_it_fills_the_gender_from_the_sex_on_their_record(manager, organisation):
    woman = person_with(organisation, sex=Person.Sex.FEMALE)
    man = person_with(organisation, sex=Person.Sex.MALE)
    export, rows = exported(
        manager, organisation, [CohortEntry(woman, START, END), CohortEntry(man, START, END)]
    )
    assert export.written == 2 and export.incomplete == []
    assert [row[3] for row in rows[1:]] == ["Female", "Male"]


def test_it_never_reads_equality_monitoring_for_the_gender(manager, organisation):
    # Their own monitoring answer says female, but nothing is on their record.
    person = person_with(organisation)
    EqualityMonitoring.objects.create(person=person, sex="female")
    export, rows = exported(manager, organisation, [CohortEntry(person, START, END)])
    assert export.written == 1 and rows[1][3] == ""
    assert [str(r) for r in export.incomplete[0].reasons] == [
        "no sex recorded in their personal details (the Data Lab lists gender as essential)"
    ]


def test_it_prefers_the_record_to_a_gender_given_with_the_entry(manager, organisation):
    recorded = person_with(organisation, sex=Person.Sex.FEMALE)
    not_recorded = person_with(organisation)
    _export, rows = exported(
        manager,
        organisation,
        [CohortEntry(recorded, START, END, "Male"), CohortEntry(not_recorded, START, END, "m")],
    )
    assert [row[3] for row in rows[1:]] == ["Female", "Male"]


def test_it_never_exports_someone_the_organisation_has_not_worked_with(
    manager, organisation, other_organisation
):
    theirs = person_with(other_organisation)
    export, rows = exported(manager, organisation, [CohortEntry(theirs, START, END, "Male")])
    assert export.written == 0 and len(rows) == 1
    assert [str(r) for r in export.left_out[0].reasons] == [
        "the organisation has never worked with this person"
    ]


def test_it_audits_each_person_sent_and_nobody_else(manager, organisation):
    sent = person_with(organisation)
    left_out = person_with(organisation, date_of_birth=None)
    exported(manager, organisation, [CohortEntry(sent, START, END), CohortEntry(left_out, START)])
    entry = entries_about(sent).get(action="person.exported")
    assert entry.actor == manager and entry.organisation == organisation
    assert not entries_about(left_out).filter(action="person.exported").exists()


@pytest.mark.parametrize("who", ["caseworker", "outsider"])
def test_it_lets_only_the_organisations_managers_export(request, organisation, who):
    person = person_with(organisation)
    with pytest.raises(PermissionDenied):
        export_cohort(
            request.getfixturevalue(who), organisation, [CohortEntry(person, START)], io.StringIO()
        )
    assert not AuditEntry.objects.filter(action="person.exported").exists()


# --- The command ---------------------------------------------------------------------------


def write_input(path, rows, header=("person_id", "start_date", "end_date", "gender")):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, out, organisation, user):
    stdout = io.StringIO()
    call_command(
        "export_jdl_cohort",
        str(path),
        organisation=str(organisation.pk),
        user=user.email,
        out=str(out),
        stdout=stdout,
    )
    return stdout.getvalue()


def test_the_command_writes_the_cohort_and_lists_who_was_left_out(tmp_path, manager, organisation):
    sent = person_with(organisation, given_name="Jordan", family_name="Reyes")
    left_out = person_with(
        organisation, given_name="Sam", family_name="Okafor", pnc_id="", prison_number=""
    )
    path = write_input(
        tmp_path / "people.csv",
        [[sent.pk, "2025-01-06", "30/06/2025", "male"], [left_out.pk, "06/01/2025", "", ""]],
    )
    out = tmp_path / "cohort.csv"
    printed = run(path, out, organisation, manager)
    assert "Wrote 1 of 2 people to" in printed
    assert f"row 3: Sam Okafor ({left_out.pk}): no prison number or PNC ID" in printed
    rows = list(csv.reader(out.open()))
    assert rows[1][:4] == ["Reyes", "Jordan", "17/05/1990", "Male"]
    assert rows[1][6:] == ["06/01/2025", "30/06/2025"]
    assert os.stat(out).st_mode & 0o077 == 0  # personal data: nobody else may read it


def test_the_command_writes_nothing_when_a_row_is_wrong(tmp_path, manager, organisation):
    person = person_with(organisation)
    path = write_input(
        tmp_path / "people.csv",
        [
            [person.pk, "2025-13-40", "", ""],
            ["not-an-id", "2025-01-06", "", "other"],
            ["8f0c4a9e-3b1d-4c55-9d1e-2f6a7b8c9d0e", "", "", ""],
        ],
    )
    out = tmp_path / "cohort.csv"
    with pytest.raises(CommandError) as raised:
        run(path, out, organisation, manager)
    message = str(raised.value)
    assert message.startswith("Nothing written: 5 problem(s)")
    assert 'row 2: start_date "2025-13-40" is not a date' in message
    assert 'row 3: "not-an-id" is not a person id' in message
    assert 'row 3: gender "other" is not Male or Female' in message
    assert "row 4: start_date is empty" in message
    assert "row 4: no person has the id 8f0c4a9e" in message
    assert not out.exists()


def test_the_command_uses_the_record_and_refuses_a_gender_that_contradicts_it(
    tmp_path, manager, organisation
):
    woman = person_with(organisation, given_name="Ada", sex=Person.Sex.FEMALE)
    man = person_with(organisation, given_name="Ben", sex=Person.Sex.MALE)
    unknown = person_with(organisation, given_name="Cy")
    out = tmp_path / "cohort.csv"
    agreeing = [
        [woman.pk, "2025-01-06", "", ""],
        [man.pk, "2025-01-06", "", "M"],
        [unknown.pk, "2025-01-06", "", "female"],
    ]
    printed = run(write_input(tmp_path / "ok.csv", agreeing), out, organisation, manager)
    assert "Wrote 3 of 3 people" in printed
    assert [(row[1], row[3]) for row in csv.reader(out.open())][1:] == [
        ("Ada", "Female"),
        ("Ben", "Male"),
        ("Cy", "Female"),
    ]
    out.unlink()
    contradicting = [[woman.pk, "2025-01-06", "", "Male"]]
    with pytest.raises(CommandError) as raised:
        run(write_input(tmp_path / "bad.csv", contradicting), out, organisation, manager)
    assert (
        'row 2: gender "Male" is not the sex on their record (Female); leave it blank to use '
        "the record" in str(raised.value)
    )
    assert not out.exists()


def test_the_command_needs_the_columns_and_a_manager(tmp_path, manager, caseworker, organisation):
    path = write_input(tmp_path / "people.csv", [["x"]], header=("id",))
    with pytest.raises(CommandError, match="needs the columns person_id, start_date"):
        run(path, tmp_path / "out.csv", organisation, manager)
    with pytest.raises(CommandError, match="does not manage"):
        run(path, tmp_path / "out.csv", organisation, caseworker)
    assert not (tmp_path / "out.csv").exists()

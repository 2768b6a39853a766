"""The Justice Data Lab cohort: its columns, and which rows it can match."""

import csv
import datetime
import io

import pytest

from resettle.core import jdl

TODAY = datetime.date(2026, 11, 22)


def someone(**changes):
    fields = {
        "surname": "Reyes",
        "forename": "Jordan",
        "date_of_birth": datetime.date(1990, 3, 14),
        "gender": "male",
        "prison_number": "A1234BC",
        "pnc_id": "",
        "start": datetime.date(2025, 1, 6),
        "end": datetime.date(2025, 6, 30),
        "reference": "p1",
    } | changes
    return jdl.member(**fields)


def test_it_writes_the_data_labs_columns_with_uk_dates():
    handle = io.StringIO()
    assert jdl.write_cohort([someone()], handle) == 1
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows == [
        list(jdl.COLUMNS),
        ["Reyes", "Jordan", "14/03/1990", "Male", "A1234BC", "", "06/01/2025", "30/06/2025"],
    ]


def test_it_tidies_names_identifiers_and_gender():
    tidy = someone(
        surname="  O'Brien ", forename="Mary  Ann", prison_number="a 1234 bc", gender="F"
    )
    assert (tidy.surname, tidy.forename, tidy.prison_number, tidy.gender) == (
        "O'Brien",
        "Mary Ann",
        "A1234BC",
        "Female",
    )
    assert someone(gender="prefer-not-to-say").gender == ""


def test_it_sends_a_row_with_name_date_of_birth_and_either_identifier():
    by_pnc = someone(prison_number="", pnc_id="12/345678X", reference="p2")
    check = jdl.check_cohort([someone(), by_pnc], TODAY)
    assert [m.reference for m in check.sent] == ["p1", "p2"]
    assert check.left_out == [] and check.incomplete == []


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        ({"surname": " "}, (jdl.NO_SURNAME,)),
        ({"forename": ""}, (jdl.NO_FORENAME,)),
        ({"surname": "=HYPERLINK(1)"}, (jdl.NAME_UNSAFE,)),
        ({"date_of_birth": None}, (jdl.NO_DATE_OF_BIRTH,)),
        ({"date_of_birth": datetime.date(2027, 1, 1)}, (jdl.DATE_OF_BIRTH_IMPLAUSIBLE,)),
        ({"date_of_birth": datetime.date(2020, 1, 1)}, (jdl.DATE_OF_BIRTH_IMPLAUSIBLE,)),
        ({"prison_number": ""}, (jdl.NO_IDENTIFIER,)),
        ({"prison_number": "12345"}, (jdl.PRISON_NUMBER_MALFORMED,)),
        ({"pnc_id": "12345"}, (jdl.PNC_ID_MALFORMED,)),
        ({"start": None}, (jdl.NO_START_DATE,)),
        ({"start": datetime.date(2027, 1, 1), "end": None}, (jdl.START_IN_FUTURE,)),
        ({"end": datetime.date(2024, 12, 31)}, (jdl.END_BEFORE_START,)),
    ],
)
def test_it_leaves_out_a_row_it_cannot_match_and_says_why(changes, reasons):
    check = jdl.check_cohort([someone(**changes)], TODAY)
    assert check.sent == []
    assert check.left_out == [jdl.Finding(1, "p1", reasons)]


def test_it_gives_every_reason_at_once():
    check = jdl.check_cohort([someone(surname="", date_of_birth=None, prison_number="")], TODAY)
    assert check.left_out[0].reasons == (
        jdl.NO_SURNAME,
        jdl.NO_DATE_OF_BIRTH,
        jdl.NO_IDENTIFIER,
    )


def test_it_sends_a_row_without_gender_or_end_date_and_says_it_is_incomplete():
    other = someone(surname="Okafor", gender="", end=None, reference="p2")
    check = jdl.check_cohort([someone(), other], TODAY)
    assert len(check.sent) == 2
    assert check.incomplete == [jdl.Finding(2, "p2", (jdl.NO_GENDER, jdl.NO_END_DATE))]


def test_it_leaves_out_the_same_person_and_intervention_given_twice():
    check = jdl.check_cohort([someone(), someone(reference="again")], TODAY)
    assert len(check.sent) == 1
    assert check.left_out == [jdl.Finding(2, "again", (jdl.DUPLICATE,))]
    # The same person with a second, separate intervention is a row of its own.
    later = someone(start=datetime.date(2026, 1, 5), end=None, reference="second")
    assert len(jdl.check_cohort([someone(), later], TODAY).sent) == 2

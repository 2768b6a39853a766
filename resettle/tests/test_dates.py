"""The date fields every casework form shares: one box typed the British way, and the GOV.UK
three-box date input."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from resettle.dates import EARLIEST, DateField, GovukDateField

TODAY = timezone.localdate()


class OneBox(forms.Form):
    on = DateField(label="Date", messages={"required": "Enter the date it happened"})
    since = DateField(label="Since", required=False, not_before=EARLIEST)
    happened = DateField(label="Happened", required=False, not_in_future=True)
    due = DateField(label="Due", required=False, not_in_past="The due date has passed")


def errors(data):
    form = OneBox({"on": "1/1/2020", **data})
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "typed",
    ["2025-03-27", "27/3/2025", "27/03/2025", "27/3/25", "27-3-2025", "27 3 2025", "27.3.2025"],
)
def test_it_reads_iso_and_british_dates(typed):
    form = OneBox({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == datetime.date(2025, 3, 27)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"on": ""}, "on", "Enter the date it happened"),
        ({"on": "31/02/2025"}, "on", "Enter a real date, for example 27/3/2025"),
        ({"on": "yesterday"}, "on", "Enter a real date, for example 27/3/2025"),
        ({"since": "31/12/1899"}, "since", "Enter a date after 1 January 1900"),
        (
            {"happened": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "happened",
            "The date must be today or in the past",
        ),
        (
            {"due": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "due",
            "The due date has passed",
        ),
    ],
)
def test_it_gives_a_clear_message_for_a_bad_date(data, field, message):
    assert errors(data)[field] == [message]


def test_it_accepts_the_edges_of_its_limits():
    assert not errors(
        {"since": "1900-01-01", "happened": TODAY.isoformat(), "due": TODAY.isoformat()}
    )


def test_it_shows_a_saved_date_as_iso_for_a_date_input():
    form = OneBox(initial={"on": datetime.date(2025, 3, 27)})
    assert form["on"].value() == "2025-03-27"
    assert OneBox({"on": "27/3/2025"})["on"].value() == "27/3/2025"


MESSAGES = {
    "required": "Enter their date of birth",
    "day": "Date of birth must include a day",
    "month": "Date of birth must include a month",
    "year": "Date of birth must include a year",
    "invalid": "Date of birth must be a real date, like 27 3 1990",
}


class ThreeBoxes(forms.Form):
    born = GovukDateField(MESSAGES, label="Date of birth")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter their date of birth"),
        ("", "3", "1990", "Date of birth must include a day"),
        ("27", "", "1990", "Date of birth must include a month"),
        ("27", "3", "", "Date of birth must include a year"),
        ("32", "3", "1990", "Date of birth must be a real date, like 27 3 1990"),
        ("27", "3", "90", "Date of birth must be a real date, like 27 3 1990"),
    ],
)
def test_it_words_three_box_errors_as_govuk_does(day, month, year, message):
    form = ThreeBoxes({"born_day": day, "born_month": month, "born_year": year})
    assert not form.is_valid()
    assert form.errors["born"] == [message]


def test_it_keeps_three_boxes_as_typed_and_links_errors_to_the_day():
    form = ThreeBoxes({"born_day": " 27 ", "born_month": "3", "born_year": "1990"})
    assert form.is_valid()
    assert form.cleaned_data["born"] == datetime.date(1990, 3, 27)
    bad = ThreeBoxes({"born_day": "x", "born_month": "3", "born_year": "1990"})
    assert bad["born"].parts == {"day": "x", "month": "3", "year": "1990"}
    assert bad["born"].anchor == "id_born_day"

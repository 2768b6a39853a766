import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from resettle.core.working_days import (
    WorkingDays,
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

D = datetime.date

# GOV.UK's published bank holidays for England and Wales (www.gov.uk/bank-holidays).
PUBLISHED = {
    2016: {
        D(2016, 1, 1), D(2016, 3, 25), D(2016, 3, 28), D(2016, 5, 2), D(2016, 5, 30),
        D(2016, 8, 29), D(2016, 12, 26), D(2016, 12, 27),
    },
    2020: {
        D(2020, 1, 1), D(2020, 4, 10), D(2020, 4, 13), D(2020, 5, 8), D(2020, 5, 25),
        D(2020, 8, 31), D(2020, 12, 25), D(2020, 12, 28),
    },
    2021: {
        D(2021, 1, 1), D(2021, 4, 2), D(2021, 4, 5), D(2021, 5, 3), D(2021, 5, 31),
        D(2021, 8, 30), D(2021, 12, 27), D(2021, 12, 28),
    },
    2022: {
        D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
        D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27),
    },
    2023: {
        D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8),
        D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26),
    },
    2024: {
        D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27),
        D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    },
    2025: {
        D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
        D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    },
    2026: {
        D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
        D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    },
    2027: {
        D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
        D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),
    },
}  # fmt: skip


def test_it_computes_the_published_bank_holidays():
    for year, published in PUBLISHED.items():
        assert bank_holidays(year) == published, year


def test_it_finds_easter_for_known_years():
    assert easter_sunday(2025) == D(2025, 4, 20)
    assert easter_sunday(2026) == D(2026, 4, 5)
    assert easter_sunday(2038) == D(2038, 4, 25)  # the latest possible
    assert easter_sunday(2285) == D(2285, 3, 22)  # the earliest possible


def test_it_moves_new_years_day_off_the_weekend():
    assert D(2022, 1, 3) in bank_holidays(2022)  # 1 January 2022 was a Saturday
    assert D(2023, 1, 2) in bank_holidays(2023)  # 1 January 2023 was a Sunday


def test_it_keeps_christmas_and_boxing_day_on_distinct_weekdays():
    # Christmas on a Sunday (2033), a Saturday (2032) and a Friday (2026).
    assert {D(2033, 12, 26), D(2033, 12, 27)} <= bank_holidays(2033)
    assert {D(2032, 12, 27), D(2032, 12, 28)} <= bank_holidays(2032)
    assert {D(2026, 12, 25), D(2026, 12, 28)} <= bank_holidays(2026)


def test_it_counts_working_days_after_the_start_day():
    # Friday 4 April 2025 plus 5 working days is Friday 11 April.
    assert add_working_days(D(2025, 4, 4), 5) == D(2025, 4, 11)
    # Over Easter 2025 (Good Friday 18, Easter Monday 21 April).
    assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)
    # Sent on a Saturday: the first working day is the Monday.
    assert add_working_days(D(2025, 4, 5), 1) == D(2025, 4, 7)
    assert add_working_days(D(2025, 4, 5), 0) == D(2025, 4, 5)


def test_it_crosses_christmas_and_new_year():
    # Christmas 2026 is a Friday; Boxing Day's substitute is Monday 28; 1 January is a Friday.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 24), 3) == D(2026, 12, 31)
    assert add_working_days(D(2026, 12, 24), 4) == D(2027, 1, 4)
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4


def test_it_goes_backwards_for_a_negative_count():
    assert add_working_days(D(2025, 4, 22), -1) == D(2025, 4, 17)
    assert working_days_between(D(2025, 4, 22), D(2025, 4, 17)) == -1


def test_it_takes_extra_holidays():
    closure = [D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)]
    assert add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)
    assert add_working_days(D(2025, 12, 24), 1, extra_holidays=closure) == D(2026, 1, 2)
    assert working_days_between(D(2025, 12, 24), D(2026, 1, 2), extra_holidays=closure) == 1
    assert not is_working_day(D(2025, 12, 30), extra_holidays=closure)
    # An extra holiday on a weekend or on a bank holiday takes nothing more away.
    calendar = WorkingDays([D(2025, 12, 27), D(2025, 12, 25)])
    assert calendar.between(D(2025, 12, 24), D(2025, 12, 31)) == 3


def test_it_says_which_days_are_working_days():
    assert is_working_day(D(2026, 5, 5))
    assert not is_working_day(D(2026, 5, 4))  # early May bank holiday
    assert not is_working_day(D(2026, 5, 2))  # a Saturday


@settings(deadline=None)  # timing on a shared machine is not what this checks
@given(
    start=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    n=st.integers(min_value=-400, max_value=400),
)
def test_it_counts_back_what_it_added(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(deadline=None)
@given(
    a=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    span=st.integers(min_value=0, max_value=800),
)
def test_it_counts_spans_the_same_as_day_by_day(a, span):
    b = a + datetime.timedelta(days=span)
    by_day = sum(
        1 for offset in range(1, span + 1) if is_working_day(a + datetime.timedelta(days=offset))
    )
    assert working_days_between(a, b) == by_day

"""Working days in England and Wales: Monday to Friday, except bank holidays.

Bank holidays are computed by their rules (Banking and Financial Dealings Act 1971 and the
yearly royal proclamations), so the calendar needs no download and no yearly update:

- New Year's Day, 1 January, or the next Monday when it falls at a weekend;
- Good Friday and Easter Monday;
- the early May bank holiday, the first Monday in May;
- the spring bank holiday, the last Monday in May;
- the summer bank holiday, the last Monday in August;
- Christmas Day and Boxing Day, moved to the next weekdays when either falls at a weekend.

Proclamations have moved or added days for national occasions (jubilees, a coronation, a
royal funeral); the ones so far are in MOVED and ONE_OFF below. A future one-off is passed as
`extra_holidays` until this table learns it, and an organisation's own closure days (between
Christmas and New Year, say) can be passed the same way.

Counting rule, used by every function here: a period of n working days after a date does not
count that date itself. A referral sent on Friday 4 April 2025 and given 5 working days is due
on Friday 11 April 2025; one sent on a Saturday starts counting on the Monday.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

Date = datetime.date

# Proclamations that moved a regular bank holiday: (year, rule) -> the day it was held instead.
MOVED: dict[tuple[int, str], Date] = {
    (1995, "early_may"): Date(1995, 5, 8),  # 50th anniversary of VE Day
    (2002, "spring"): Date(2002, 6, 4),  # Golden Jubilee
    (2012, "spring"): Date(2012, 6, 4),  # Diamond Jubilee
    (2020, "early_may"): Date(2020, 5, 8),  # 75th anniversary of VE Day
    (2022, "spring"): Date(2022, 6, 2),  # Platinum Jubilee
}

# Extra bank holidays proclaimed for one year only.
ONE_OFF: frozenset[Date] = frozenset(
    {
        Date(1999, 12, 31),  # the millennium
        Date(2002, 6, 3),  # Golden Jubilee
        Date(2011, 4, 29),  # the wedding of Prince William and Catherine Middleton
        Date(2012, 6, 5),  # Diamond Jubilee
        Date(2022, 6, 3),  # Platinum Jubilee
        Date(2022, 9, 19),  # the state funeral of Queen Elizabeth II
        Date(2023, 5, 8),  # the coronation of King Charles III
    }
)

_SATURDAY = 5


def easter_sunday(year: int) -> Date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm
    (Meeus, Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return Date(year, month, day + 1)


def _first_monday(year: int, month: int) -> Date:
    first = Date(year, month, 1)
    return first + datetime.timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> Date:
    next_month = Date(year + month // 12, month % 12 + 1, 1)
    last = next_month - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=last.weekday())


def _next_weekday_not_in(day: Date, taken: set[Date]) -> Date:
    while day.weekday() >= _SATURDAY or day in taken:
        day += datetime.timedelta(days=1)
    return day


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[Date]:
    """The days that are bank holidays in England and Wales in `year`, as observed: a
    substitute weekday replaces a holiday that falls at a weekend."""
    easter = easter_sunday(year)
    days: set[Date] = {
        _next_weekday_not_in(Date(year, 1, 1), set()),
        easter - datetime.timedelta(days=2),
        easter + datetime.timedelta(days=1),
        MOVED.get((year, "early_may"), _first_monday(year, 5)),
        MOVED.get((year, "spring"), _last_monday(year, 5)),
        MOVED.get((year, "summer"), _last_monday(year, 8)),
    }
    # Christmas first, then Boxing Day on the next free weekday: Christmas on a Saturday gives
    # Monday 27 and Tuesday 28; on a Sunday, Boxing Day keeps Monday 26 and Christmas moves to
    # Tuesday 27; either way the two days stay distinct.
    christmas, boxing_day = Date(year, 12, 25), Date(year, 12, 26)
    if christmas.weekday() == 6:
        days |= {boxing_day, Date(year, 12, 27)}
    else:
        observed_christmas = _next_weekday_not_in(christmas, set())
        days |= {observed_christmas, _next_weekday_not_in(boxing_day, {observed_christmas})}
    days |= {day for day in ONE_OFF if day.year == year}
    return frozenset(days)


class WorkingDays:
    """A working-days calendar: weekdays that are not bank holidays nor one of
    `extra_holidays` (further closures, or a future proclaimed holiday)."""

    def __init__(self, extra_holidays: Iterable[Date] = ()):
        self.extra_holidays = frozenset(extra_holidays)
        self._holidays_by_year: dict[int, frozenset[Date]] = {}

    def holidays_in(self, year: int) -> frozenset[Date]:
        """Non-working weekdays in `year`."""
        holidays = self._holidays_by_year.get(year)
        if holidays is None:
            extra = {day for day in self.extra_holidays if day.year == year}
            holidays = frozenset(
                day for day in bank_holidays(year) | extra if day.weekday() < _SATURDAY
            )
            self._holidays_by_year[year] = holidays
        return holidays

    def is_working_day(self, day: Date) -> bool:
        return day.weekday() < _SATURDAY and day not in self.holidays_in(day.year)

    def add(self, start: Date, n: int) -> Date:
        """The n-th working day after `start` (before it, for a negative n); `start` itself is
        never counted, and n = 0 gives `start` back unchanged."""
        if n == 0:
            return start
        step = datetime.timedelta(days=1 if n > 0 else -1)
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, a: Date, b: Date) -> int:
        """How many working days `b` is after `a`: those after `a` up to and including `b`.
        When `b` is before `a` it is minus those from `b` up to but not including `a` (how far
        back `b` is), so that between(a, add(a, n)) == n either way. Counts weekdays by
        arithmetic and subtracts holidays year by year, so a span of years costs no more than
        a span of days."""
        if b < a:
            one_day = datetime.timedelta(days=1)
            return -self.between(b - one_day, a - one_day)
        count = _weekdays_up_to(b) - _weekdays_up_to(a)
        for year in range(a.year, b.year + 1):
            count -= sum(1 for day in self.holidays_in(year) if a < day <= b)
        return count


def _weekdays_up_to(day: Date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) to `day`, inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


ENGLAND_AND_WALES = WorkingDays()


def is_working_day(day: Date, *, extra_holidays: Iterable[Date] = ()) -> bool:
    return _calendar(extra_holidays).is_working_day(day)


def add_working_days(start: Date, n: int, *, extra_holidays: Iterable[Date] = ()) -> Date:
    """The n-th working day after `start` in England and Wales (see WorkingDays.add)."""
    return _calendar(extra_holidays).add(start, n)


def working_days_between(a: Date, b: Date, *, extra_holidays: Iterable[Date] = ()) -> int:
    """How many working days `b` is after `a` (see WorkingDays.between)."""
    return _calendar(extra_holidays).between(a, b)


def _calendar(extra_holidays: Iterable[Date]) -> WorkingDays:
    extra = frozenset(extra_holidays)
    return WorkingDays(extra) if extra else ENGLAND_AND_WALES

"""Working-day arithmetic on the official calendar, with 调休 make-up working days.

Counting follows 《民法典》第二百零一条 and the centre's policy in the reference: the start day does
not count; "N working days after D" is the Nth working day after D. `working_days_between(a, b)`
counts the working days d with a < d <= b. A date in a year with no calendar data raises
`CalendarMissing` — deadlines are never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _


class CalendarMissing(ValueError):
    """The calendar has no data for a year a computation needs."""

    def __init__(self, year: int) -> None:
        super().__init__(
            _("%(year)s 年的工作日历尚未导入，无法计算期限。请管理员先导入国务院办公厅公布的 %(year)s 年节假日安排。")
            % {"year": year}
        )
        self.year = year


class WorkCalendar:
    """An in-memory view of covered years: `days` maps each covered date to is-working-day."""

    MAX_SPAN_DAYS = 3 * 366  # no filing deadline is more than a few hundred working days away

    def __init__(self, days: dict[date, bool], years: Iterable[int]) -> None:
        self.days = days
        self.years = frozenset(years)

    @classmethod
    def from_db(cls) -> WorkCalendar:
        from .models import CalendarYear, WorkDay

        years = set(CalendarYear.objects.values_list("year", flat=True))
        days = dict(WorkDay.objects.filter(date__year__in=years).values_list("date", "is_workday"))
        return cls(days, years)

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_workday(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarMissing(day.year)
        try:
            return self.days[day]
        except KeyError:  # a covered year always has every day; a hole is a data error
            raise CalendarMissing(day.year) from None

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after `start` (n >= 1); n == 0 gives `start` itself."""
        if n < 0:
            raise ValueError(_("工作日数不能为负数"))
        day = start
        remaining = n
        steps = 0
        while remaining:
            day += timedelta(days=1)
            steps += 1
            if steps > self.MAX_SPAN_DAYS:
                raise ValueError(_("期限过长，超出可计算范围"))
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > self.MAX_SPAN_DAYS * 10:
            raise ValueError(_("日期跨度过大"))
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        return self.add_working_days(day, 1)

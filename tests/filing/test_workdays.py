"""Working-day arithmetic on the seeded official calendar, including 调休 Saturdays and Sundays."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.filing.workdays import CalendarMissing, WorkCalendar

pytestmark = pytest.mark.django_db  # the module-wide calendar fixture reads the test database

# The reference vectors (filing-rules.md §2.5) must hold exactly.
VECTORS = [
    (date(2025, 9, 30), 3, date(2025, 10, 11)),  # ends on a 调休 Saturday
    (date(2026, 2, 12), 3, date(2026, 2, 24)),  # across Spring Festival
    (date(2026, 9, 18), 5, date(2026, 9, 24)),  # counts Sunday 9/20
    (date(2026, 4, 30), 5, date(2026, 5, 11)),  # counts Saturday 5/9
    (date(2025, 12, 31), 3, date(2026, 1, 6)),  # across a year boundary
]


@pytest.fixture
def calendar(db):
    return WorkCalendar.from_db()


@pytest.mark.parametrize(("start", "n", "due"), VECTORS)
def test_reference_vectors(calendar, start, n, due):
    assert calendar.add_working_days(start, n) == due


def test_2026_has_248_working_days(calendar):
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_make_up_saturday_is_a_working_day_and_a_holiday_weekday_is_not(calendar):
    assert calendar.is_workday(date(2026, 2, 14))  # Saturday, 调休上班
    assert not calendar.is_workday(date(2026, 10, 1))  # Thursday, 国庆节


def test_a_year_without_calendar_data_is_refused_with_a_clear_message(calendar):
    with pytest.raises(CalendarMissing, match="2031 年的工作日历尚未导入"):
        calendar.add_working_days(date(2031, 3, 1), 3)
    with pytest.raises(CalendarMissing):
        calendar.add_working_days(date(2026, 12, 28), 10)  # runs into an unseeded 2027


def test_the_calendar_agrees_with_chinesecalendar_on_every_seeded_day(calendar):
    import chinese_calendar

    for day, is_workday in calendar.days.items():
        assert is_workday == chinese_calendar.is_workday(day), day


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2004, 1, 1), date(2026, 6, 30)), st.integers(1, 40), st.integers(1, 40))
def test_adding_and_counting_agree(calendar_days, start, a, b):
    cal = calendar_days
    first = cal.add_working_days(start, a)
    assert cal.is_workday(first)
    assert cal.working_days_between(start, first) == a
    assert cal.add_working_days(first, b) == cal.add_working_days(start, a + b)


@pytest.fixture(scope="module")
def calendar_days(django_db_setup, django_db_blocker):
    """One calendar load for the property test (it reads only)."""
    with django_db_blocker.unblock():
        return WorkCalendar.from_db()

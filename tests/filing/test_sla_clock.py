"""The SLA clock, computed from the event log: start the day after acceptance, pause for 补正,
resume or restart on resubmission, stop at the decision, deadline at close of business."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.filing.models import SlaPolicy
from microdrama.filing.sla import ClockCalculator
from microdrama.filing.workdays import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db  # the module-wide calendar fixture reads the test database


@dataclass
class Ev:
    action: str
    at: datetime
    pk: int = 0


def at(d: str, hh: int = 10, mm: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(d), time(hh, mm), TZ)


def policy(days: int, on_resubmit: str = "resume") -> SlaPolicy:
    return SlaPolicy(stage="planning", name="初审", working_days=days, on_resubmit=on_resubmit,
                     warn_percentages=[50, 80], open_time=time(9, 0), close_time=time(17, 30),
                     valid_from=date(2024, 1, 1))


@pytest.fixture(scope="module")
def calendar(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return WorkCalendar.from_db()


def clock(calendar, days, events, now, on_resubmit="resume"):
    return ClockCalculator(policy(days, on_resubmit), calendar).compute(events, now)


@pytest.mark.parametrize(("accepted", "days", "due"), [
    ("2025-09-30", 3, "2025-10-11"), ("2026-02-12", 3, "2026-02-24"),
    ("2026-09-18", 5, "2026-09-24"), ("2026-04-30", 5, "2026-05-11"),
])
def test_deadline_is_close_of_business_on_the_nth_working_day(calendar, accepted, days, due):
    c = clock(calendar, days, [Ev("accept", at(accepted, 16))], at(accepted, 16, 30))
    assert c.status == "running"
    assert c.due_at == at(due, 17, 30)
    assert c.used_days == 0 and not c.breached


def test_acceptance_day_does_not_count_even_at_nine_in_the_morning(calendar):
    c = clock(calendar, 3, [Ev("accept", at("2026-03-02", 9, 0))], at("2026-03-02", 17, 45))
    assert c.used_days == 0
    assert c.due_at == at("2026-03-05", 17, 30)


def test_elapsed_grows_through_the_working_day(calendar):
    events = [Ev("accept", at("2026-03-02", 11))]  # Monday
    morning = clock(calendar, 3, events, at("2026-03-03", 9, 0))
    noon = clock(calendar, 3, events, at("2026-03-03", 13, 15))
    evening = clock(calendar, 3, events, at("2026-03-03", 18, 0))
    assert morning.elapsed == 0
    assert noon.elapsed == pytest.approx(0.5)
    assert evening.elapsed == 1
    assert evening.percent == pytest.approx(33.3, abs=0.1)


def test_breach_after_close_of_business_on_the_due_day(calendar):
    events = [Ev("accept", at("2026-03-02", 11))]
    assert not clock(calendar, 3, events, at("2026-03-05", 17, 29)).breached
    assert clock(calendar, 3, events, at("2026-03-05", 17, 31)).breached


def test_revision_request_pauses_the_clock_and_resume_continues_it(calendar):
    events = [Ev("accept", at("2026-03-02", 11)),  # Mon; Tue counts (1)
              Ev("request_revision", at("2026-03-04", 10)),  # Wed: paused during the day, does not count
              Ev("resubmit", at("2026-03-09", 15))]  # next Mon; Tue 10 counts (2), Wed 11 (3)
    paused = clock(calendar, 3, events[:2], at("2026-03-06", 12))
    assert paused.status == "paused" and paused.used_days == 1 and paused.due_at is None
    assert paused.remaining == 2
    resumed = clock(calendar, 3, events, at("2026-03-09", 16))
    assert resumed.status == "running" and resumed.used_days == 1
    assert resumed.due_at == at("2026-03-11", 17, 30)


def test_restart_policy_gives_the_full_period_again_after_resubmission(calendar):
    events = [Ev("accept", at("2026-03-02", 11)), Ev("request_revision", at("2026-03-04", 10)),
              Ev("resubmit", at("2026-03-09", 15))]
    c = clock(calendar, 3, events, at("2026-03-09", 16), on_resubmit="restart")
    assert c.cycle == 2 and c.used_days == 0
    assert c.due_at == at("2026-03-12", 17, 30)


def test_pause_over_a_holiday_and_make_up_day(calendar):
    # Accepted Fri 2026-09-18; Sun 9/20 is a make-up working day and counts.
    events = [Ev("accept", at("2026-09-18", 10))]
    c = clock(calendar, 5, events, at("2026-09-21", 18))
    assert c.used_days == 2  # Sun 20, Mon 21
    assert c.due_at == at("2026-09-24", 17, 30)


def test_decision_stops_the_clock_and_says_whether_it_was_on_time(calendar):
    on_time = clock(calendar, 3, [Ev("accept", at("2026-03-02", 11)), Ev("pass", at("2026-03-05", 16))],
                    at("2026-03-20", 10))
    assert on_time.status == "stopped" and on_time.met is True and not on_time.breached
    assert on_time.due_at == at("2026-03-05", 17, 30)
    late = clock(calendar, 3, [Ev("accept", at("2026-03-02", 11)), Ev("reject", at("2026-03-06", 9, 30))],
                 at("2026-03-20", 10))
    assert late.met is False and late.breached


def test_no_clock_before_acceptance(calendar):
    c = clock(calendar, 3, [Ev("submit", at("2026-03-02", 11))], at("2026-03-10", 10))
    assert c.status == "not_started" and c.due_at is None


def test_events_are_read_in_time_order_whatever_order_they_come_in(calendar):
    events = [Ev("resubmit", at("2026-03-09", 15)), Ev("accept", at("2026-03-02", 11)),
              Ev("request_revision", at("2026-03-04", 10))]
    assert clock(calendar, 3, events, at("2026-03-09", 16)).due_at == at("2026-03-11", 17, 30)


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2024, 6, 1), date(2026, 10, 1)), st.integers(1, 8), st.integers(0, 10), st.integers(1, 15))
def test_pausing_never_brings_the_deadline_forward(calendar, start, days, pause_after, pause_len):
    accept = Ev("accept", at(start.isoformat(), 10))
    plain = clock(calendar, days, [accept], at(start.isoformat(), 11))
    p = date.fromordinal(start.toordinal() + pause_after)
    r = date.fromordinal(p.toordinal() + pause_len)
    if r.year > 2026:
        return
    paused = clock(calendar, days, [accept, Ev("request_revision", at(p.isoformat(), 12)),
                                    Ev("resubmit", at(r.isoformat(), 12))], at(r.isoformat(), 13))
    if paused.due_at is not None and plain.due_at is not None:
        assert paused.due_at >= plain.due_at
    assert calendar.is_workday(plain.due_at.date())

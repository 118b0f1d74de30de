"""The SLA clock of an application, derived on read from its event log (never a stored counter).

Rules (documented for the centre, see filing-rules.md §1.7 and §3.5):
- The clock starts at acceptance (受理) and stops at the decision (通过 / 不予通过).
- A 补正 request pauses it; resubmission resumes it, or restarts it from zero when the stage's
  policy says so.
- Time is counted in whole working days of the official calendar: a working day counts when the
  clock ran through the whole of its business hours. So the day of acceptance never counts (counting
  starts on the next working day), nor does the day of a pause or of a resumption.
- The deadline is close of business on the day the count reaches the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .workdays import WorkCalendar

START_ACTIONS = {"accept"}
PAUSE_ACTIONS = {"request_revision"}
RESUME_ACTIONS = {"resubmit"}
STOP_ACTIONS = {"pass", "reject", "withdraw"}
HORIZON_DAYS = 800  # a projected deadline further than this means something is wrong with the data


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime | None  # None: still running


@dataclass
class Clock:
    target: int
    status: str  # not_started | running | paused | stopped
    cycle: int = 0
    used_days: int = 0  # whole working days counted so far
    elapsed: float = 0.0  # used_days plus the elapsed part of today
    due_at: datetime | None = None
    stopped_at: datetime | None = None
    intervals: list[Interval] = field(default_factory=list)
    warn_at: tuple[int, ...] = (50, 80)  # percentages at which the case manager is warned

    @property
    def remaining(self) -> float:
        return max(0.0, self.target - self.elapsed)

    @property
    def percent(self) -> float:
        return round(100.0 * self.elapsed / self.target, 1) if self.target else 0.0

    @property
    def breached(self) -> bool:
        if self.due_at is None:
            return False
        if self.status == "stopped":
            return self.stopped_at > self.due_at
        return self.status == "running" and self._now > self.due_at

    @property
    def met(self) -> bool | None:
        """For a stopped clock: was the decision on time?"""
        if self.status != "stopped" or self.due_at is None:
            return None
        return self.stopped_at <= self.due_at

    _now: datetime = field(default=None, repr=False)  # type: ignore[assignment]


class ClockCalculator:
    """Computes clocks for one SLA policy on one calendar (reuse it across many applications)."""

    def __init__(self, policy, calendar: WorkCalendar) -> None:
        self.policy = policy
        self.calendar = calendar
        self.tz = ZoneInfo(settings.TIME_ZONE)

    def _open(self, day: date) -> datetime:
        return datetime.combine(day, _as_time(self.policy.open_time), self.tz)

    def _close(self, day: date) -> datetime:
        return datetime.combine(day, _as_time(self.policy.close_time), self.tz)

    def intervals(self, events) -> tuple[list[Interval], int, datetime | None]:
        """Running intervals that count (after restarts, only the latest cycle), cycle, stop time."""
        runs: list[Interval] = []
        cycle = 0
        current: datetime | None = None
        stopped_at = None
        for ev in events:
            if ev.action in START_ACTIONS and current is None and stopped_at is None:
                current, cycle = ev.at, max(cycle, 1)
            elif ev.action in PAUSE_ACTIONS and current is not None:
                runs.append(Interval(current, ev.at))
                current = None
            elif ev.action in RESUME_ACTIONS and current is None and cycle:
                if self.policy.on_resubmit == "restart":
                    runs, cycle = [], cycle + 1
                current = ev.at
            elif ev.action in STOP_ACTIONS and cycle and stopped_at is None:
                if current is not None:
                    runs.append(Interval(current, ev.at))
                    current = None
                stopped_at = ev.at
        if current is not None:
            runs.append(Interval(current, None))
        return runs, cycle, stopped_at

    def _day_counts(self, day: date, runs: list[Interval]) -> bool:
        if not self.calendar.is_workday(day):
            return False
        opening, closing = self._open(day), self._close(day)
        return any(r.start <= opening and (r.end is None or r.end >= closing) for r in runs)

    def compute(self, events, now: datetime) -> Clock:
        events = sorted(events, key=lambda e: (e.at, e.pk or 0))
        runs, cycle, stopped_at = self.intervals(events)
        target = self.policy.working_days
        warn_at = tuple(sorted(int(p) for p in self.policy.warn_percentages or ()))
        if not cycle:
            return Clock(target=target, status="not_started", warn_at=warn_at, _now=now)
        running = bool(runs) and runs[-1].end is None
        status = "stopped" if stopped_at else "running" if running else "paused"
        clock = Clock(target=target, status=status, cycle=cycle, stopped_at=stopped_at, intervals=runs,
                      warn_at=warn_at, _now=now)
        if not runs:  # restarted and paused again before anything counted
            return clock
        as_of = stopped_at or now
        # Past: count whole days actually covered. Future: project the last interval onwards, which
        # for a stopped clock gives the deadline that applied at the moment of the decision.
        projected = [*runs[:-1], Interval(runs[-1].start, None)] if status != "paused" else runs
        day = runs[0].start.astimezone(self.tz).date()
        counted = 0
        for _ in range(HORIZON_DAYS):
            day += timedelta(days=1)
            if self._close(day) <= as_of:
                if self._day_counts(day, runs):
                    counted += 1
                    clock.used_days = counted
            elif status == "paused":
                break
            elif self._day_counts(day, projected):
                counted += 1
            if counted >= target and clock.due_at is None and status != "paused":
                clock.due_at = self._close(day)
            if clock.due_at is not None and self._close(day) > as_of:
                break
        clock.elapsed = clock.used_days + self._partial_today(as_of, runs)
        return clock

    def _partial_today(self, as_of: datetime, runs: list[Interval]) -> float:
        """Fraction of today's business hours elapsed, if today is a day that is counting."""
        today = as_of.astimezone(self.tz).date()
        opening, closing = self._open(today), self._close(today)
        if not (opening < as_of < closing) or not self.calendar.is_workday(today):
            return 0.0
        running_today = any(r.start <= opening and (r.end is None or r.end >= as_of) for r in runs)
        if not running_today:
            return 0.0
        return (as_of - opening) / (closing - opening)


def _as_time(value) -> time:
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))

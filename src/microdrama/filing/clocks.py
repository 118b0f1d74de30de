"""SLA clocks for applications: the policy in force, the clock on read, and its badge."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Application, SlaPolicy
from .sla import Clock, ClockCalculator
from .workdays import CalendarMissing, WorkCalendar


def policy_for(stage: str, on: date | None = None) -> SlaPolicy | None:
    on = on or timezone.localdate()
    return SlaPolicy.objects.filter(stage=stage, valid_from__lte=on).order_by("-valid_from", "-created_at").first()


class Clocks:
    """Computes many clocks with one calendar load (a page of cases, the periodic sweep)."""

    def __init__(self, calendar: WorkCalendar | None = None, now: datetime | None = None) -> None:
        self.calendar = calendar or WorkCalendar.from_db()
        self.now = now or timezone.now()
        self._calculators: dict[int, ClockCalculator] = {}

    def for_application(self, app: Application) -> Clock | None:
        """The clock, or None when the stage has no policy; raises CalendarMissing when data is missing."""
        accepted = next((e for e in app.events.all() if e.action == "accept"), None)
        policy = policy_for(app.stage, timezone.localdate(accepted.at) if accepted else None)
        if policy is None:
            return None
        calc = self._calculators.get(policy.pk)
        if calc is None:
            calc = self._calculators[policy.pk] = ClockCalculator(policy, self.calendar)
        return calc.compute(list(app.events.all()), self.now)

    def safe(self, app: Application) -> tuple[Clock | None, str]:
        """(clock, problem): the problem text when the calendar cannot answer."""
        try:
            return self.for_application(app), ""
        except CalendarMissing as exc:
            return None, str(exc)


def badge(clock: Clock | None) -> tuple[str, str]:
    """(css class, label) for a clock shown in lists."""
    if clock is None or clock.status == "not_started":
        return "status-muted", _("未计时")
    if clock.status == "stopped":
        return ("status-ok", _("按时办结")) if clock.met else ("status-err", _("超时办结"))
    if clock.status == "paused":
        return "status-info", _("补正中 · 剩 %(d).1f 个工作日") % {"d": clock.remaining}
    if clock.breached:
        return "status-err", _("已超时")
    if clock.due_at and timezone.localdate(clock.due_at) == timezone.localdate():
        return "status-warn", _("今日到期")
    if clock.percent >= 80:
        return "status-warn", _("剩 %(d).1f 个工作日") % {"d": clock.remaining}
    return "status-ok", _("剩 %(d).1f 个工作日") % {"d": clock.remaining}

"""Background work of the filing centre: the technical pre-check of uploaded episodes, the SLA
sweep that warns case managers exactly once per threshold, and the yearly calendar reminder."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.accounts.roles import Role
from microdrama.hub.notifications import notify

from .clocks import Clocks
from .models import Application, ApplicationEvent, CalendarYear, Episode
from .models.applications import CLOCK_STATES, State

log = logging.getLogger(__name__)


@shared_task(name="microdrama.filing.tasks.precheck_episode", bind=True, acks_late=True, max_retries=2)
def precheck_episode(self, episode_id: int) -> str:
    """Run the technical pre-check of one episode; safe to run again (it just redoes the check)."""
    from microdrama.media.errors import MediaError
    from microdrama.media.qc import check_cut

    episode = Episode.objects.select_related("application__drama").filter(pk=episode_id).first()
    if episode is None:
        return "gone"
    drama = episode.application.drama
    Episode.objects.filter(pk=episode.pk).update(qc_status=Episode.QC.RUNNING, qc_progress=0.0)

    def progress(fraction: float) -> None:
        Episode.objects.filter(pk=episode.pk).update(qc_progress=round(fraction, 3))

    declared = float(drama.minutes_per_episode) * 60
    try:
        report = check_cut(episode.file.path, declared_duration=declared, progress=progress)
    except MediaError as exc:
        Episode.objects.filter(pk=episode.pk).update(
            qc_status=Episode.QC.ERROR, qc_progress=1.0,
            qc_report={"error": str(exc), "code": exc.code, "passed": False},
        )
        return "error"
    data = report.as_dict()
    # The opening titles must show the planning number (规划备案号): say whether OCR read it there.
    planning = drama.applications.filter(stage="planning", state="numbered").exclude(number=None).first()
    if planning and report.text_method.startswith("ocr"):
        data["filing_number_shown"] = report.shows_text(planning.number)
        data["filing_number"] = planning.number
    status = Episode.QC.PASSED if report.passed and not report.warnings else (
        Episode.QC.WARNINGS if report.passed else Episode.QC.FAILED)
    Episode.objects.filter(pk=episode.pk).update(qc_status=status, qc_progress=1.0, qc_report=data,
                                                 duration=data.get("probe", {}).get("duration") or episode.duration)
    return status


def _leads() -> list[User]:
    return list(User.objects.filter(is_active=True, role_grants__role=Role.CASE_LEAD))


@shared_task(name="microdrama.filing.tasks.sweep_sla_clocks", acks_late=True)
def sweep_sla_clocks() -> dict:
    """Warn at each threshold, on the due day and at breach — each exactly once per clock cycle —
    and escalate a breach to the team leads. Safe to run as often as beat likes."""
    clocks = Clocks()
    sent = {"warnings": 0, "due": 0, "breaches": 0, "calendar": 0}
    apps = (Application.objects.filter(state__in=CLOCK_STATES | {State.NEEDS_REVISION})
            .select_related("drama", "case_manager")
            .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk"))))
    for app in apps:
        clock, problem = clocks.safe(app)
        url = reverse("filing:drama", args=[app.drama_id])
        if problem:
            sent["calendar"] += len(notify([app.case_manager], f"sla:{app.pk}:calendar:{timezone.localdate()}",
                                           _("无法计算期限：%(drama)s") % {"drama": app.drama}, problem, url,
                                           level="danger"))
            continue
        if clock is None or clock.status != "running":
            continue
        key = f"sla:{app.pk}:cycle{clock.cycle}"
        for pct in clock.warn_at:
            if clock.percent >= pct and not clock.breached:
                sent["warnings"] += len(notify(
                    [app.case_manager], f"{key}:{pct}",
                    _("%(drama)s 已用去 %(pct)s%% 时限") % {"drama": app.drama, "pct": pct},
                    _("%(stage)s：%(used).1f / %(target)s 个工作日，截止 %(due)s。") % {
                        "stage": app.get_stage_display(), "used": clock.elapsed, "target": clock.target,
                        "due": timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")},
                    url, level="warning"))
        if clock.due_at and timezone.localdate(clock.due_at) == timezone.localdate() and not clock.breached:
            sent["due"] += len(notify([app.case_manager], f"{key}:due",
                                      _("%(drama)s 今日到期") % {"drama": app.drama},
                                      _("请在今天下班前出具意见。"), url, level="warning"))
        if clock.breached:
            body = _("%(stage)s已超过 %(target)s 个工作日时限（截止 %(due)s）。") % {
                "stage": app.get_stage_display(), "target": clock.target,
                "due": timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")}
            sent["breaches"] += len(notify([app.case_manager, *_leads()], f"{key}:breach",
                                           _("已超时：%(drama)s") % {"drama": app.drama}, body, url, level="danger"))
            if not app.events.filter(action="escalate", data__cycle=clock.cycle).exists():
                ApplicationEvent.objects.create(application=app, action="escalate", from_state=app.state,
                                                to_state=app.state, at=timezone.now(), reason=body,
                                                data={"cycle": clock.cycle, "to": [u.username for u in _leads()]})
    return sent


def next_year_missing(today: date | None = None) -> int | None:
    """From 1 December, the next year if its calendar has not been imported yet."""
    today = today or timezone.localdate()
    if today.month == 12 and not CalendarYear.objects.filter(year=today.year + 1).exists():
        return today.year + 1
    return None


@shared_task(name="microdrama.filing.tasks.warn_missing_next_year", acks_late=True)
def warn_missing_next_year() -> int:
    year = next_year_missing()
    if year is None:
        return 0
    admins = User.objects.filter(is_active=True).filter(role_grants__role=Role.ADMIN) | User.objects.filter(
        is_active=True, is_superuser=True)
    return len(notify(admins.distinct(), f"calendar-missing:{year}:{timezone.localdate()}",
                      _("%(year)s 年工作日历尚未导入") % {"year": year},
                      _("请导入国务院办公厅公布的 %(year)s 年节假日安排，否则跨年期限将无法计算。") % {"year": year},
                      reverse("filing:calendar"), level="warning"))


STUCK_AFTER_MINUTES = 20


@shared_task(name="microdrama.filing.tasks.requeue_stuck_prechecks", acks_late=True)
def requeue_stuck_prechecks() -> int:
    """A pre-check whose worker died (the embedded filesystem broker cannot hand an unacknowledged
    task back) would block submission forever; queue it again. The check is idempotent."""
    from datetime import timedelta

    stuck = Episode.objects.filter(qc_status__in=[Episode.QC.PENDING, Episode.QC.RUNNING],
                                   uploaded_at__lt=timezone.now() - timedelta(minutes=STUCK_AFTER_MINUTES))
    ids = list(stuck.values_list("pk", flat=True))
    for pk in ids:
        precheck_episode.delay(pk)
    return len(ids)

"""SLA figures for the dashboard: compliance with the notice (≤ 2 h) and takedown (≤ 24 h) clocks,
and the distributions of time to notice and time to takedown, per platform and per month."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from statistics import median

from django.utils import timezone

from .models import Case, Policy

NOTICE_BINS = [
    (0, 5, "≤5 分钟"),
    (5, 15, "5–15 分钟"),
    (15, 30, "15–30 分钟"),
    (30, 60, "30–60 分钟"),
    (60, 120, "1–2 小时"),
    (120, None, ">2 小时"),
]
DAYS = 30  # the daily chart's window
TAKEDOWN_BINS = [
    (0, 1, "≤1 小时"),
    (1, 3, "1–3 小时"),
    (3, 6, "3–6 小时"),
    (6, 12, "6–12 小时"),
    (12, 24, "12–24 小时"),
    (24, None, ">24 小时"),
]


def _histogram(values: list[float], bins) -> list[dict]:
    out = []
    for low, high, label in bins:
        out.append(
            {"label": label, "count": sum(1 for v in values if v >= low and (high is None or v < high))}
        )
    return out


def _p(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _rate(met: int, total: int) -> float | None:
    return met / total if total else None


def figures(cases, now=None) -> dict:
    now = now or timezone.now()
    policy = Policy.current()
    notice_limit = float(policy.notice_hours) * 60
    cases = list(cases.select_related("platform"))
    ttn = [c.time_to_notice / 60 for c in cases if c.time_to_notice is not None]  # minutes
    ttt = [c.time_to_takedown / 3600 for c in cases if c.time_to_takedown is not None]  # hours
    # the notice clock applies to every confirmed case (auto or reviewed); rejected ones never needed a letter
    needs_notice = [c for c in cases if c.confirmed_at and c.resolution != Case.Resolution.NOT_INFRINGING]
    notice_met = sum(1 for c in needs_notice if c.notice_sent_at and c.notice_sent_at <= c.notice_due_at)
    notice_due = sum(1 for c in needs_notice if c.notice_sent_at or c.notice_due_at <= now)
    noticed = [c for c in cases if c.notice_sent_at and c.takedown_due_at]
    takedown_met = sum(
        1
        for c in noticed
        if (c.taken_down_at or c.disappeared_at)
        and (c.taken_down_at or c.disappeared_at) <= c.takedown_due_at
    )
    takedown_due = sum(
        1 for c in noticed if (c.taken_down_at or c.disappeared_at) or c.takedown_due_at <= now
    )
    by_platform: dict[str, dict] = defaultdict(
        lambda: {"cases": 0, "notices": 0, "taken_down": 0, "disputed": 0, "overdue": 0, "ttt": []}
    )
    for c in cases:
        row = by_platform[(c.platform.short_name or c.platform.name) if c.platform else "—"]
        row["cases"] += 1
        row["notices"] += bool(c.notice_sent_at)
        row["taken_down"] += bool(c.taken_down_at or c.disappeared_at)
        row["disputed"] += bool(c.dispute_reason)
        row["overdue"] += bool(
            c.takedown_due_at
            and c.takedown_due_at <= now
            and not (c.taken_down_at or c.disappeared_at)
            and c.state != Case.State.CLOSED
        )
        if c.time_to_takedown is not None:
            row["ttt"].append(c.time_to_takedown / 3600)
    platforms = [
        {
            "name": name,
            **{k: v for k, v in row.items() if k != "ttt"},
            "median_hours": round(median(row["ttt"]), 1) if row["ttt"] else None,
        }
        for name, row in sorted(by_platform.items())
    ]
    days: dict[str, Counter] = {
        timezone.localtime(now - timedelta(days=d)).strftime("%m-%d"): Counter()
        for d in range(DAYS - 1, -1, -1)
    }
    for c in cases:
        for moment, key in ((c.detected_at, "detected"), (c.closed_at, "closed")):
            day = timezone.localtime(moment).strftime("%m-%d") if moment else None
            if day in days:
                days[day][key] += 1
    return {
        "total": len(cases),
        "by_state": dict(Counter(c.state for c in cases)),
        "open": sum(1 for c in cases if c.state != Case.State.CLOSED),
        "notice": {
            "met": notice_met,
            "due": notice_due,
            "rate": _rate(notice_met, notice_due),
            "median_minutes": round(median(ttn), 1) if ttn else None,
            "p90_minutes": round(_p(ttn, 0.9), 1) if ttn else None,
            "limit_minutes": notice_limit,
            "histogram": _histogram(ttn, NOTICE_BINS),
        },
        "takedown": {
            "met": takedown_met,
            "due": takedown_due,
            "rate": _rate(takedown_met, takedown_due),
            "median_hours": round(median(ttt), 1) if ttt else None,
            "p90_hours": round(_p(ttt, 0.9), 1) if ttt else None,
            "limit_hours": float(policy.takedown_hours),
            "histogram": _histogram(ttt, TAKEDOWN_BINS),
        },
        "platforms": platforms,
        "days": {d: dict(c) for d, c in days.items()},
        "auto_confirmed": sum(1 for c in cases if c.auto_confirmed),
        "reviewed": sum(1 for c in cases if c.reviewed_by_id),
    }

"""The centre's statistics, straight out of the system: received, passed per stage, SLA compliance,
working days spent, open cases per case manager — by month, tier and company."""

from __future__ import annotations

import statistics as pystats
from collections import Counter, defaultdict
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from .clocks import Clocks
from .models import Application, ApplicationEvent, Stage, State
from .models.applications import OPEN_STATES
from .workdays import CalendarMissing

PASSED_STATES = {State.PASSED, State.REPORTED, State.NUMBERED}


def _month(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m")


def _percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 2)


def compute(start: date | None = None, end: date | None = None, company_id: int | None = None) -> dict:
    apps = (Application.objects.exclude(submitted_at=None).select_related("drama__company", "case_manager")
            .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk"))))
    if start:
        apps = apps.filter(submitted_at__date__gte=start)
    if end:
        apps = apps.filter(submitted_at__date__lte=end)
    if company_id:
        apps = apps.filter(drama__company_id=company_id)
    clocks = Clocks()
    by_month: dict[str, Counter] = defaultdict(Counter)
    by_tier: dict[str, Counter] = defaultdict(Counter)
    by_company: dict[str, Counter] = defaultdict(Counter)
    spent: dict[str, list[float]] = {Stage.PLANNING: [], Stage.ONLINE: []}
    sla: dict[str, Counter] = {Stage.PLANNING: Counter(), Stage.ONLINE: Counter()}
    open_by_manager: Counter = Counter()
    totals = Counter()
    for app in apps:
        passed = app.state in PASSED_STATES
        key_passed = f"{app.stage}_passed"
        totals["received"] += 1
        by_month[_month(app.submitted_at)]["received"] += 1
        by_tier[app.tier or "unclassified"]["received"] += 1
        by_company[app.drama.company.name]["received"] += 1
        if passed:
            totals[key_passed] += 1
            by_month[_month(app.decided_at or app.submitted_at)][key_passed] += 1
            by_tier[app.tier or "unclassified"][key_passed] += 1
            by_company[app.drama.company.name][key_passed] += 1
        if app.state in OPEN_STATES:
            open_by_manager[str(app.case_manager or "—")] += 1
        try:
            clock = clocks.for_application(app)
        except CalendarMissing:
            continue
        if clock is None:
            continue
        if clock.status == "stopped" and clock.met is not None:
            sla[app.stage]["met" if clock.met else "missed"] += 1
            spent[app.stage].append(round(clock.elapsed, 2))
        elif clock.breached:
            sla[app.stage]["open_breached"] += 1
    compliance = {
        stage: {
            **counts,
            "rate": round(counts["met"] / (counts["met"] + counts["missed"]), 3) if counts["met"] + counts["missed"] else None,
        }
        for stage, counts in sla.items()
    }
    return {
        "totals": {"received": totals["received"], "planning_passed": totals["planning_passed"],
                   "online_passed": totals["online_passed"]},
        "by_month": {m: dict(c) for m, c in sorted(by_month.items())},
        "by_tier": {t: dict(c) for t, c in by_tier.items()},
        "by_company": {n: dict(c) for n, c in sorted(by_company.items(), key=lambda kv: -kv[1]["received"])},
        "sla": compliance,
        "working_days": {stage: {"n": len(v), "median": round(pystats.median(v), 2) if v else None,
                                 "p90": _percentile(v, 90)} for stage, v in spent.items()},
        "open_by_case_manager": dict(open_by_manager.most_common()),
    }


def monthly_rows(figures: dict) -> list[list]:
    rows = [["month", "received", "planning_passed", "online_passed"]]
    for month, counts in figures["by_month"].items():
        rows.append([month, counts.get("received", 0), counts.get("planning_passed", 0), counts.get("online_passed", 0)])
    return rows

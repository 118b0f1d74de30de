"""How much monitoring looks at and how fast: candidates, bytes and seconds of video per day, and
the lag from discovery to a match decision (and from publication to discovery, where known)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from statistics import median

from django.db.models import Count, Sum
from django.utils import timezone

from .models import Candidate, Run


def _p(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(days: int = 14, source=None) -> dict:
    now = timezone.now()
    since = now - timedelta(days=days)
    candidates = Candidate.objects.filter(discovered_at__gte=since)
    runs = Run.objects.filter(started_at__gte=since)
    if source is not None:
        candidates, runs = candidates.filter(source=source), runs.filter(source=source)
    per_day: dict[str, dict] = defaultdict(
        lambda: {"candidates": 0, "bytes": 0, "seconds": 0.0, "matched": 0}
    )
    lags, publish_lags = [], []
    for c in candidates.only("discovered_at", "size", "duration", "status", "matched_at", "published_at"):
        day = timezone.localtime(c.discovered_at).strftime("%m-%d")
        row = per_day[day]
        row["candidates"] += 1
        row["bytes"] += c.size or 0
        row["seconds"] += c.duration or 0.0
        row["matched"] += c.status == Candidate.Status.MATCHED
        if c.matched_at:
            lags.append((c.matched_at - c.discovered_at).total_seconds())
        if c.published_at and c.published_at <= c.discovered_at:
            publish_lags.append((c.discovered_at - c.published_at).total_seconds())
    totals = candidates.aggregate(bytes=Sum("size"), seconds=Sum("duration"), n=Count("pk"))
    by_status = dict(candidates.values_list("status").annotate(n=Count("pk")))
    days_axis = [
        timezone.localtime(now - timedelta(days=d)).strftime("%m-%d") for d in range(days - 1, -1, -1)
    ]
    return {
        "days": days,
        "candidates": totals["n"] or 0,
        "bytes": totals["bytes"] or 0,
        "video_hours": round((totals["seconds"] or 0) / 3600, 2),
        "by_status": by_status,
        "matched": by_status.get(Candidate.Status.MATCHED, 0),
        "runs": runs.count(),
        "failed_runs": runs.filter(status=Run.Status.FAILED).count(),
        "lag_median": round(median(lags), 1) if lags else None,
        "lag_p90": round(_p(lags, 0.9), 1) if lags else None,
        "publish_lag_median": round(median(publish_lags) / 60, 1) if publish_lags else None,
        "backlog": Candidate.objects.filter(status__in=Candidate.OPEN).count(),
        "per_day": [
            {"day": d, **per_day.get(d, {"candidates": 0, "bytes": 0, "seconds": 0.0, "matched": 0})}
            for d in days_axis
        ],
    }

"""Recording and reading heartbeats of workers and beat, and the platform's health report."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from .models import Heartbeat


def record_worker(hostname: str) -> None:
    # A locked SQLite file must not kill the worker's timer; the next beat will get through.
    with contextlib.suppress(OperationalError):
        Heartbeat.objects.update_or_create(
            name=hostname, defaults={"kind": Heartbeat.Kind.WORKER, "last_seen": timezone.now()}
        )


def record_beat() -> None:
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"kind": Heartbeat.Kind.BEAT, "last_seen": timezone.now()}
    )


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "engine": connection.vendor}
    except Exception as exc:
        return {"ok": False, "engine": connection.vendor, "error": str(exc)}


def _check_broker() -> dict:
    from .celery import app

    url = app.conf.broker_url
    scheme = url.split("://", 1)[0]
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return {"ok": True, "transport": scheme}
    except Exception as exc:
        return {"ok": False, "transport": scheme, "error": str(exc)}


def _check_processes() -> tuple[dict, dict]:
    stale_after = timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    now = timezone.now()
    workers = []
    beat: dict = {"ok": False, "last_seen": None}
    try:
        beats = list(Heartbeat.objects.all())
    except Exception:
        beats = []
    for hb in beats:
        alive = now - hb.last_seen <= stale_after
        if hb.kind == Heartbeat.Kind.WORKER:
            workers.append({"name": hb.name, "alive": alive, "last_seen": hb.last_seen.isoformat()})
        else:
            beat = {"ok": alive, "last_seen": hb.last_seen.isoformat()}
    alive_workers = [w for w in workers if w["alive"]]
    return {"ok": bool(alive_workers), "alive": len(alive_workers), "workers": workers}, beat


def health_report() -> dict:
    """Database, broker, worker and beat liveness, each with ok/error; `ok` only if all are."""
    database = _check_database()
    broker = _check_broker()
    workers, beat = _check_processes()
    return {
        "ok": database["ok"] and broker["ok"] and workers["ok"],
        "database": database,
        "broker": broker,
        "workers": workers,
        "beat": beat,
        "time": timezone.now().isoformat(),
    }

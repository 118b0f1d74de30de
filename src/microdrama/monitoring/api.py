"""Monitoring API for the copyright centre: sources, their runs and logs, run a source now."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from . import services
from .models import Run, Source
from .models.access import is_monitoring_staff

router = Router(tags=["monitoring"])


def _staff(request):
    if not is_monitoring_staff(request.auth):
        raise HttpError(403, "只有版权中心的版权专员可以使用监测接口")
    return request.auth


class SourceOut(Schema):
    id: int
    name: str
    kind: str
    platform: str | None
    target: str
    enabled: bool
    interval_minutes: int
    next_run_at: datetime | None
    last_run_at: datetime | None
    consecutive_failures: int
    credential_env: str


class LogOut(Schema):
    at: datetime
    level: str
    message: str
    url: str
    code: str


class RunOut(Schema):
    id: int
    source_id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    found: int
    new: int
    duplicates: int
    errors: int
    message: str


class RunDetailOut(RunOut):
    log: list[LogOut]


def _source(s: Source) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "platform": s.platform.name if s.platform else None,
        "target": s.target,
        "enabled": s.enabled,
        "interval_minutes": s.interval_minutes,
        "next_run_at": s.next_run_at,
        "last_run_at": s.last_run_at,
        "consecutive_failures": s.consecutive_failures,
        "credential_env": s.credential_env,
    }


@router.get("/sources", response=list[SourceOut])
def list_sources(request):
    return [_source(s) for s in Source.objects.visible_to(_staff(request)).select_related("platform")]


@router.get("/sources/{source_id}/runs", response=list[RunOut])
def list_runs(request, source_id: int):
    source = get_object_or_404(Source.objects.visible_to(_staff(request)), pk=source_id)
    return list(source.runs.all()[:100])


@router.post("/sources/{source_id}/run", response={202: RunOut})
def run_source(request, source_id: int):
    source = get_object_or_404(Source.objects.visible_to(_staff(request)), pk=source_id)
    return Status(202, services.run_now(source, trigger="api"))


@router.get("/runs/{run_id}", response=RunDetailOut)
def get_run(request, run_id: int):
    run = get_object_or_404(Run.objects.visible_to(_staff(request)), pk=run_id)
    return {
        **{f: getattr(run, f) for f in RunOut.model_fields if f != "source_id"},
        "source_id": run.source_id,
        "log": list(run.log.values("at", "level", "message", "url", "code")),
    }

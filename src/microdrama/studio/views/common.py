"""What every project page shares: fetching the project the person may see (404 otherwise), the
engine's view of it, each stage's state, and the job panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from microdrama.accounts.access import get_visible_or_404
from microdrama.accounts.roles import Role
from microdrama.creation.backends import BackendConfigError, Backends
from microdrama.creation.pipeline import EDITABLE, UPSTREAM, Stage
from microdrama.creation.project import Project

from .. import engine
from ..models import StudioJob, StudioProject
from ..services.jobs import stalled
from ..services.projects import open_project

STUDIO_ROLES = (Role.CREATOR,)


def get_project(request, pk: int) -> StudioProject:
    return get_visible_or_404(StudioProject.objects.select_related("company", "drama"), request.user, pk=pk)


def backends_or_default(request=None) -> Backends:
    try:
        return engine.studio_backends()
    except BackendConfigError as exc:
        if request is not None:
            messages.error(request, _("后端配置有误，暂按离线默认显示：%(e)s") % {"e": exc})
        return Backends()


@dataclass
class StageRow:
    stage: Stage
    label: str
    help: str
    state: str  # missing / stale / edited / fresh
    edited: bool
    stale: bool
    ready: bool  # its upstream outputs exist, so it can run
    editable: bool
    produced_by: str
    updated_at: datetime.datetime | None

    @property
    def css(self) -> str:
        return {"fresh": "status-ok", "edited": "status-info", "stale": "status-warn"}.get(
            self.state, "status-muted"
        )

    @property
    def state_label(self) -> str:
        labels = {"missing": _("未生成"), "stale": _("需重跑"), "edited": _("人工修改"), "fresh": _("最新")}
        return labels[self.state]


def _when(iso: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def stage_rows(engine_project: Project, backends: Backends) -> list[StageRow]:
    rows = []
    for status in engine_project.status(backends):
        if not status.exists:
            state = "missing"
        elif status.stale:
            state = "stale"
        elif status.edited:
            state = "edited"
        else:
            state = "fresh"
        ready = all(engine_project.path(s).is_file() for s in UPSTREAM[status.stage])
        rows.append(
            StageRow(
                status.stage,
                str(engine.STAGE_LABELS[status.stage]),
                str(engine.STAGE_HELP[status.stage]),
                state,
                status.edited,
                status.stale and status.exists,
                ready,
                status.stage in EDITABLE,
                status.produced_by,
                _when(status.updated_at),
            )
        )
    return rows


def jobs_context(project: StudioProject) -> dict:
    jobs = list(project.jobs.select_related("created_by")[:8])
    for job in jobs:
        job.is_stalled = stalled(job)
        job.summary = job_summary(job) if job.status == StudioJob.Status.DONE else ""
    return {"jobs": jobs, "active_jobs": [j for j in jobs if j.active]}


def project_context(request, project: StudioProject, tab: str) -> tuple[Project, dict]:
    engine_project = open_project(project)
    return engine_project, {"project": project, "tab": tab, **jobs_context(project)}


def back(request, default: str):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def job_summary(job: StudioJob) -> str:
    """A one-line summary of what a finished job did (shown in the job list)."""
    result = job.result or {}
    if "changed_shots" in result:
        changed = result["changed_shots"]
        if not changed:
            return _("所有镜头均取自缓存，没有重新渲染")
        return _("渲染了 %(n)s 个镜头（%(ids)s），%(reused)s 个取自缓存") % {
            "n": len(changed),
            "ids": "、".join(changed[:6]) + ("……" if len(changed) > 6 else ""),
            "reused": result.get("reused_shots", 0),
        }
    if "episodes" in result:
        good = sum(1 for e in result["episodes"].values() if e.get("labelled"))
        return _("%(good)s/%(n)s 集标识齐全") % {"good": good, "n": len(result["episodes"])}
    return ""

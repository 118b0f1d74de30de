"""AI lab endpoints under /api/v1/studio: projects (list, create, status), jobs (start, status) and
export links.

Every single-object lookup goes through `visible_to`, so another company's project or job answers
404. Bad input answers 422 with the Chinese message(s); a person without the creator role, 403.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from microdrama.accounts.access import has_role
from microdrama.accounts.roles import Role
from microdrama.creation.backends import BackendConfigError, Backends

from . import engine
from .models import StudioJob, StudioProject
from .services import jobs as job_service
from .services import projects as project_service

router = Router(tags=["studio"])


class ProjectIn(Schema):
    # loose types on purpose: the service checks them and answers in Chinese
    premise: str = ""
    genre: str = ""
    episodes: int | float | str = 2
    hook_seconds: int | float | str = 3
    seed: int | float | str = 7


class ProjectOut(Schema):
    id: int
    uid: str
    title: str
    premise: str
    genre: str
    episodes: int
    drama_id: int | None
    url: str
    created_at: datetime
    updated_at: datetime


class StageOut(Schema):
    stage: str
    label: str
    state: str
    edited: bool
    stale: bool
    produced_by: str
    updated_at: str


class JobIn(Schema):
    kind: str
    stage: str = ""
    episode: int | None = None
    shot: int | None = None
    force: bool = False


class JobOut(Schema):
    id: int
    project_id: int
    kind: str
    title: str
    stage: str
    episode: int | None
    shot: int | None
    force: bool
    status: str
    fraction: float
    message: str
    error: str
    error_code: str
    result: dict
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ProjectStatusOut(Schema):
    project: ProjectOut
    stages: list[StageOut]
    jobs: list[JobOut]


class FileOut(Schema):
    kind: str
    path: str
    url: str


class ExportsOut(Schema):
    files: list[FileOut]
    episodes: list[FileOut]


def _creator(request):
    user = request.auth
    if not has_role(user, Role.CREATOR):
        raise HttpError(403, _("只有创作者可以使用 AI 创作实验室"))
    return user


def _project(request, project_id: int) -> StudioProject:
    return get_object_or_404(StudioProject.objects.visible_to(_creator(request)), pk=project_id)


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc


def _project_out(p: StudioProject) -> dict:
    return {
        "id": p.pk,
        "uid": p.uid,
        "title": str(p),
        "premise": p.premise,
        "genre": p.genre,
        "episodes": p.episodes,
        "drama_id": p.drama_id,
        "url": p.get_absolute_url(),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _job_out(j: StudioJob) -> dict:
    return {
        "id": j.pk,
        "project_id": j.project_id,
        "kind": j.kind,
        "title": j.title,
        "stage": j.stage,
        "episode": j.episode,
        "shot": j.shot,
        "force": j.force,
        "status": j.status,
        "fraction": j.fraction,
        "message": j.message,
        "error": j.error,
        "error_code": j.error_code,
        "result": j.result or {},
        "attempts": j.attempts,
        "created_at": j.created_at,
        "started_at": j.started_at,
        "finished_at": j.finished_at,
    }


@router.get("/projects", response=list[ProjectOut])
def list_projects(request):
    """The creator's company's projects, newest first."""
    return [_project_out(p) for p in StudioProject.objects.visible_to(_creator(request))]


@router.post("/projects", response={201: ProjectOut})
def create_project(request, payload: ProjectIn):
    """A new project from a premise (genre, episodes 1–100, hook 3–8 s, seed)."""
    project = _call(project_service.create_project, _creator(request), **payload.dict())
    return Status(201, _project_out(project))


@router.get("/projects/{project_id}", response=ProjectStatusOut)
def project_status(request, project_id: int):
    """Each stage's state (missing / stale / edited / fresh) and the latest jobs."""
    project = _project(request, project_id)
    engine_project = _call(project_service.open_project, project)
    try:
        backends = engine.studio_backends()
    except BackendConfigError:
        backends = Backends()
    stages = []
    for s in engine_project.status(backends):
        state = "missing" if not s.exists else "stale" if s.stale else "edited" if s.edited else "fresh"
        stages.append(
            {
                "stage": s.stage.value,
                "label": str(engine.STAGE_LABELS[s.stage]),
                "state": state,
                "edited": s.edited,
                "stale": s.stale and s.exists,
                "produced_by": s.produced_by,
                "updated_at": s.updated_at,
            }
        )
    return {
        "project": _project_out(project),
        "stages": stages,
        "jobs": [_job_out(j) for j in project.jobs.all()[:20]],
    }


@router.post("/projects/{project_id}/jobs", response={201: JobOut, 200: JobOut})
def start_job(request, project_id: int, payload: JobIn):
    """Queue a job: kind "stage" (with stage), "all" (optional stage = last stage), "shot" (episode and
    shot) or "labels". An identical job already queued or running is returned (200) instead."""
    project = _project(request, project_id)
    before = set(project.jobs.active().values_list("pk", flat=True))
    job = _call(
        job_service.start_job,
        request.auth,
        project,
        payload.kind,
        stage=payload.stage,
        episode=payload.episode,
        shot=payload.shot,
        force=payload.force,
    )
    return Status(200 if job.pk in before else 201, _job_out(job))


@router.get("/jobs/{job_id}", response=JobOut)
def job_status(request, job_id: int):
    return _job_out(get_object_or_404(StudioJob.objects.visible_to(_creator(request)), pk=job_id))


@router.get("/projects/{project_id}/exports", response=ExportsOut)
def export_links(request, project_id: int):
    """Download links of the exported files and the rendered episodes (empty until they exist)."""
    project = _project(request, project_id)
    engine_project = _call(project_service.open_project, project)

    def link(kind: str, path: str) -> dict:
        return {
            "kind": kind,
            "path": path,
            "url": reverse("studio:file", args=[project.pk, path]) + "?download=1",
        }

    files = []
    manifest = engine_project.exports()
    if manifest is not None:
        files = [
            link("fountain", manifest.fountain),
            link("shot_list_csv", manifest.shot_list_csv),
            link("shot_list_xlsx", manifest.shot_list_xlsx),
            link("storyboard_pdf", manifest.storyboard_pdf),
            link("series_timeline", manifest.series_timeline),
        ] + [link("timeline", t) for t in manifest.timelines]
    renders = engine_project.renders()
    episodes = [link(f"episode_{e.number}", e.video) for e in renders.episodes] if renders else []
    return {"files": files, "episodes": episodes}

"""Background jobs on a project: starting one (a Celery task per job, queued after the request's
transaction commits), running it (the task's body: progress into the job row, the engine's
errors into a Chinese message), and retrying one that failed or whose worker died.

Why it is safe to run a job twice: the engine skips a stage whose inputs did not change and
renders from a content-addressed cache, so a redelivered job (acks_late: the worker died) resumes
where the dead one stopped, and two jobs on one project queue behind the engine's file lock.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as ModelError

from microdrama.creation.backends import BackendConfigError
from microdrama.creation.labels import check_labels
from microdrama.creation.labels.watermark import WatermarkError
from microdrama.creation.llm.base import LLMError
from microdrama.creation.pipeline import STAGES, UPSTREAM, ProjectError, Stage
from microdrama.creation.progress import ProgressEvent
from microdrama.creation.project import Project
from microdrama.creation.video.base import VideoError
from microdrama.media.errors import MediaError

from .. import engine
from ..models import StudioJob, StudioProject
from ..validation import explain
from .projects import open_project, touch

log = logging.getLogger(__name__)

ENGINE_ERRORS = (
    ProjectError,
    LLMError,
    VideoError,
    MediaError,
    BackendConfigError,
    WatermarkError,
    LookupError,
)
PROGRESS_EVERY = 0.5  # seconds between progress writes: a render reports many events per second
# A running job that has not reported for this long has probably lost its worker.
STALLED_AFTER = timedelta(minutes=15)
# A job whose worker died this many times is not handed out again: something in it kills workers.
MAX_ATTEMPTS = 3


def _enqueue(job: StudioJob) -> None:
    from ..tasks import run_job

    run_job.apply_async(args=[job.pk])


def start_job(
    user,
    project: StudioProject,
    kind: str,
    *,
    stage: str = "",
    episode: int | None = None,
    shot: int | None = None,
    force: bool = False,
) -> StudioJob:
    """Queue a job; an identical job already waiting or running is returned instead of a second one."""
    kind = StudioJob.Kind(kind) if kind in StudioJob.Kind.values else None
    if kind is None:
        raise ValidationError(_("未知的任务类型"))
    if kind in (StudioJob.Kind.STAGE, StudioJob.Kind.ALL):
        if kind == StudioJob.Kind.ALL:
            stage = stage or Stage.EXPORT.value
            force = False  # forcing the whole chain would throw away every edit at once: one stage at a time
        if stage not in Stage._value2member_map_:
            raise ValidationError(_("未知的阶段“%(s)s”") % {"s": stage})
    else:
        stage = ""
    engine_project = open_project(project)
    if kind == StudioJob.Kind.STAGE:
        missing = [s for s in UPSTREAM[Stage(stage)] if not engine_project.path(s).is_file()]
        if missing:
            names = "、".join(str(engine.STAGE_LABELS[s]) for s in missing)
            raise ValidationError(_("请先完成：%(names)s") % {"names": names})
    if kind == StudioJob.Kind.SHOT:
        board = engine_project.storyboard()
        if board is None:
            raise ValidationError(_("还没有分镜，请先运行分镜阶段"))
        try:
            episode, shot = int(episode), int(shot)
            board.shot(episode, shot)
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("分镜中没有第%(e)s集第%(n)s镜") % {"e": episode, "n": shot}) from None
        if engine_project.characters() is None:
            raise ValidationError(_("请先完成：%(names)s") % {"names": engine.STAGE_LABELS[Stage.CHARACTERS]})
    else:
        episode = shot = None
    if kind == StudioJob.Kind.LABELS:
        renders = engine_project.renders()
        if renders is None or not renders.episodes:
            raise ValidationError(_("还没有渲染好的剧集，请先运行渲染"))
    with transaction.atomic():
        same = project.jobs.active().filter(kind=kind, stage=stage, episode=episode, shot=shot, force=force)
        existing = same.first()
        if existing is not None:
            return existing
        job = StudioJob.objects.create(
            project=project,
            kind=kind,
            stage=stage,
            episode=episode,
            shot=shot,
            force=bool(force),
            created_by=user,
            message=_("排队中"),
        )
        transaction.on_commit(lambda: _enqueue(job))
    return job


def retry_job(user, job: StudioJob, *, force: bool | None = None) -> StudioJob:
    """Run a failed job (or one whose worker died) again, as a new job with the same request."""
    if job.status == StudioJob.Status.RUNNING:
        if timezone.now() - job.updated_at < STALLED_AFTER:
            raise ValidationError(_("任务仍在运行"))
        StudioJob.objects.filter(pk=job.pk).update(
            status=StudioJob.Status.FAILED,
            error=_("任务长时间没有进度，可能工作进程已退出"),
            error_code="stalled",
            finished_at=timezone.now(),
        )
    elif job.status != StudioJob.Status.FAILED:
        raise ValidationError(_("只有失败或中断的任务可以重新运行"))
    return start_job(
        user,
        job.project,
        job.kind,
        stage=job.stage,
        episode=job.episode,
        shot=job.shot,
        force=job.force if force is None else force,
    )


def stalled(job: StudioJob) -> bool:
    return job.status == StudioJob.Status.RUNNING and timezone.now() - job.updated_at >= STALLED_AFTER


# ---------------------------------------------------------------------------------------- running
class _Reporter:
    """Engine progress → the job row, at most every PROGRESS_EVERY seconds (and always at the end
    of a stage), as one overall fraction across the stages the job runs."""

    def __init__(self, job: StudioJob, stages: list[Stage]) -> None:
        self.job_id = job.pk
        self.stages = stages
        self.last = 0.0

    def __call__(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        final = event.done >= event.total
        if not final and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        try:
            index = self.stages.index(Stage(event.stage))
        except ValueError:
            index = 0
        fraction = (index + min(1.0, event.fraction)) / max(1, len(self.stages))
        label = (
            str(engine.STAGE_LABELS.get(Stage(event.stage), event.stage))
            if event.stage in Stage._value2member_map_
            else event.stage
        )
        message = event.message if event.message.startswith(label) else f"{label}：{event.message}"
        StudioJob.objects.filter(pk=self.job_id).update(
            fraction=round(min(fraction, 0.999), 3), message=message[:200], updated_at=timezone.now()
        )


def _shot_keys(engine_project: Project) -> dict[str, str]:
    renders = engine_project.renders()
    return {s.shot_id: s.key for s in renders.shots} if renders else {}


def _changes(before: dict[str, str], after: dict[str, str]) -> dict:
    changed = sorted(shot for shot, key in after.items() if before.get(shot) != key)
    return {"changed_shots": changed, "reused_shots": len(after) - len(changed)}


def _run(job: StudioJob, engine_project: Project, backends) -> dict:
    kind = job.kind
    if kind == StudioJob.Kind.LABELS:
        return _check_labels(job, engine_project)
    before = _shot_keys(engine_project)
    if kind == StudioJob.Kind.SHOT:
        reporter = _Reporter(job, [Stage.RENDER])
        result = engine_project.render_shot(
            job.episode, job.shot, backends, progress=reporter, force=job.force
        )
        return {
            "shot": result.shot_id,
            "key": result.key,
            "previous_key": before.get(result.shot_id, ""),
        } | _changes(before, _shot_keys(engine_project))
    if kind == StudioJob.Kind.STAGE:
        stages = [Stage(job.stage)]
        engine_project.run(stages[0], backends, progress=_Reporter(job, stages), force=job.force)
    else:
        until = Stage(job.stage or Stage.EXPORT)
        stages = list(STAGES[: STAGES.index(until) + 1])
        engine_project.run_all(backends, progress=_Reporter(job, stages), until=until, force=job.force)
    out = {"stages": [s.value for s in stages]}
    if Stage.RENDER in stages:
        out |= _changes(before, _shot_keys(engine_project))
    return out


def _check_labels(job: StudioJob, engine_project: Project) -> dict:
    renders = engine_project.renders()
    episodes = renders.episodes if renders else []
    reader = engine.watermark_reader()
    text = engine_project.info.labels.visible_text
    out = {}
    for done, episode in enumerate(episodes):
        StudioJob.objects.filter(pk=job.pk).update(
            fraction=round(done / max(1, len(episodes)), 3),
            message=_("检查第%(n)s集的标识") % {"n": episode.number},
            updated_at=timezone.now(),
        )
        report = check_labels(engine_project.root / episode.video, visible_text=text, watermark_reader=reader)
        out[str(episode.number)] = report.model_dump(mode="json", exclude={"file"}) | {
            "labelled": report.labelled,
            "produce_id": episode.labels.implicit.get("ProduceID", ""),
        }
    return {"episodes": out}


def _fail(job_id: int, message: str, code: str) -> None:
    StudioJob.objects.filter(pk=job_id).update(
        status=StudioJob.Status.FAILED, error=message, error_code=code, finished_at=timezone.now()
    )


def execute(job_id: int) -> str:
    """The body of the Celery task: run one job to the end. Safe to call again for the same job
    (a redelivery after a worker died resumes from the engine's caches; a finished job is left alone)."""
    job = StudioJob.objects.select_related("project").filter(pk=job_id).first()
    if job is None or job.status in (StudioJob.Status.DONE, StudioJob.Status.FAILED):
        return "gone" if job is None else job.status
    if job.status == StudioJob.Status.RUNNING and job.attempts >= MAX_ATTEMPTS:
        _fail(
            job.pk,
            _("任务已中断 %(n)s 次（工作进程退出），不再自动重试") % {"n": job.attempts},
            "worker_lost",
        )
        return StudioJob.Status.FAILED
    busy = job.project.jobs.filter(status=StudioJob.Status.RUNNING).exclude(pk=job.pk).exists()
    StudioJob.objects.filter(pk=job.pk).update(
        status=StudioJob.Status.RUNNING,
        attempts=job.attempts + 1,
        started_at=job.started_at or timezone.now(),
        message=_("等待本项目的其他任务完成……")
        if busy
        else (_("继续运行（上次中断）") if job.attempts else _("开始")),
        error="",
        error_code="",
    )
    try:
        backends = engine.studio_backends()
        engine_project = open_project(job.project)
        engine.sync_rules(engine_project)
        result = _run(job, engine_project, backends)
    except ENGINE_ERRORS as exc:
        _fail(job.pk, str(exc), getattr(exc, "code", "") or type(exc).__name__)
        return StudioJob.Status.FAILED
    except ModelError as exc:  # a document on disk no longer fits its model (edited outside the lab)
        _fail(job.pk, "；".join(explain(exc)), "invalid_document")
        return StudioJob.Status.FAILED
    except ValidationError as exc:
        _fail(job.pk, "；".join(exc.messages), "invalid")
        return StudioJob.Status.FAILED
    except OSError as exc:
        log.exception("studio job %s", job.pk)
        _fail(job.pk, _("读写项目文件出错：%(e)s") % {"e": exc}, "os_error")
        return StudioJob.Status.FAILED
    except Exception as exc:
        log.exception("studio job %s", job.pk)
        _fail(job.pk, _("内部错误：%(e)s") % {"e": f"{type(exc).__name__}: {exc}"}, "internal")
        return StudioJob.Status.FAILED
    touch(job.project, engine_project)
    StudioJob.objects.filter(pk=job.pk).update(
        status=StudioJob.Status.DONE,
        fraction=1.0,
        message=_("完成"),
        result=result,
        finished_at=timezone.now(),
    )
    StudioProject.objects.filter(pk=job.project_id).update(updated_at=timezone.now())
    return StudioJob.Status.DONE

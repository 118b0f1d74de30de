"""Jobs: each is a Celery task (run eagerly here) that reports progress into its row, turns the
engine's errors into Chinese messages, resumes after its worker died, and queues behind another job
on the same project instead of corrupting it."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microdrama.creation.pipeline import Stage
from microdrama.creation.progress import ProgressEvent
from microdrama.studio.models import StudioJob
from microdrama.studio.services import jobs
from microdrama.studio.services.projects import open_project, save_document


def start(project, user, kind, capture, **kw) -> StudioJob:
    with capture(execute=True):
        job = jobs.start_job(user, project, kind, **kw)
    job.refresh_from_db()
    return job


def test_running_to_the_storyboard_completes_the_job_and_names_the_project(
    eager, make_project, creator, django_capture_on_commit_callbacks
):
    project = make_project()
    job = start(project, creator, "all", django_capture_on_commit_callbacks, stage="storyboard")
    assert job.status == "done" and job.fraction == 1.0 and job.attempts == 1
    assert job.result["stages"] == ["bible", "scripts", "review", "storyboard"]
    engine = open_project(project)
    states = {s.stage: (s.exists, s.stale) for s in engine.status()}
    assert all(
        states[s] == (True, False) for s in (Stage.BIBLE, Stage.SCRIPTS, Stage.REVIEW, Stage.STORYBOARD)
    )
    assert states[Stage.RENDER][0] is False
    project.refresh_from_db()
    assert project.title == engine.bible().title


def test_progress_is_written_as_one_fraction_across_the_jobs_stages(boarded, creator):
    job = StudioJob.objects.create(project=boarded, kind="all", stage="storyboard", created_by=creator)
    report = jobs._Reporter(job, [Stage.BIBLE, Stage.SCRIPTS, Stage.REVIEW, Stage.STORYBOARD])
    report(ProgressEvent("scripts", 1, 2, "第1集"))
    job.refresh_from_db()
    assert job.fraction == pytest.approx((1 + 0.5) / 4, abs=1e-3)
    assert job.message == "分集剧本：第1集"


def test_an_identical_waiting_job_is_not_queued_twice(boarded, creator):
    first = jobs.start_job(creator, boarded, "stage", stage="characters")
    again = jobs.start_job(creator, boarded, "stage", stage="characters")
    assert again.pk == first.pk
    assert boarded.jobs.count() == 1


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("stage", {"stage": "render"}, "请先完成：角色设计"),
        ("stage", {"stage": "nonsense"}, "未知的阶段"),
        ("shot", {"episode": 1, "shot": 99}, "分镜中没有第1集第99镜"),
        ("labels", {}, "还没有渲染好的剧集"),
        ("wrong", {}, "未知的任务类型"),
    ],
)
def test_a_job_that_cannot_run_is_refused_before_it_is_queued(boarded, creator, kind, extra, message):
    with pytest.raises(ValidationError) as caught:
        jobs.start_job(creator, boarded, kind, **extra)
    assert message in caught.value.messages[0]
    assert not boarded.jobs.exists()


def test_a_stale_edit_fails_the_job_in_chinese_until_forced(
    eager, boarded, creator, django_capture_on_commit_callbacks
):
    engine = open_project(boarded)
    scripts = engine.scripts().model_dump(mode="json")
    scripts["episodes"][0]["scenes"][0]["lines"][0]["text"] = "她推开门，雨水顺着伞尖滴落。"
    save_document(creator, boarded, Stage.SCRIPTS, scripts)
    bible = engine.bible().model_dump(mode="json")
    bible["logline"] = "改过的一句话看点"
    save_document(creator, boarded, Stage.BIBLE, bible)  # the scripts' input changed under the edit
    job = start(boarded, creator, "stage", django_capture_on_commit_callbacks, stage="scripts")
    assert job.status == "failed" and job.error_code == "edited_stale"
    assert "人工修改" in job.error
    assert (
        open_project(boarded).scripts().episodes[0].scenes[0].lines[0].text == "她推开门，雨水顺着伞尖滴落。"
    )
    with django_capture_on_commit_callbacks(execute=True):
        forced = jobs.retry_job(creator, job, force=True)
    forced.refresh_from_db()
    assert forced.status == "done" and forced.force
    assert (
        open_project(boarded).scripts().episodes[0].scenes[0].lines[0].text != "她推开门，雨水顺着伞尖滴落。"
    )


def test_a_redelivered_job_resumes_and_a_finished_one_is_left_alone(boarded, creator):
    """acks_late: a worker died mid-job, the broker hands the task to another worker."""
    job = StudioJob.objects.create(project=boarded, kind="all", stage="characters", created_by=creator)
    StudioJob.objects.filter(pk=job.pk).update(status="running", attempts=1, fraction=0.4)  # the dead attempt
    assert jobs.execute(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    assert open_project(boarded).characters() is not None
    assert jobs.execute(job.pk) == "done"  # a late duplicate delivery
    job.refresh_from_db()
    assert job.attempts == 2


def test_a_job_that_keeps_killing_its_worker_is_given_up(boarded, creator):
    job = StudioJob.objects.create(project=boarded, kind="stage", stage="review", created_by=creator)
    StudioJob.objects.filter(pk=job.pk).update(status="running", attempts=jobs.MAX_ATTEMPTS)
    assert jobs.execute(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error_code == "worker_lost" and "不再自动重试" in job.error


def test_a_stalled_running_job_can_be_run_again(boarded, creator, eager, django_capture_on_commit_callbacks):
    from django.utils import timezone

    job = StudioJob.objects.create(
        project=boarded, kind="stage", stage="review", created_by=creator, status="running"
    )
    with pytest.raises(ValidationError):
        jobs.retry_job(creator, job)  # still reporting: not stalled
    StudioJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - jobs.STALLED_AFTER)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.retry_job(creator, job)
    job.refresh_from_db()
    again.refresh_from_db()
    assert job.status == "failed" and job.error_code == "stalled"
    assert again.status == "done"


@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_on_one_project_queue_up_and_corrupt_nothing(make_project, creator):
    from microdrama.studio.engine import studio_backends

    project = make_project(episodes=2)
    open_project(project).run_all(studio_backends(), until=Stage.STORYBOARD)
    a = StudioJob.objects.create(project=project, kind="stage", stage="characters", created_by=creator)
    b = StudioJob.objects.create(project=project, kind="all", stage="characters", created_by=creator)
    results = {}
    threads = [
        threading.Thread(target=lambda j=j: results.setdefault(j.pk, jobs.execute(j.pk))) for j in (a, b)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    from django.db import connections

    connections.close_all()
    assert results == {a.pk: "done", b.pk: "done"}
    engine = open_project(project)
    design = engine.characters()  # valid JSON that fits its model
    assert {s.name for s in design.sheets} == {c.name for c in engine.bible().characters}
    assert all((engine.root / s.sheet).is_file() for s in design.sheets)
    assert not list(engine.root.rglob("*.tmp"))
    assert all(not s.stale for s in engine.status() if s.stage in (Stage.BIBLE, Stage.CHARACTERS))


def test_a_bad_backend_configuration_fails_the_job_with_its_message(boarded, creator, settings):
    settings.STUDIO = {**settings.STUDIO, "backends": {"video": {"kind": "holodeck"}}}
    job = StudioJob.objects.create(project=boarded, kind="stage", stage="review", created_by=creator)
    assert jobs.execute(job.pk) == "failed"
    job.refresh_from_db()
    assert "未知的视频后端：holodeck" in job.error


def test_a_render_spec_too_short_for_speech_fails_instead_of_hanging(make_project, creator, settings):
    """Engine fix: a shot shorter than one spoken beat used to loop forever in the storyboard stage."""
    settings.STUDIO = {
        **settings.STUDIO,
        "render_spec": {"frames": 25, "fps": 25, "width": 270, "height": 480},
    }
    project = make_project()
    job = StudioJob.objects.create(project=project, kind="all", stage="storyboard", created_by=creator)
    assert jobs.execute(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error_code == "spec_too_short" and "镜头时长 1.00 秒太短" in job.error


def test_the_job_panel_reloads_the_page_when_the_last_job_finishes(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:jobs", args=[boarded.pk])
    job = StudioJob.objects.create(
        project=boarded,
        kind="stage",
        stage="review",
        created_by=creator,
        status="running",
        fraction=0.5,
        message="剧本审核：开始",
    )
    polling = client.get(url + "?watch=1")
    assert b'hx-trigger="every 1s"' in polling.content and "剧本审核：开始 · 50%" in polling.content.decode()
    StudioJob.objects.filter(pk=job.pk).update(status="done", fraction=1.0)
    finished = client.get(url + "?watch=1")
    assert finished["HX-Refresh"] == "true"


def test_starting_a_job_through_the_page_and_the_api(
    client, boarded, creator, eager, django_capture_on_commit_callbacks
):
    from microdrama.accounts.services import issue_token

    client.force_login(creator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("studio:start_job", args=[boarded.pk]), {"kind": "stage", "stage": "review"}
        )
    assert response.status_code == 302
    assert boarded.jobs.get().status == "done"
    _token, raw = issue_token(creator, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    bad = client.post(
        f"/api/v1/studio/projects/{boarded.pk}/jobs",
        {"kind": "stage", "stage": "render"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and "请先完成" in bad.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            f"/api/v1/studio/projects/{boarded.pk}/jobs",
            {"kind": "stage", "stage": "characters"},
            content_type="application/json",
            **auth,
        )
    assert made.status_code == 201
    job = client.get(f"/api/v1/studio/jobs/{made.json()['id']}", **auth).json()
    assert job["status"] == "done" and job["fraction"] == 1.0
    status = client.get(f"/api/v1/studio/projects/{boarded.pk}", **auth).json()
    assert {s["stage"]: s["state"] for s in status["stages"]}["characters"] == "fresh"

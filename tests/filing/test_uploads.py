"""Resumable upload of the cut (tus 1.0): chunks, resume after a break, and bad files refused."""

import base64

import pytest
from django.test import Client

from microdrama.filing import services
from microdrama.filing.demo_media import make_episode
from microdrama.filing.models import Episode, Stage
from microdrama.hub.models import Upload


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_episode(tmp_path_factory.mktemp("clip") / "ep.mp4", "测试", 1, "(赣)网微剧备字(2026)第00001号", 4)


@pytest.fixture
def online(drama, applicant, case_manager):
    from microdrama.filing.models import Application

    app = Application.objects.create(drama=drama, stage=Stage.ONLINE)
    return app


def meta(**fields) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in fields.items())


def create(client, app, size, episode=1, name="ep01.mp4"):
    return client.post("/uploads/", HTTP_UPLOAD_LENGTH=str(size), HTTP_TUS_RESUMABLE="1.0.0",
                       HTTP_UPLOAD_METADATA=meta(purpose="episode", application=app.pk, episode=episode, filename=name))


def patch(client, url, data, offset):
    return client.generic("PATCH", url, data, content_type="application/offset+octet-stream",
                          HTTP_UPLOAD_OFFSET=str(offset), HTTP_TUS_RESUMABLE="1.0.0")


def test_an_episode_arrives_in_chunks_and_resumes_after_a_break(client, online, applicant, clip,
                                                               django_capture_on_commit_callbacks):
    data = clip.read_bytes()
    client.force_login(applicant)
    response = create(client, online, len(data))
    assert response.status_code == 201
    url = response["Location"]
    half = len(data) // 2
    assert patch(client, url, data[:half], 0)["Upload-Offset"] == str(half)
    # the connection drops; the client asks where to continue
    head = client.head(url, HTTP_TUS_RESUMABLE="1.0.0")
    assert head["Upload-Offset"] == str(half)
    # a wrong offset changes nothing
    assert patch(client, url, data[half:], 0).status_code == 409
    with django_capture_on_commit_callbacks() as callbacks:
        done = patch(client, url, data[half:], half)
    assert done.status_code == 200, done.content
    episode = Episode.objects.get(application=online, number=1)
    assert episode.duration == pytest.approx(4, abs=0.2)
    assert episode.probe["width"] == 540
    import hashlib

    assert episode.sha256 == hashlib.sha256(data).hexdigest()
    assert len(callbacks) == 1  # the pre-check is queued once the episode is committed


@pytest.mark.parametrize(("content", "message"), [
    (b"<html>this is a web page, not a video</html>" * 10, "不是可用的视频"),
    (b"\x00" * 4096, "不是可用的视频"),
])
def test_a_file_that_is_not_a_video_is_refused_and_nothing_is_stored(client, online, applicant, content, message):
    client.force_login(applicant)
    url = create(client, online, len(content))["Location"]
    response = patch(client, url, content, 0)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Episode.objects.exists() and not Upload.objects.exists()


def test_a_truncated_video_is_refused(client, online, applicant, clip):
    data = clip.read_bytes()[: len(clip.read_bytes()) // 3]
    client.force_login(applicant)
    url = create(client, online, len(data))["Location"]
    response = patch(client, url, data, 0)
    assert response.status_code == 422
    assert not Episode.objects.exists()


def test_empty_huge_and_misaddressed_uploads_are_refused_up_front(client, online, applicant, outsider_user):
    client.force_login(applicant)
    assert create(client, online, 0).status_code == 400
    huge = create(client, online, 50 * 1024**3)
    assert huge.status_code == 413 and "文件过大" in huge.json()["detail"]
    assert create(client, online, 100, episode=99).status_code == 422
    client.force_login(outsider_user)
    assert create(client, online, 100).status_code == 403
    assert not Upload.objects.exists()


def test_someone_elses_upload_cannot_be_continued(client, online, applicant, outsider_user, clip):
    client.force_login(applicant)
    url = create(client, online, 100)["Location"]
    other = Client()
    other.force_login(outsider_user)
    assert other.head(url).status_code == 404
    assert patch(other, url, b"x" * 10, 0).status_code == 404


@pytest.fixture
def outsider_user(make_user, other_company):
    from microdrama.accounts.roles import Role

    return make_user(Role.APPLICANT, org=other_company)


def test_cut_cannot_change_once_submitted(client, online, applicant, clip):
    from microdrama.filing.models import Application

    Application.objects.filter(pk=online.pk).update(state="submitted")
    client.force_login(applicant)
    response = create(client, online, 100)
    assert response.status_code == 422 and "不能更换成片" in response.json()["detail"]


def test_online_filing_needs_the_planning_number(drama, applicant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="取得规划备案号后"):
        services.start_application(drama, Stage.ONLINE, applicant)


def test_a_precheck_whose_worker_died_is_queued_again(online, applicant, clip, settings):
    from datetime import timedelta

    from django.utils import timezone

    from microdrama.filing.tasks import requeue_stuck_prechecks
    from microdrama.hub.celery import app

    ep = Episode.objects.create(application=online, number=1, original_name="1.mp4", size=1, sha256="",
                                uploaded_by=applicant, file="x.mp4", qc_status="running")
    assert requeue_stuck_prechecks() == 0  # fresh: leave it to its worker
    Episode.objects.filter(pk=ep.pk).update(uploaded_at=timezone.now() - timedelta(hours=1))
    app.conf.task_always_eager = True
    try:
        ep.file.name = ""
        assert requeue_stuck_prechecks() == 1
    finally:
        app.conf.task_always_eager = False
    ep.refresh_from_db()
    assert ep.qc_status == "error"  # ran again: the (missing) file is now reported, not stuck

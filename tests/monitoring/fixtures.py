"""Fixtures for the copyright-centre tests (monitoring and enforcement import them from here):
people and organisations, a registered episode in a private reference index, a pirated copy, the
test video platform and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import os
import socket
from datetime import date
from pathlib import Path

import pytest

from microdrama.accounts.roles import OrgKind, Role

from .clips import make_pirated, make_unrelated
from .fakeplatform import WEBHOOK_SECRET, FakePlatformServer

TITLE = "赣水长流"
NUMBER = "(赣)网微剧备字(2026)第00001号"


_CLIPS: dict[str, Path] = {}  # made once per test session, whichever conftest asks first


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """A 12-second registered episode, a pirated copy of it, and an unrelated video."""
    from microdrama.filing.demo_media import make_episode

    if not _CLIPS:
        folder = tmp_path_factory.mktemp("copyright-clips")
        episode = make_episode(folder / "ep1.mp4", TITLE, 1, NUMBER, 12)
        _CLIPS.update(
            episode=episode,
            pirated=make_pirated(episode, folder / "pirated.mp4"),
            other=make_unrelated(folder / "other.mp4", 8),
        )
    return dict(_CLIPS)


@pytest.fixture
def eager():
    from microdrama.hub.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def index_dir(settings, tmp_path):
    settings.MICRODRAMA = {**settings.MICRODRAMA, "index_dir": tmp_path / "index"}
    return tmp_path / "index"


@pytest.fixture
def private_ok(settings):
    """The test platform lives on 127.0.0.1: allow loopback (only) for sources that opt in."""
    settings.MONITORING_PRIVATE_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def watch_root(settings, tmp_path):
    root = tmp_path / "watch"
    root.mkdir()
    settings.MONITORING_FOLDER_ROOTS = [str(root)]
    return root


@pytest.fixture
def centre(make_org):
    return make_org(OrgKind.COPYRIGHT_CENTRE, name="版权中心")


@pytest.fixture
def officer(make_user, centre):
    return make_user(Role.COPYRIGHT_OFFICER, org=centre, username="officer")


@pytest.fixture
def holder_org(make_org):
    return make_org(
        OrgKind.PRODUCTION, name="南昌映画文化传媒有限公司", contact_email="rights@yinghua.example.cn"
    )


@pytest.fixture
def holder(make_user, holder_org):
    return make_user(Role.APPLICANT, Role.COPYRIGHT_OFFICER, org=holder_org, username="holder")


@pytest.fixture
def platform_org(make_org):
    return make_org(OrgKind.PLATFORM, name="星河短剧科技有限公司", short_name="星河短剧")


@pytest.fixture
def platform_user(make_user, platform_org):
    return make_user(Role.PLATFORM_CONTACT, org=platform_org, username="xinghe")


@pytest.fixture
def registered(holder, holder_org, clips, eager, index_dir, django_capture_on_commit_callbacks):
    """Episode 1 of 《赣水长流》, registered through the rights services (fingerprinted, indexed, logged)."""
    from microdrama.rights import services

    work = services.create_work(holder, holder_org, TITLE, NUMBER, ["赣水", "林秋月"])
    with django_capture_on_commit_callbacks(execute=True):
        episode = services.add_episode_file(work, 1, clips["episode"], f"{TITLE}-01.mp4")
    episode.refresh_from_db()
    assert episode.status == "registered", episode.error
    return episode


@pytest.fixture
def fake_platform():
    server = FakePlatformServer()
    with server as platform:
        yield platform


@pytest.fixture
def webhook_secret(monkeypatch):
    monkeypatch.setenv("XINGHE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    return WEBHOOK_SECRET


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.fixture
def profile(platform_org, fake_platform, webhook_secret, private_ok):
    from microdrama.enforcement.models import PlatformProfile

    return PlatformProfile.objects.create(
        organisation=platform_org,
        notice_email="takedown@xinghe.example.cn",
        webhook_url=f"{fake_platform.base}/webhook",
        webhook_secret_env="XINGHE_WEBHOOK_SECRET",
        escalation_name="法务总监",
        escalation_email="legal@xinghe.example.cn",
        response_hours=24,
        allow_private_network=True,
    )


@pytest.fixture
def policy(db):
    from microdrama.enforcement.models import Policy

    return Policy.current(date.today())


def make_source(kind: str, platform_org=None, **fields):
    from microdrama.monitoring.models import Source

    defaults = {
        "name": f"{kind}-{os.urandom(3).hex()}",
        "kind": kind,
        "platform": platform_org,
        "allow_private_network": True,
        "max_bytes": 20 * 1024 * 1024,
        "max_duration": 600,
        "fetch_timeout": 10,
    }
    return Source.objects.create(**{**defaults, **fields})


def publish(platform, vid: str, path: Path, title: str = f"{TITLE} 第1集 高清", uploader: str = "盗版哥"):
    return platform.add(vid, title, uploader, path)


def suspect(source, url: str, **fields):
    """A candidate as the pipeline leaves it after fetching (without a file: enough for case logic)."""
    import hashlib

    from django.utils import timezone

    from microdrama.monitoring import services
    from microdrama.monitoring.models import Candidate

    now = timezone.now()
    defaults = {
        "source": source,
        "platform": source.platform,
        "url": url,
        "url_key": services.url_key(url),
        "title": "赣水长流 第1集",
        "uploader": "盗版哥",
        "status": Candidate.Status.MATCHED,
        "discovered_at": now,
        "fetched_at": now,
        "matched_at": now,
        "duration": 12.0,
        "size": 300_000,
        "sha256": hashlib.sha256(url.encode()).hexdigest(),
    }
    return Candidate.objects.create(**{**defaults, **fields})


def match_of(candidate, work, score: float, episode=None, ref: str = ""):
    from microdrama.monitoring.models import Match

    seg = {
        "query_start": 1.0,
        "query_end": 11.0,
        "ref_start": 0.0,
        "ref_end": 10.0,
        "speed": 1.0,
        "score": score,
        "p_value": 1e-9,
        "modality": "video",
        "evidence": [{"query_time": 1.0 + k * 3, "ref_time": k * 3.0, "similarity": 0.9} for k in range(4)],
    }
    ref = ref or (episode.ref_id if episode else f"test:{work.pk}:{score}")
    return Match.objects.create(
        candidate=candidate,
        ref_id=ref,
        episode=episode,
        work=work,
        score=score,
        data={"reference": ref, "score": score, "transform": "crop 10 %", "segments": [seg]},
    )


@pytest.fixture
def work(holder, holder_org):
    from microdrama.rights import services

    return services.create_work(holder, holder_org, TITLE, NUMBER, ["林秋月"])


@pytest.fixture
def web_source(platform_org, fake_platform):
    return make_source("search", platform_org, search_url_template=f"{fake_platform.base}/search?q={{query}}")


@pytest.fixture
def open_case(web_source, work, fake_platform, eager, django_capture_on_commit_callbacks):
    """open_case(score) → a case on a video published on the test platform, evidence collected."""
    from microdrama.enforcement import services

    made = []

    def make(score: float = 0.95, vid: str | None = None, clip=None):
        vid = vid or f"v{len(made) + 1}"
        fake_platform.add(vid, f"{TITLE} 第1集", "盗版哥", clip)
        candidate = suspect(web_source, fake_platform.page_url(vid), media_url=fake_platform.media_url(vid))
        with django_capture_on_commit_callbacks(execute=True):
            cases = services.open_cases(candidate, [match_of(candidate, work, score)])
        made.extend(cases)
        case = cases[0]
        case.refresh_from_db()
        return case

    return make

"""Rights fixtures: a rights holder, the copyright centre, a platform, and a real short clip."""

from __future__ import annotations

import pytest

from microdrama.accounts.roles import OrgKind, Role


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    from microdrama.filing.demo_media import make_episode

    return make_episode(tmp_path_factory.mktemp("rights") / "ep1.mp4", "赣水长流", 1, "(赣)网微剧备字(2026)第00001号", 12)


@pytest.fixture
def holder_org(make_org):
    return make_org(OrgKind.PRODUCTION, name="南昌映画文化传媒有限公司")


@pytest.fixture
def holder(make_user, holder_org):
    return make_user(Role.APPLICANT, Role.COPYRIGHT_OFFICER, org=holder_org, username="holder")


@pytest.fixture
def officer(make_user, make_org):
    return make_user(Role.COPYRIGHT_OFFICER, org=make_org(OrgKind.COPYRIGHT_CENTRE, name="版权中心"), username="officer")


@pytest.fixture
def platform_org(make_org):
    return make_org(OrgKind.PLATFORM, name="星河短剧科技有限公司", short_name="星河短剧")


@pytest.fixture
def platform_user(make_user, platform_org):
    return make_user(Role.PLATFORM_CONTACT, org=platform_org, username="xinghe")


@pytest.fixture
def eager(settings):
    """Run Celery tasks inline (their own logic is what these tests are about)."""
    from microdrama.hub.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def registered(holder, holder_org, clip, eager, django_capture_on_commit_callbacks, settings, tmp_path):
    from microdrama.rights import services

    settings.MICRODRAMA = {**settings.MICRODRAMA, "index_dir": tmp_path / "index"}
    work = services.create_work(holder, holder_org, "赣水长流", "(赣)网微剧备字(2026)第00001号")
    with django_capture_on_commit_callbacks(execute=True):
        episode = services.add_episode_file(work, 1, clip, "赣水长流-01.mp4")
    episode.refresh_from_db()
    return episode

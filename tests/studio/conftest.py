"""AI lab fixtures: creators of two companies, projects made through the services, tasks run eagerly.

Every project renders small (48 frames at 8 fps, 270×480: six-second shots, a few seconds per
episode on two cores) and without the watermark engine (minutes per episode); the engine's own tests
prove the full 204-frame 540P render. Project folders go to a per-test MEDIA_ROOT.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microdrama.accounts.roles import OrgKind, Role

SMALL = {"frames": 48, "fps": 8, "width": 270, "height": 480}
PREMISE = {
    "premise": "为了应付催婚，插画师在街头拉住陌生人假扮男友，没想到他是新上司",
    "genre": "甜宠",
    "episodes": 1,
    "hook_seconds": 3,
    "seed": 7,
}


@pytest.fixture(autouse=True)
def studio_settings(settings, tmp_path):
    settings.STUDIO = {"watermark": False, "render_spec": SMALL, "backends": {}}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture(autouse=True)
def offline_llm(monkeypatch):
    """Whatever the machine's environment says, these tests write offline."""
    for name in ("MICRODRAMA_LLM_BASE_URL", "MICRODRAMA_LLM_MODEL", "MICRODRAMA_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def eager():
    """Celery tasks run in the caller's thread (transaction.on_commit callbacks still need running)."""
    from microdrama.hub.celery import app

    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = False


@pytest.fixture
def company(make_org):
    return make_org(OrgKind.PRODUCTION, name="南昌映画文化传媒有限公司")


@pytest.fixture
def other_company(make_org):
    return make_org(OrgKind.PRODUCTION, name="赣江星火影视制作有限公司")


@pytest.fixture
def creator(make_user, company):
    return make_user(Role.CREATOR, org=company, username="creator-a")


@pytest.fixture
def applicant_a(make_user, company):
    return make_user(Role.APPLICANT, org=company, username="applicant-a")


@pytest.fixture
def rival(make_user, other_company):
    """A creator of another company: must see nothing of the first company's projects."""
    return make_user(Role.CREATOR, org=other_company, username="creator-b")


@pytest.fixture
def make_project(creator):
    from microdrama.studio.services.projects import create_project

    def make(user=None, **overrides):
        return create_project(user or creator, **{**PREMISE, **overrides})

    return make


@pytest.fixture
def boarded(make_project):
    """A one-episode project run up to its storyboard (milliseconds: no pictures yet)."""
    from microdrama.creation.pipeline import Stage
    from microdrama.studio.engine import studio_backends
    from microdrama.studio.services.projects import open_project

    project = make_project()
    open_project(project).run_all(studio_backends(), until=Stage.STORYBOARD)
    return project


@pytest.fixture(scope="session")
def rendered_folder(tmp_path_factory):
    """One small one-episode project rendered and exported once per session (the costly part);
    `rendered` copies it for each test that needs pictures and clips."""
    from microdrama.creation.backends import Backends
    from microdrama.creation.models import Premise, RenderSpec
    from microdrama.creation.project import Project

    root = tmp_path_factory.mktemp("studio-rendered") / "project"
    project = Project.create(root, Premise(**PREMISE), spec=RenderSpec(**SMALL), project_id="rendered0001")
    project.run_all(Backends())
    return root


@pytest.fixture
def rendered(creator, rendered_folder, db):
    """A studio project whose folder holds the session's rendered copy."""
    from microdrama.studio.models import StudioProject
    from microdrama.studio.services.projects import open_project, touch

    project = StudioProject(
        uid="rendered0001",
        company=creator.organisation,
        created_by=creator,
        premise=PREMISE["premise"],
        genre=PREMISE["genre"],
        episodes=1,
        hook_seconds=3,
        seed=7,
    )
    shutil.copytree(rendered_folder, project.folder)
    project.save()
    touch(project, open_project(project))
    return project


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a project folder with its bytes (to prove that nothing was written)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

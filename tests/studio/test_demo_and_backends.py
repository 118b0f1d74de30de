"""The demo project and the backends the studio builds from settings."""

from __future__ import annotations

import pytest

from microdrama.creation.pipeline import Stage
from microdrama.studio import engine
from microdrama.studio.models import StudioProject


def test_the_demo_creator_gets_one_project_run_to_the_storyboard_without_video(db, monkeypatch):
    from microdrama.accounts import demo as accounts_demo
    from microdrama.studio import demo

    monkeypatch.setenv("MICRODRAMA_DEMO_MEDIA", "0")
    accounts_demo.load()
    assert demo.load() == {"studio_projects": 1}
    assert demo.load() == {"studio_projects": 1}  # idempotent
    project = StudioProject.objects.get()
    assert project.company.name.startswith("南昌映画") and project.created_by.username == "creator"
    from microdrama.studio.services.projects import open_project

    status = {s.stage: s for s in open_project(project).status(engine.studio_backends())}
    assert all(
        status[s].exists and not status[s].stale for s in (Stage.BIBLE, Stage.SCRIPTS, Stage.STORYBOARD)
    )
    assert not status[Stage.RENDER].exists
    assert project.title and project.jobs.get().status == "done"


def test_the_watermark_hook_is_on_unless_turned_off(settings):
    from microdrama.watermark import embed

    settings.STUDIO = {}
    assert engine.studio_backends().watermark is embed
    assert engine.watermark_reader() is not None


def test_a_language_model_from_the_environment_is_used(monkeypatch):
    monkeypatch.setenv("MICRODRAMA_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("MICRODRAMA_LLM_MODEL", "deepseek-chat")
    monkeypatch.setenv("MICRODRAMA_LLM_API_KEY", "sk-test")
    backends = engine.studio_backends()
    assert "deepseek-chat" in backends.llm.identity
    assert engine.llm_configured()
    assert engine.canonical_genre("太空歌剧") == "太空歌剧"  # a model writes any genre


def test_offline_the_genre_must_be_one_the_writer_knows():
    assert not engine.llm_configured()
    with pytest.raises(LookupError):
        engine.canonical_genre("太空歌剧")

"""A project keeps each stage's output on disk, reruns a stage only when its inputs change, takes a
person's edits (validated), and never overwrites an edit silently."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from microdrama.creation.backends import Backends
from microdrama.creation.models import SeriesBible
from microdrama.creation.project import Project, ProjectError, Stage
from microdrama.creation.voice import SilentVoice

from .conftest import PREMISE


@pytest.fixture
def backends():
    return Backends(voice=SilentVoice())


@pytest.fixture
def project(tmp_path, backends):
    project = Project.create(tmp_path / "p", PREMISE)
    project.run_all(backends, until=Stage.STORYBOARD)
    return project


def test_a_project_is_created_only_in_an_empty_folder(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    with pytest.raises(ProjectError, match="不是空的"):
        Project.create(tmp_path / "busy", PREMISE)
    with pytest.raises(ProjectError, match=r"project\.json"):
        Project.open(tmp_path / "busy")


def test_a_stage_needs_its_inputs_first(tmp_path, backends):
    project = Project.create(tmp_path / "p", PREMISE)
    with pytest.raises(ProjectError, match="请先完成：剧集设定"):
        project.run(Stage.SCRIPTS, backends)


def test_running_again_with_nothing_changed_reuses_every_output(project, backends):
    stamps = {s: project.path(s).stat().st_mtime_ns for s in (Stage.BIBLE, Stage.SCRIPTS, Stage.STORYBOARD)}
    events = []
    project.run_all(backends, until=Stage.STORYBOARD, progress=events.append)
    assert {s: project.path(s).stat().st_mtime_ns for s in stamps} == stamps
    assert all("沿用" in e.message for e in events)


def test_editing_the_bible_makes_the_stages_after_it_stale_and_they_follow_the_edit(project, backends):
    bible = project.bible()
    old, new = bible.characters[0].name, "苏小棠"
    data = json.loads(bible.to_json().replace(old, new))
    project.save(Stage.BIBLE, data, backends)
    status = {s.stage: s for s in project.status(backends)}
    assert status[Stage.BIBLE].edited and not status[Stage.BIBLE].stale
    assert status[Stage.SCRIPTS].stale and status[Stage.STORYBOARD].stale
    project.run_all(backends, until=Stage.STORYBOARD)
    spoken = {line.speaker for e in project.scripts().episodes for line in e.lines() if line.spoken}
    assert new in spoken and old not in spoken
    assert project.bible().characters[0].name == new  # the edit itself was kept


def test_an_edit_that_does_not_fit_the_schema_changes_nothing(project, backends):
    before = project.path(Stage.BIBLE).read_bytes()
    with pytest.raises(ValidationError):
        project.save(Stage.BIBLE, {"title": "只有标题"}, backends)
    assert project.path(Stage.BIBLE).read_bytes() == before


def test_an_edited_output_whose_inputs_changed_is_not_overwritten_without_force(project, backends):
    scripts = project.scripts()
    scripts.episodes[0].title = "人工改过的标题"
    project.save(Stage.SCRIPTS, scripts, backends)
    project.run(Stage.SCRIPTS, backends)  # inputs unchanged: the edit stays
    assert project.scripts().episodes[0].title == "人工改过的标题"
    bible = project.bible()
    project.save(Stage.BIBLE, bible.model_copy(update={"logline": bible.logline + "（改）"}), backends)
    with pytest.raises(ProjectError) as caught:
        project.run(Stage.SCRIPTS, backends)
    assert caught.value.code == "edited_stale"
    project.run(Stage.SCRIPTS, backends, force=True)
    assert project.scripts().episodes[0].title != "人工改过的标题"


def test_machine_outputs_cannot_be_replaced_by_hand(project, backends):
    with pytest.raises(ProjectError, match="不能手工替换"):
        project.save(Stage.REVIEW, project.review(), backends)
    with pytest.raises(ProjectError, match="SeriesBible"):
        project.save(Stage.BIBLE, project.scripts(), backends)
    assert isinstance(project.bible(), SeriesBible)

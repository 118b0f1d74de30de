"""Every rendered shot is keyed by a hash of its inputs: re-rendering an unchanged shot costs
nothing, and re-rendering an edited shot redoes that shot and its episode's assembly only."""

from __future__ import annotations

import shutil

import pytest

from microdrama.creation.project import Project, ProjectError, Stage


@pytest.fixture
def copy(rendered, tmp_path):
    project, backends, *_ = rendered
    root = tmp_path / "copy"
    shutil.copytree(project.root, root)
    return Project.open(root), backends


def _files(project):
    return {
        p.relative_to(project.root).as_posix(): p.stat().st_mtime_ns
        for p in (project.root / "cache").rglob("*")
        if p.is_file()
    }


def test_re_rendering_an_unchanged_shot_redoes_nothing(copy):
    project, backends = copy
    before = _files(project)
    key = project.renders().shot("e01-s002").key
    result = project.render_shot(1, 2, backends)
    assert result.key == key
    assert _files(project) == before


def test_re_rendering_an_edited_shot_redoes_only_that_shot_and_its_episode(copy):
    project, backends = copy
    manifest = project.renders()
    board = project.storyboard()
    shot = board.shot(1, 2)
    shot.description = "她把手里的咖啡重重放在桌上，抬头看他。"
    project.save(Stage.STORYBOARD, board, backends)
    before = _files(project)

    result = project.render_shot(1, 2, backends)

    after = _files(project)
    new = {"/".join(p.split("/")[1:3]) for p in set(after) - set(before)}  # cache/<kind>/<key>…
    assert result.key != manifest.shot("e01-s002").key
    assert f"shots/{result.key}" in new
    assert sorted(n.split("/")[0] for n in new) == ["episodes", "keyframes", "shots"]  # one of each
    unchanged = {k: v for k, v in before.items() if k in after}
    assert all(after[k] == v for k, v in unchanged.items())  # nothing already there was rewritten
    updated = project.renders()
    assert updated.episode(2) == manifest.episode(2)
    assert updated.episode(1) != manifest.episode(1)
    assert [s.key for s in updated.shots if s.shot_id != "e01-s002"] == [
        s.key for s in manifest.shots if s.shot_id != "e01-s002"
    ]


def test_forcing_a_re_render_renders_the_shot_again(copy):
    project, backends = copy
    before = _files(project)
    project.render_shot(2, 1, backends, force=True)
    changed = {k for k, v in _files(project).items() if before.get(k) != v}
    assert changed and all("/shots/" in f"/{k}" or "/keyframes/" in f"/{k}" for k in changed)


def test_asking_for_a_shot_that_does_not_exist_is_a_clear_error(copy):
    project, backends = copy
    with pytest.raises(ProjectError, match="没有第99镜"):
        project.render_shot(1, 99, backends)

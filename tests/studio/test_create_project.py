"""Creating a project from a premise: the folder lives under MEDIA_ROOT/studio/<uid>, never in the
repository; bad input is refused field by field in Chinese and leaves no row and no folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microdrama.accounts.roles import Role
from microdrama.studio.models import StudioProject
from microdrama.studio.services.projects import create_project

from .conftest import PREMISE

REPO = Path(__file__).resolve().parents[2]


def test_a_project_is_a_row_and_an_engine_folder_under_media_root(creator, settings):
    project = create_project(creator, **PREMISE)
    folder = project.folder
    assert folder == Path(settings.MEDIA_ROOT) / "studio" / project.uid
    assert (folder / "project.json").is_file()
    assert not folder.resolve().is_relative_to(REPO)
    assert project.company == creator.organisation
    from microdrama.creation.project import Project

    info = Project.open(folder).info
    assert info.premise.episodes == 1 and info.premise.genre == "甜宠"
    assert info.spec.frames == 48  # the studio's configured render spec


def test_a_genre_alias_is_stored_under_the_writers_name(creator):
    project = create_project(creator, **{**PREMISE, "genre": "爱情"})
    assert project.genre == "甜宠"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("premise", "", "故事梗概太短"),
        ("premise", "   ", "故事梗概太短"),
        ("premise", "长" * 501, "故事梗概太长（501 字）"),
        ("genre", "赛博朋克", "不支持的题材“赛博朋克”"),
        ("episodes", 0, "集数应在 1 到 100 之间"),
        ("episodes", 500, "集数应在 1 到 100 之间"),
        ("episodes", "两集", "集数应为整数"),
        ("hook_seconds", 12, "开场钩子应在 3 到 8 秒之间"),
        ("hook_seconds", "nan", "开场钩子秒数应为数字"),
        ("seed", -1, "随机种子应在 0 到"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(creator, settings, field, value, message):
    with pytest.raises(ValidationError) as caught:
        create_project(creator, **{**PREMISE, field: value})
    assert field in caught.value.error_dict
    assert any(message in m for m in caught.value.message_dict[field])
    assert not StudioProject.objects.exists()
    studio = Path(settings.MEDIA_ROOT) / "studio"
    assert not studio.exists() or not any(studio.iterdir())


def test_only_a_production_companys_creator_may_create(make_user, applicant_a):
    with pytest.raises(PermissionDenied):
        create_project(applicant_a, **PREMISE)
    reviewer = make_user(Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        create_project(reviewer, **PREMISE)
    assert not StudioProject.objects.exists()


def test_the_new_project_form_shows_each_problem_under_its_field(client, creator):
    client.force_login(creator)
    response = client.post(
        reverse("studio:new"),
        {"premise": "短", "genre": "甜宠", "episodes": "500", "hook_seconds": "3", "seed": "7"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "故事梗概太短" in form.errors["premise"][0]
    assert "集数应在 1 到 100 之间" in form.errors["episodes"][0]
    assert not StudioProject.objects.exists()


def test_the_new_project_form_creates_and_opens_the_project(client, creator):
    client.force_login(creator)
    response = client.post(reverse("studio:new"), {**PREMISE, "episodes": "2"})
    project = StudioProject.objects.get()
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200
    states = [row.state for row in page.context["rows"]]
    assert states == ["missing"] * 7

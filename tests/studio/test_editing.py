"""A person's edits in the browser: the bible form, an episode's script, one shot, and the raw JSON
editor. An edit that does not fit the engine's model is refused with Chinese sentences naming the
place, and nothing is written."""

from __future__ import annotations

from django.urls import reverse

from microdrama.creation.pipeline import Stage
from microdrama.studio.models import StudioJob
from microdrama.studio.services.projects import open_project

from .conftest import files_of


def form_data(response) -> dict:
    """What the browser would send back: every named input of the editor form as rendered."""
    import re

    html = response.content.decode()
    form = html[html.index('method="post" class="form"') :]
    data = {}
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*name=\"[^\"]+\"[^>]*>(?:[^<]*</textarea>)?", form):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        if name == "csrfmiddlewaretoken" or ('type="checkbox"' in tag and "checked" not in tag):
            continue
        if tag.startswith("<textarea"):
            data[name] = re.search(r">([^<]*)</textarea>", tag).group(1)
        elif tag.startswith("<select"):
            continue
        else:
            value = re.search(r'value="([^"]*)"', tag)
            data[name] = value.group(1) if value else ""
    import html as h

    return {k: h.unescape(v) for k, v in data.items()}


def test_editing_the_bible_renames_a_character_and_adds_one(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:bible", args=[boarded.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "title": "心动合约",
            "c-0-name": "苏念",
            "c-new-name": "周律师",
            "c-new-appearance": "四十岁，短发，金丝眼镜",
            "c-new-gender": "男",
            "c-new-age": "40",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    engine = open_project(boarded)
    bible = engine.bible()
    assert bible.title == "心动合约"
    assert bible.characters[0].name == "苏念"
    added = bible.character("周律师")
    assert added is not None and added.age == 40 and added.id not in {c.id for c in bible.characters[:-1]}
    status = {s.stage: s for s in engine.status()}
    assert status[Stage.BIBLE].edited and status[Stage.SCRIPTS].stale
    boarded.refresh_from_db()
    assert boarded.title == "心动合约"


def test_a_bible_edit_that_breaks_the_model_is_explained_and_not_saved(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:bible", args=[boarded.pk])
    data = form_data(client.get(url))
    before = files_of(boarded.folder)
    data.update({"c-0-appearance": "", "c-1-age": "二十"})
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["errors"]
    assert "角色 · 第 1 项 · 外貌：不能为空" in errors
    assert "角色 · 第 2 项 · 年龄：应为整数" in errors
    assert "没有保存" in response.content.decode()
    assert files_of(boarded.folder) == before


def test_editing_a_script_line_marks_the_scripts_edited_and_the_storyboard_stale(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:scripts", args=[boarded.pk]) + "?episode=1"
    data = form_data(client.get(url))
    spoken = next(k for k in data if k.endswith("-speaker") and data[k] and "-new-" not in k)
    text_key = spoken.replace("-speaker", "-text")
    data[text_key] = "我只是路过，真的只是路过。"
    data["s-0-new-text"] = "（远处传来汽车喇叭声。）"
    data["s-0-new-kind"] = "action"
    response = client.post(url, data)
    assert response.status_code == 302
    engine = open_project(boarded)
    lines = [line.text for line in engine.scripts().episodes[0].lines()]
    assert "我只是路过，真的只是路过。" in lines and "（远处传来汽车喇叭声。）" in lines
    status = {s.stage: s for s in engine.status()}
    assert status[Stage.SCRIPTS].edited and status[Stage.STORYBOARD].stale and status[Stage.REVIEW].stale


def test_a_spoken_line_without_a_speaker_is_refused(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:scripts", args=[boarded.pk]) + "?episode=1"
    data = form_data(client.get(url))
    before = files_of(boarded.folder)
    data["s-0-new-text"] = "谁在说话？"
    data["s-0-new-kind"] = "dialogue"
    data["s-0-new-speaker"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("对白和旁白必须写明说话人" in e for e in response.context["errors"])
    assert files_of(boarded.folder) == before


def test_malformed_json_is_refused_with_line_and_column(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:json", args=[boarded.pk, "storyboard"])
    before = files_of(boarded.folder)
    response = client.post(url, {"document": '{\n  "kind": "storyboard",\n  "episodes": [\n}'})
    assert response.status_code == 200
    assert response.context["errors"][0].startswith("JSON 格式错误：第 4 行第 1 列")
    response = client.post(url, {"document": '{"kind": "storyboard", "episodes": [], "colour": 1}'})
    errors = response.context["errors"]
    assert "分集：至少需要 1 项" in errors and "colour：不认识这个字段（拼写错误？）" in errors
    response = client.post(url, {"document": "[1, 2]"})
    assert "JSON 对象" in response.context["errors"][0]
    assert files_of(boarded.folder) == before


def test_the_json_editor_saves_a_valid_document(client, boarded, creator):
    client.force_login(creator)
    engine = open_project(boarded)
    bible = engine.bible()
    bible.style = "胶片颗粒，暖色调"
    response = client.post(reverse("studio:json", args=[boarded.pk, "bible"]), {"document": bible.to_json()})
    assert response.status_code == 302
    assert open_project(boarded).bible().style == "胶片颗粒，暖色调"


def test_only_editable_stages_have_a_json_editor(client, boarded, creator):
    client.force_login(creator)
    assert client.get(reverse("studio:json", args=[boarded.pk, "review"])).status_code == 404


def test_an_edit_waits_for_no_running_job(client, boarded, creator):
    client.force_login(creator)
    StudioJob.objects.create(project=boarded, kind="all", status="running", created_by=creator)
    url = reverse("studio:bible", args=[boarded.pk])
    data = form_data(client.get(url))
    data["title"] = "运行时改名"
    response = client.post(url, data)
    assert any("有任务正在运行" in e for e in response.context["errors"])
    assert open_project(boarded).bible().title != "运行时改名"


def test_editing_a_shot_rebuilds_its_prompts(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:shot", args=[boarded.pk, 1, 2])
    data = form_data(client.get(url))
    data.update(
        {
            "description": "雨夜，两人在便利店门口对视",
            "shot_size": "特写",
            "camera_move": "推",
            "angle": "平视",
            "q-0-text": "你怎么在这里？",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    shot = open_project(boarded).storyboard().shot(1, 2)
    assert shot.description == "雨夜，两人在便利店门口对视"
    assert shot.cues[0].text == "你怎么在这里？"
    assert "画面：雨夜，两人在便利店门口对视" in shot.keyframe_prompt and shot.keyframe_prompt.startswith(
        "特写"
    )


def test_a_cue_outside_its_shot_is_refused(client, boarded, creator):
    client.force_login(creator)
    url = reverse("studio:shot", args=[boarded.pk, 1, 2])
    data = form_data(client.get(url))
    data.update({"shot_size": "中景", "camera_move": "固定", "angle": "平视", "q-0-end": "99"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("超出镜头时长" in e for e in response.context["errors"])

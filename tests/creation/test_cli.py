"""`microdrama studio …` and `microdrama aigc-check`: thin commands over the engine, with clear
Chinese + English errors and non-zero exits on bad input."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from microdrama.cli import main
from microdrama.creation.project import Project, Stage


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_studio_new_writes_the_stages_it_was_asked_for(tmp_path):
    out = tmp_path / "proj"
    result = _run(
        "studio",
        "new",
        "--premise",
        "女刑警在雨夜命案现场发现了失踪父亲的怀表",
        "--genre",
        "悬疑",
        "--episodes",
        "2",
        "--out",
        str(out),
        "--until",
        "storyboard",
        "--no-watermark",
    )
    assert result.exit_code == 0, result.output
    project = Project.open(out)
    assert project.storyboard() is not None and project.renders() is None
    assert "审核：0 个错误" in result.output


def test_studio_new_refuses_an_unknown_genre_and_a_busy_folder(tmp_path):
    result = _run(
        "studio",
        "new",
        "--premise",
        "一个关于外星人的故事",
        "--genre",
        "科幻",
        "--episodes",
        "2",
        "--out",
        str(tmp_path / "p"),
        "--until",
        "bible",
    )
    assert result.exit_code != 0 and "离线写作暂不支持题材" in result.output
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    result = _run(
        "studio",
        "new",
        "--premise",
        "一个故事梗概",
        "--genre",
        "甜宠",
        "--episodes",
        "1",
        "--out",
        str(tmp_path / "busy"),
    )
    assert result.exit_code != 0 and "不是空的" in result.output and "ProjectError" in result.output


def test_studio_run_applies_an_edited_json_and_status_reports_it(tmp_path):
    out = tmp_path / "proj"
    _run(
        "studio",
        "new",
        "--premise",
        "插画师在街头拉住陌生人假扮男友",
        "--genre",
        "甜宠",
        "--episodes",
        "1",
        "--out",
        str(out),
        "--until",
        "review",
        "--no-watermark",
    )
    path = out / "stages" / "scripts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["episodes"][0]["scenes"][0]["lines"][1]["speaker"] = "神秘人"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _run("studio", "run", str(out), "--stage", "review", "--no-watermark")
    assert result.exit_code == 0 and "神秘人" in result.output and "1 个错误" in result.output
    status = _run("studio", "status", str(out))
    assert "剧本审核" in status.output and "最新" in status.output


def test_render_shot_and_aigc_check_on_a_rendered_project(rendered, tmp_path):
    project, *_ = rendered
    root = tmp_path / "copy"
    shutil.copytree(project.root, root)
    result = _run("studio", "render-shot", str(root), "--episode", "1", "--shot", "2", "--no-watermark")
    assert result.exit_code == 0, result.output
    assert "e01-s002.mp4" in result.output and "204 帧" in result.output and "540×960" in result.output

    labelled = _run("aigc-check", str(root / "episodes" / "e01.mp4"), "--no-watermark", "--json")
    report = json.loads(labelled.output)
    assert labelled.exit_code == 0 and report["labelled"] and report["c2pa"]["present"]

    sheet = _run("aigc-check", str(root / "characters" / "c1-front.png"), "--no-watermark")
    assert sheet.exit_code == 0, sheet.output  # generated pictures carry both labels too

    from PIL import Image

    Image.new("RGB", (540, 960), (120, 90, 60)).save(tmp_path / "plain.png")
    missing = _run("aigc-check", str(tmp_path / "plain.png"), "--no-watermark")
    assert missing.exit_code == 1 and "缺少必需的标识" in missing.output


def test_aigc_check_refuses_a_missing_file(tmp_path):
    result = _run("aigc-check", str(tmp_path / "nothing.mp4"))
    assert result.exit_code == 2


def test_render_shot_without_a_storyboard_is_a_clear_error(tmp_path):
    out = tmp_path / "proj"
    _run(
        "studio",
        "new",
        "--premise",
        "插画师在街头拉住陌生人假扮男友",
        "--genre",
        "甜宠",
        "--episodes",
        "1",
        "--out",
        str(out),
        "--until",
        "bible",
        "--no-watermark",
    )
    result = _run("studio", "render-shot", str(out), "-e", "1", "-s", "1", "--no-watermark")
    assert result.exit_code == 1 and "还没有分镜" in result.output
    assert Project.open(out).load(Stage.RENDER) is None

"""The AI lab on the command line: `studio new` (premise → every artefact, offline by default),
`studio run` (one stage of an existing project, after editing its JSON), `studio render-shot`
(one shot, from cache when nothing changed), `studio status`, and the top-level `aigc-check`.

A thin layer over `microdrama.creation`; no Django. A real LLM is used when MICRODRAMA_LLM_BASE_URL
(and _MODEL, _API_KEY) are set. The watermark engine, when importable, embeds its payload into
every episode and is used by `aigc-check` to read it back.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click
from pydantic import ValidationError
from tqdm import tqdm

from microdrama.creation.backends import (
    BackendConfigError,
    Backends,
    backends_from_settings,
    settings_from_environment,
)
from microdrama.creation.labels.checker import check_labels
from microdrama.creation.llm.base import LLMError
from microdrama.creation.models.bible import Premise
from microdrama.creation.progress import ProgressEvent
from microdrama.creation.project import STAGE_NAMES, STAGES, Project, ProjectError, Stage
from microdrama.creation.video.base import VideoError
from microdrama.media.errors import MediaError

_FAILURES = (ProjectError, LLMError, VideoError, MediaError, BackendConfigError, ValidationError, LookupError)


class _Bars:
    """One tqdm bar per running stage, on stderr; a stage's bar closes when the stage ends."""

    def __init__(self) -> None:
        self.bars: dict[str, tqdm] = {}

    def __call__(self, event: ProgressEvent) -> None:
        total = max(1, event.total)
        bar = self.bars.get(event.stage)
        if bar is None:
            known = event.stage in Stage._value2member_map_
            name = STAGE_NAMES[Stage(event.stage)] if known else event.stage
            bar = self.bars[event.stage] = tqdm(total=total, desc=name, file=sys.stderr, dynamic_ncols=True)
        elif bar.total != total:
            bar.reset(total=total)
        bar.n = min(event.done, total)
        bar.set_postfix_str(event.message[:40], refresh=True)
        if event.done >= total and event.message.endswith(("：完成", "沿用已有结果")):
            bar.close()
            del self.bars[event.stage]

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def watermark_engine():
    """(embed, reader) from microdrama.watermark when it is importable; (None, None) otherwise."""
    try:
        engine = importlib.import_module("microdrama.watermark")
    except ImportError:
        return None, None
    embed = getattr(engine, "embed", None)
    read = next(
        (getattr(engine, n) for n in ("extract", "detect", "read") if callable(getattr(engine, n, None))),
        None,
    )

    def reader(path: Path) -> int | None:
        result = read(path)
        if result is None or isinstance(result, int):
            return result
        if getattr(result, "present", True) is False:  # decoded noise is not a watermark
            return None
        payload = getattr(result, "payload_int", None)
        if payload is None:
            payload = getattr(result, "payload", None)
        return int(payload, 16) if isinstance(payload, str) else payload

    return (embed if callable(embed) else None), (reader if read is not None else None)


def _backends(watermark: bool = True) -> Backends:
    embed = watermark_engine()[0] if watermark else None
    try:
        return backends_from_settings(settings_from_environment(), watermark=embed)
    except BackendConfigError as exc:
        raise click.ClickException(f"{exc} / backend configuration error") from exc


def _fail(exc: Exception) -> click.ClickException:
    if isinstance(exc, ValidationError):
        return click.ClickException(f"项目文件格式不正确 / invalid project document:\n{exc}")
    return click.ClickException(f"{exc} / {type(exc).__name__}")


def _summary(project: Project) -> None:
    root = project.root
    review = project.review()
    if review is not None:
        click.echo(
            f"审核：{len(review.errors)} 个错误，{len(review.warnings)} 个提示；需人工确认 {len(review.manual_checks)} 项"
        )
        for finding in review.findings:
            click.echo(f"  [{finding.severity.value}] {finding.message}")
    renders = project.renders()
    if renders is not None:
        for episode in renders.episodes:
            click.echo(
                f"第{episode.number}集：{root / episode.video}（{episode.frames} 帧，{episode.seconds:.2f} 秒；"
                f"C2PA：{episode.labels.c2pa}；水印：{episode.labels.watermark_payload or '未嵌入'}）"
            )
        for note in renders.notes:
            click.echo(f"注意：{note}")
    exports = project.exports()
    if exports is not None:
        click.echo(f"剧本：{root / exports.fountain}")
        click.echo(f"分镜表：{root / exports.shot_list_csv}，{root / exports.shot_list_xlsx}")
        click.echo(f"分镜 PDF：{root / exports.storyboard_pdf}")
        click.echo(f"时间线：{root / exports.series_timeline}")


@click.group("studio")
def studio() -> None:
    """AI 创作实验室：从一句梗概到剧本、分镜、角色和 540P 成片（默认完全离线）。"""


@studio.command("new")
@click.option("--premise", required=True, help="一句话故事梗概 / one-line premise.")
@click.option("--genre", required=True, help="题材：逆袭、甜宠、悬疑、家庭、古装（或其别称）/ genre.")
@click.option("--episodes", required=True, type=click.IntRange(1, 100), help="集数 / number of episodes.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="新项目目录（须为空）/ new, empty project folder.",
)
@click.option("--seed", default=7, show_default=True, type=click.IntRange(0), help="随机种子 / seed.")
@click.option(
    "--hook-seconds",
    default=3.0,
    show_default=True,
    type=click.FloatRange(3, 8),
    help="开场钩子须在前几秒内 / hook window in seconds.",
)
@click.option(
    "--until",
    type=click.Choice([s.value for s in STAGES]),
    default=Stage.EXPORT.value,
    show_default=True,
    help="运行到哪个阶段为止 / last stage to run.",
)
@click.option(
    "--watermark/--no-watermark",
    default=True,
    show_default=True,
    help="用水印引擎给每集嵌入水印（较慢）/ embed the watermark engine's payload in each episode.",
)
def new(
    premise: str,
    genre: str,
    episodes: int,
    out: Path,
    seed: int,
    hook_seconds: float,
    until: str,
    watermark: bool,
) -> None:
    """Create a project from a premise and run the whole pipeline, writing every artefact."""
    backends = _backends(watermark)
    bars = _Bars()
    try:
        project = Project.create(
            out,
            Premise(premise=premise, genre=genre, episodes=episodes, seed=seed, hook_seconds=hook_seconds),
        )
        project.run_all(backends, progress=bars, until=Stage(until))
    except _FAILURES as exc:
        raise _fail(exc) from exc
    finally:
        bars.close()
    click.echo(f"项目：{project.root}")
    _summary(project)


@studio.command("run")
@click.argument("project_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--stage", type=click.Choice([s.value for s in STAGES]), help="只运行这个阶段 / run only this stage."
)
@click.option("--force", is_flag=True, help="覆盖人工修改过的结果 / overwrite a person's edits.")
@click.option(
    "--watermark/--no-watermark", default=True, show_default=True, help="嵌入水印 / embed watermarks."
)
def run(project_dir: Path, stage: str | None, force: bool, watermark: bool) -> None:
    """Run one stage (or every stale stage) of an existing project, e.g. after editing its JSON."""
    backends = _backends(watermark)
    bars = _Bars()
    try:
        project = Project.open(project_dir)
        if stage:
            project.run(Stage(stage), backends, progress=bars, force=force)
        else:
            project.run_all(backends, progress=bars, force=force)
    except _FAILURES as exc:
        raise _fail(exc) from exc
    finally:
        bars.close()
    _summary(project)


@studio.command("status")
@click.argument("project_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def status(project_dir: Path) -> None:
    """Show each stage: done, stale (inputs changed) or missing; edited by a person or not."""
    try:
        project = Project.open(project_dir)
        rows = project.status(_backends())
    except _FAILURES as exc:
        raise _fail(exc) from exc
    for row in rows:
        state = "缺失" if not row.exists else ("需重跑" if row.stale else "最新")
        edited = "（人工修改）" if row.edited else ""
        click.echo(f"{STAGE_NAMES[row.stage]:<6} {state}{edited}  {row.produced_by}  {row.updated_at}")


@studio.command("render-shot")
@click.argument("project_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--episode", "-e", required=True, type=click.IntRange(1), help="集 / episode number.")
@click.option(
    "--shot", "-s", required=True, type=click.IntRange(1), help="镜号 / shot number in the episode."
)
@click.option("--force", is_flag=True, help="即使内容未变也重新渲染 / re-render even if unchanged.")
@click.option(
    "--watermark/--no-watermark", default=True, show_default=True, help="嵌入水印 / embed watermarks."
)
def render_shot(project_dir: Path, episode: int, shot: int, force: bool, watermark: bool) -> None:
    """Re-render one shot from the project's storyboard and re-assemble its episode.

    Everything is keyed by content hashes: a shot whose storyboard entry, characters, backends and
    settings are unchanged comes from the cache, and no other shot is redone."""
    backends = _backends(watermark)
    bars = _Bars()
    try:
        project = Project.open(project_dir)
        result = project.render_shot(episode, shot, backends, progress=bars, force=force)
    except _FAILURES as exc:
        raise _fail(exc) from exc
    finally:
        bars.close()
    rendered = project.renders()
    episode_render = rendered.episode(episode) if rendered else None
    click.echo(
        f"镜头：{project.root / result.video}（{result.frames} 帧，{result.width}×{result.height}，"
        f"{result.fps:g} fps，内容键 {result.key[:12]}）"
    )
    if episode_render is not None:
        click.echo(f"第{episode}集：{project.root / episode_render.video}")


@click.command("aigc-check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON.")
@click.option(
    "--text", "visible_text", default="AI生成", show_default=True, help="显式标识文字 / visible label text."
)
@click.option(
    "--watermark/--no-watermark",
    default=True,
    show_default=True,
    help="用水印引擎读取载荷（较慢）/ read the watermark payload.",
)
def aigc_check(file: Path, as_json: bool, visible_text: str, watermark: bool) -> None:
    """Report whether FILE carries each AIGC label (GB 45438-2025): the visible label, the implicit
    metadata label, a C2PA manifest and, if the watermark engine is installed, its payload.

    Exit status 0 when the required labels (visible and implicit) are both present, 1 otherwise."""
    reader = watermark_engine()[1] if watermark else None
    try:
        report = check_labels(file, visible_text=visible_text, watermark_reader=reader)
    except _FAILURES as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(
            json.dumps(report.model_dump() | {"labelled": report.labelled}, ensure_ascii=False, indent=2)
        )
    else:
        marks = {True: "有", False: "无", None: "未知"}
        for name, finding in (
            ("显式标识", report.visible),
            ("隐式标识（元数据）", report.implicit),
            ("C2PA 清单", report.c2pa),
            ("数字水印", report.watermark),
        ):
            click.echo(f"{name}：{marks[finding.present]} — {finding.detail}")
        click.echo("结论：" + ("已按要求标识" if report.labelled else "缺少必需的标识（显式和隐式）"))
    sys.exit(0 if report.labelled else 1)


commands: list[click.Command] = [studio, aigc_check]

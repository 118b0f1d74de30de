"""A creation project on disk, and the operations the studio app (and the CLI) perform on it:
create from a premise, run a stage (with progress), read and replace a stage's output (a person's
edit), re-render one shot, export.

Layout of a project folder::

    project.json              premise, render spec, review rules, label policy, project id
    stages/<stage>.json       each stage's output (bible, scripts, review, storyboard, characters,
    stages/<stage>.meta.json  render, export) and what it was made from (content key, backend, edited?)
    characters/               三视图 views and sheets          frames/     one keyframe per shot
    shots/                    e01-s001.mp4 + .srt per shot      episodes/   e01.mp4 + e01.srt
    export/                   script.fountain, shotlist.csv/.xlsx, storyboard.pdf, timelines/*.otio
    keys/                     the self-signed C2PA test certificate (when none is configured)
    cache/                    content-addressed intermediates: scripts/, keyframes/, clips/,
                              shots/<key>/, episodes/<key>/ (the files above link into it)

A stage is re-run only when its content key — its input documents, the settings it uses and the
backend's identity — changed. An output a person edited is never overwritten silently: if its
inputs change afterwards, running the stage again needs `force=True`.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from .backends import Backends
from .hashing import content_key
from .labels.implicit import LabelPolicy
from .labels.provenance import self_signed_credentials
from .models.base import Document
from .models.bible import Premise, SeriesBible
from .models.outputs import CharacterDesign, ExportManifest, RenderManifest, ShotRender
from .models.review import ReviewReport
from .models.script import EpisodeScript, Scripts
from .models.storyboard import RenderSpec, Storyboard
from .pipeline import DOCUMENTS, EDITABLE, STAGE_NAMES, STAGES, UPSTREAM, ProjectError, Stage
from .progress import Progress, ProgressEvent, ignore_progress
from .render.context import RenderContext
from .render.episode import assemble_episode
from .render.shot import render_shot as render_one_shot
from .rules import ReviewRules
from .stages.characters import design_characters
from .stages.export import export_project
from .stages.plan import plan_series
from .stages.render import render_storyboard
from .stages.review import review_scripts
from .stages.storyboard import storyboard as board_scripts
from .stages.write import write_episode, write_scripts

PIPELINE_VERSION = "1"


class ProjectFile(Document):
    kind: Literal["project"] = "project"
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{4,40}$")
    premise: Premise
    spec: RenderSpec = Field(default_factory=RenderSpec)
    rules: ReviewRules = Field(default_factory=ReviewRules)
    labels: LabelPolicy = Field(default_factory=LabelPolicy)
    created_at: str


class StageMeta(Document):
    stage: Stage
    key: str
    produced_by: str
    edited: bool = False
    updated_at: str


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    exists: bool
    stale: bool  # inputs changed since it was made (or it is missing)
    edited: bool
    produced_by: str
    updated_at: str
    path: Path


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class Project:
    def __init__(self, root: Path, info: ProjectFile) -> None:
        self.root = root
        self.info = info

    # ------------------------------------------------------------------ create / open
    @classmethod
    def create(
        cls,
        root: str | Path,
        premise: Premise,
        *,
        spec: RenderSpec | None = None,
        rules: ReviewRules | None = None,
        labels: LabelPolicy | None = None,
        project_id: str | None = None,
    ) -> Project:
        root = Path(root)
        if (root / "project.json").exists():
            raise ProjectError(f"目录里已经有一个创作项目：{root}", code="exists")
        if root.exists() and any(root.iterdir()):
            raise ProjectError(f"目录不是空的，请换一个目录：{root}", code="not_empty")
        rules = rules or ReviewRules(hook_seconds=premise.hook_seconds)
        info = ProjectFile(
            id=project_id or uuid.uuid4().hex[:12],
            premise=premise,
            spec=spec or RenderSpec(),
            rules=rules,
            labels=labels or LabelPolicy(),
            created_at=_now(),
        )
        root.mkdir(parents=True, exist_ok=True)
        info.save(root / "project.json")
        return cls(root, info)

    @classmethod
    def open(cls, root: str | Path) -> Project:
        root = Path(root)
        if not (root / "project.json").is_file():
            raise ProjectError(f"这里不是创作项目目录（缺少 project.json）：{root}", code="missing")
        return cls(root, ProjectFile.load(root / "project.json"))

    def update_settings(
        self,
        *,
        spec: RenderSpec | None = None,
        rules: ReviewRules | None = None,
        labels: LabelPolicy | None = None,
    ) -> None:
        """Change the render spec, review rules or label policy; stages that use them become stale."""
        with self._locked():
            update = {
                k: v for k, v in (("spec", spec), ("rules", rules), ("labels", labels)) if v is not None
            }
            self.info = self.info.model_copy(update=update)
            self.info.save(self.root / "project.json")

    # ------------------------------------------------------------------ documents
    def path(self, stage: Stage) -> Path:
        return self.root / "stages" / f"{Stage(stage).value}.json"

    def _meta_path(self, stage: Stage) -> Path:
        return self.root / "stages" / f"{Stage(stage).value}.meta.json"

    def load(self, stage: Stage) -> Document | None:
        path = self.path(stage)
        return DOCUMENTS[Stage(stage)].load(path) if path.is_file() else None

    def meta(self, stage: Stage) -> StageMeta | None:
        path = self._meta_path(stage)
        return StageMeta.model_validate_json(path.read_bytes()) if path.is_file() else None

    def bible(self) -> SeriesBible | None:
        return self.load(Stage.BIBLE)  # type: ignore[return-value]

    def scripts(self) -> Scripts | None:
        return self.load(Stage.SCRIPTS)  # type: ignore[return-value]

    def review(self) -> ReviewReport | None:
        return self.load(Stage.REVIEW)  # type: ignore[return-value]

    def storyboard(self) -> Storyboard | None:
        return self.load(Stage.STORYBOARD)  # type: ignore[return-value]

    def characters(self) -> CharacterDesign | None:
        return self.load(Stage.CHARACTERS)  # type: ignore[return-value]

    def renders(self) -> RenderManifest | None:
        return self.load(Stage.RENDER)  # type: ignore[return-value]

    def exports(self) -> ExportManifest | None:
        return self.load(Stage.EXPORT)  # type: ignore[return-value]

    def save(
        self, stage: Stage, document: Document | dict | str | bytes, backends: Backends | None = None
    ) -> Document:
        """Replace a stage's output with a person's edit (a model, a dict or JSON text).

        The edit is validated against the stage's model (pydantic.ValidationError if it does not
        fit) and marked as edited; stages downstream become stale and are redone on their next run.
        """
        stage = Stage(stage)
        if stage not in EDITABLE:
            raise ProjectError(f"“{STAGE_NAMES[stage]}”由程序生成，不能手工替换", code="not_editable")
        model = DOCUMENTS[stage]
        if isinstance(document, str | bytes):
            document = model.model_validate_json(document)
        elif isinstance(document, dict):
            document = model.model_validate(document)
        elif not isinstance(document, model):
            raise ProjectError(
                f"“{STAGE_NAMES[stage]}”需要 {model.__name__}，收到 {type(document).__name__}",
                code="wrong_type",
            )
        else:
            document = model.model_validate(document.model_dump())  # re-validate edits made by assignment
        with self._locked():
            self._missing_upstream(stage)
            key = self.input_key(stage, backends or Backends())
            document.save(self.path(stage))
            StageMeta(stage=stage, key=key, produced_by="person", edited=True, updated_at=_now()).save(
                self._meta_path(stage)
            )
        return document

    # ------------------------------------------------------------------ status
    def input_key(self, stage: Stage, backends: Backends) -> str:
        stage = Stage(stage)
        upstream = [self.load(s) for s in UPSTREAM[stage]]
        info = self.info
        writing = info.rules.model_dump(include={"hook_seconds", "chars_per_second", "max_line_seconds"})
        extra = {
            Stage.BIBLE: (info.premise, backends.llm.identity),
            Stage.SCRIPTS: (writing, backends.llm.identity),
            Stage.REVIEW: (info.rules,),
            Stage.STORYBOARD: (info.spec, writing, info.rules.action_seconds),
            Stage.CHARACTERS: (backends.image.identity, info.labels),
            Stage.RENDER: (
                info.spec,
                info.labels,
                backends.image.identity,
                backends.video.identity,
                backends.voice.identity,
                backends.watermark is not None,
            ),
            Stage.EXPORT: (),
        }[stage]
        return content_key(PIPELINE_VERSION, stage.value, upstream, *extra)

    def status(self, backends: Backends | None = None) -> list[StageStatus]:
        backends = backends or Backends()
        out = []
        for stage in STAGES:
            meta = self.meta(stage)
            exists = self.path(stage).is_file()
            ready = all(self.path(s).is_file() for s in UPSTREAM[stage])
            stale = not exists or meta is None or (ready and meta.key != self.input_key(stage, backends))
            out.append(
                StageStatus(
                    stage,
                    exists,
                    stale,
                    bool(meta and meta.edited),
                    meta.produced_by if meta else "",
                    meta.updated_at if meta else "",
                    self.path(stage),
                )
            )
        return out

    # ------------------------------------------------------------------ running
    def run(
        self,
        stage: Stage,
        backends: Backends | None = None,
        *,
        progress: Progress = ignore_progress,
        force: bool = False,
    ) -> Document:
        """Run one stage (or return its output if its inputs are unchanged). Its upstream stages
        must have outputs already; `run_all` runs the whole chain."""
        stage = Stage(stage)
        backends = backends or Backends()
        with self._locked():
            self._missing_upstream(stage)
            key = self.input_key(stage, backends)
            meta, current = self.meta(stage), self.load(stage)
            if current is not None and meta is not None and meta.key == key and not force:
                progress(ProgressEvent(stage.value, 1, 1, f"{STAGE_NAMES[stage]}：内容未变，沿用已有结果"))
                return current
            if current is not None and meta is not None and meta.edited and not force:
                raise ProjectError(
                    f"“{STAGE_NAMES[stage]}”有人工修改，但它依据的内容已经变化；确认覆盖请使用 force（--force）",
                    code="edited_stale",
                )
            progress(ProgressEvent(stage.value, 0, 1, f"{STAGE_NAMES[stage]}：开始"))
            document = self._produce(stage, backends, progress)
            document.save(self.path(stage))
            produced_by = {
                Stage.BIBLE: backends.llm.identity,
                Stage.SCRIPTS: backends.llm.identity,
                Stage.CHARACTERS: backends.image.identity,
                Stage.RENDER: backends.video.identity,
            }.get(stage, f"rules/{PIPELINE_VERSION}")
            StageMeta(stage=stage, key=key, produced_by=produced_by, updated_at=_now()).save(
                self._meta_path(stage)
            )
            progress(ProgressEvent(stage.value, 1, 1, f"{STAGE_NAMES[stage]}：完成"))
            return document

    def run_all(
        self,
        backends: Backends | None = None,
        *,
        progress: Progress = ignore_progress,
        until: Stage = Stage.EXPORT,
        force: bool = False,
    ) -> dict[Stage, Document]:
        backends = backends or Backends()
        results = {}
        for stage in STAGES:
            results[stage] = self.run(stage, backends, progress=progress, force=force)
            if stage == Stage(until):
                break
        return results

    def export(
        self, backends: Backends | None = None, *, progress: Progress = ignore_progress
    ) -> ExportManifest:
        return self.run(Stage.EXPORT, backends, progress=progress)  # type: ignore[return-value]

    def render_shot(
        self,
        episode: int,
        number: int,
        backends: Backends | None = None,
        *,
        progress: Progress = ignore_progress,
        force: bool = False,
    ) -> ShotRender:
        """Re-render one shot of the current storyboard (from cache when its inputs are unchanged,
        unless `force`), then re-assemble its episode. Other episodes are not touched; other shots
        of the same episode come from the cache."""
        backends = backends or Backends()
        with self._locked():
            board = self.storyboard()
            if board is None:
                raise ProjectError("还没有分镜，请先运行分镜阶段", code="missing_storyboard")
            try:
                target = board.shot(episode, number)
            except KeyError as exc:
                raise ProjectError(str(exc.args[0]), code="missing_shot") from exc
            ctx = self._render_context(backends)
            progress(ProgressEvent(Stage.RENDER.value, 0, 2, f"第{episode}集 镜{number}"))
            result = render_one_shot(target, ctx, force=force)
            episode_board = board.episode(episode)
            rendered = [result if s.id == target.id else render_one_shot(s, ctx) for s in episode_board.shots]
            progress(ProgressEvent(Stage.RENDER.value, 1, 2, f"第{episode}集 合成与标识"))
            assembled = assemble_episode(episode_board, rendered, ctx)
            manifest = self.renders() or RenderManifest()
            shots = {s.shot_id: s for s in manifest.shots} | {s.shot_id: s for s in rendered}
            episodes = {e.number: e for e in manifest.episodes} | {assembled.number: assembled}
            manifest = manifest.model_copy(
                update={
                    "shots": sorted(shots.values(), key=lambda s: (s.episode, s.number)),
                    "episodes": sorted(episodes.values(), key=lambda e: e.number),
                }
            )
            manifest.save(self.path(Stage.RENDER))
            if self.meta(Stage.RENDER) is None:
                StageMeta(
                    stage=Stage.RENDER, key="partial", produced_by=backends.video.identity, updated_at=_now()
                ).save(self._meta_path(Stage.RENDER))
            progress(ProgressEvent(Stage.RENDER.value, 2, 2, "完成"))
            return result

    # ------------------------------------------------------------------ internals
    def _missing_upstream(self, stage: Stage) -> None:
        missing = [s for s in UPSTREAM[stage] if not self.path(s).is_file()]
        if missing:
            names = "、".join(STAGE_NAMES[s] for s in missing)
            raise ProjectError(f"请先完成：{names}", code="missing_upstream")

    def _render_context(self, backends: Backends) -> RenderContext:
        bible = self.bible()
        assert bible is not None
        credentials = backends.signing or self_signed_credentials(self.root / "keys")
        return RenderContext(
            self.root,
            self.info.id,
            bible,
            self.info.spec,
            self.characters(),
            backends,
            self.info.labels,
            credentials,
        )

    def _produce(self, stage: Stage, backends: Backends, progress: Progress) -> Document:
        info = self.info
        if stage == Stage.BIBLE:
            return plan_series(info.premise, backends.llm)
        bible = self.bible()
        assert bible is not None
        if stage == Stage.SCRIPTS:
            return write_scripts(
                bible,
                backends.llm,
                rules=info.rules,
                progress=progress,
                write=lambda b, n, prev: self._cached_episode(b, n, prev, backends),
            )
        if stage == Stage.REVIEW:
            return review_scripts(bible, self.scripts(), info.rules)  # type: ignore[arg-type]
        if stage == Stage.STORYBOARD:
            return board_scripts(
                bible,
                self.scripts(),
                spec=info.spec,
                rules=info.rules,  # type: ignore[arg-type]
                progress=progress,
            )
        if stage == Stage.CHARACTERS:
            return design_characters(bible, backends.image, self.root, labels=info.labels, progress=progress)
        if stage == Stage.RENDER:
            return render_storyboard(
                self.storyboard(),
                self._render_context(backends),  # type: ignore[arg-type]
                progress=progress,
            )
        return export_project(
            bible,
            self.scripts(),
            self.storyboard(),
            self.characters(),  # type: ignore[arg-type]
            self.renders(),
            self.root,
            progress=progress,
        )

    def _cached_episode(
        self, bible: SeriesBible, number: int, previous: str, backends: Backends
    ) -> EpisodeScript:
        """One episode's script, cached by its inputs: a resumed or repeated run pays only for what is new."""
        rules = self.info.rules
        key = content_key(
            "episode-script",
            PIPELINE_VERSION,
            bible,
            number,
            previous,
            backends.llm.identity,
            rules.model_dump(include={"hook_seconds", "chars_per_second", "max_line_seconds"}),
        )
        path = self.root / "cache" / "scripts" / f"{key}.json"
        if path.is_file():
            return EpisodeScript.model_validate_json(path.read_bytes())
        episode = write_episode(bible, number, backends.llm, rules=rules, previous_cliffhanger=previous)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(episode.model_dump_json(indent=2), encoding="utf-8")
        return episode

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer per project at a time (two studio jobs on one project queue up here)."""
        if getattr(self, "_held", False):  # re-entrant within one Project object
            yield
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._held = True
            try:
                yield
            finally:
                self._held = False
                fcntl.flock(lock, fcntl.LOCK_UN)

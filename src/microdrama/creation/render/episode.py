"""Assembling an episode: the finished shots joined end to end, the dialogue as one track, the
episode SRT, then the episode-level labels — the watermark through the caller's hook (if any),
the implicit AIGC metadata with an integrity hash, and the C2PA manifest. Cached by the keys of
its shots, so re-rendering one shot re-assembles only its episode (a stream copy: seconds).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from ..hashing import content_key
from ..labels import provenance
from ..labels.implicit import essence_digest, implicit_label, write_implicit_label
from ..labels.watermark import apply_watermark, payload_for
from ..models.outputs import EpisodeRender, LabelRecord, ShotRender
from ..models.storyboard import EpisodeBoard
from ..subtitles import Subtitle, to_srt
from .context import RenderContext, publish
from .encode import concat_shots
from .shot import read_wav

ASSEMBLY_VERSION = "1"


def _hook_identity(hook) -> str:
    if hook is None:
        return ""
    return f"{getattr(hook, '__module__', '')}.{getattr(hook, '__qualname__', type(hook).__name__)}"


def assemble_episode(board: EpisodeBoard, shots: list[ShotRender], ctx: RenderContext) -> EpisodeRender:
    key = content_key(
        "episode",
        ASSEMBLY_VERSION,
        [s.key for s in shots],
        ctx.labels,
        _hook_identity(ctx.backends.watermark),
        ctx.spec,
    )
    folder = ctx.cache / "episodes" / key
    record = folder / "episode.json"
    name = f"e{board.number:02d}"
    if record.is_file() and (folder / "episode.mp4").is_file():
        result = EpisodeRender.model_validate_json(record.read_text(encoding="utf-8"))
        _publish(folder, ctx, name)
        return result
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    cached = [ctx.cache / "shots" / s.key for s in shots]
    audio = np.concatenate([read_wav(c / "dialogue.wav") for c in cached])
    joined = folder / "joined.mp4"
    frames = concat_shots([c / "shot.mp4" for c in cached], audio, ctx.spec, joined)

    produce_id = f"{ctx.project_id}-E{board.number:02d}-{key[:12]}"
    source, payload, wm_note = joined, None, "未配置水印引擎"
    if ctx.backends.watermark is not None:
        payload = payload_for(produce_id)
        source = apply_watermark(ctx.backends.watermark, joined, folder / "marked.mp4", payload)
        wm_note = "已通过水印引擎嵌入"
    label = implicit_label(ctx.labels, produce_id, essence_digest(source))
    labelled = write_implicit_label(source, folder / "labelled.mp4", label)
    result_c2pa = provenance.sign(
        labelled,
        folder / "episode.mp4",
        title=f"{ctx.bible.title} 第{board.number}集",
        aigc=implicit_label(ctx.labels, produce_id),
        credentials=ctx.credentials,
    )
    for leftover in (joined, folder / "marked.mp4", labelled):
        leftover.unlink(missing_ok=True)

    subtitles, offset = [], 0.0
    for shot in board.shots:
        subtitles += [Subtitle(offset + c.start, offset + c.end, c.text) for c in shot.cues]
        offset += shot.duration
    (folder / "episode.srt").write_text(to_srt(subtitles), encoding="utf-8")
    result = EpisodeRender(
        number=board.number,
        video=f"episodes/{name}.mp4",
        subtitles=f"episodes/{name}.srt",
        shots=[s.shot_id for s in shots],
        frames=frames,
        seconds=frames / ctx.spec.fps,
        labels=LabelRecord(
            visible=ctx.labels.visible_text,
            implicit=label,
            c2pa=result_c2pa.mode,
            c2pa_note=result_c2pa.note,
            sidecar=f"episodes/{name}.mp4{provenance.SIDECAR_SUFFIX}" if result_c2pa.sidecar else None,
            watermark_payload=f"{payload:016x}" if payload is not None else None,
            watermark_note=wm_note,
        ),
    )
    record.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    (folder / "label.json").write_text(json.dumps(label, ensure_ascii=False, indent=2), encoding="utf-8")
    _publish(folder, ctx, name)
    return result


def _publish(folder: Path, ctx: RenderContext, name: str) -> None:
    publish(folder / "episode.mp4", ctx.root / "episodes" / f"{name}.mp4")
    publish(folder / "episode.srt", ctx.root / "episodes" / f"{name}.srt")
    sidecar = folder / ("episode.mp4" + provenance.SIDECAR_SUFFIX)
    if sidecar.is_file():
        publish(sidecar, ctx.root / "episodes" / f"{name}.mp4{provenance.SIDECAR_SUFFIX}")

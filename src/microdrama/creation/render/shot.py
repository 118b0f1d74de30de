"""Rendering one shot: keyframe → moving clip → dialogue → subtitles and labels burned in →
implicit AIGC label → C2PA manifest. Each step's output is cached under a content key of its
inputs (`cache/keyframes`, `cache/clips`, `cache/shots/<key>/`), so re-rendering a shot whose
inputs did not change costs nothing, and changing one shot touches only that shot.
"""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np

from ..hashing import content_key, file_digest
from ..image.base import KeyframeRequest
from ..labels import provenance
from ..labels.implicit import essence_digest, implicit_label, label_png, write_implicit_label
from ..models.outputs import ShotRender
from ..models.storyboard import Shot
from ..subtitles import Subtitle, to_srt
from ..video.base import ClipRequest, run_clip
from ..video.conform import conformed_frames
from .audio import AUDIO_RATE, dialogue_track
from .context import RenderContext, publish
from .encode import encode_shot
from .overlays import label_overlay, notice_overlay, subtitle_overlay

FINISH_VERSION = "1"
_PICTURE_FIELDS = {
    "episode",
    "number",
    "scene",
    "shot_size",
    "camera_move",
    "angle",
    "location",
    "time",
    "setting",
    "description",
    "characters",
    "keyframe_prompt",
    "negative_prompt",
}


def keyframe_key(shot: Shot, ctx: RenderContext) -> str:
    cast = [ctx.bible.character(p.name) for p in shot.characters]
    looks = [
        (c.name, c.appearance, c.wardrobe_for(shot.episode), c.color, c.gender, c.age) for c in cast if c
    ]
    refs = {p.name: [file_digest(r) for r in ctx.references(p.name)] for p in shot.characters}
    return content_key(
        "keyframe",
        ctx.backends.image.identity,
        shot.model_dump(mode="json", include=_PICTURE_FIELDS),
        looks,
        ctx.bible.location(shot.location),
        refs,
        ctx.spec,
    )


def clip_key(shot: Shot, ctx: RenderContext) -> str:
    return content_key(
        "clip",
        keyframe_key(shot, ctx),
        ctx.backends.video.identity,
        shot.camera_move,
        shot.video_prompt,
        shot.negative_prompt,
        ctx.spec,
    )


def shot_key(shot: Shot, ctx: RenderContext) -> str:
    voices = {
        c.speaker: ctx.bible.character(c.speaker).voice if ctx.bible.character(c.speaker) else None
        for c in shot.cues
    }
    return content_key(
        "shot",
        FINISH_VERSION,
        clip_key(shot, ctx),
        shot.cues,
        voices,
        ctx.backends.voice.identity,
        ctx.labels,
        shot.number == 1,
        ctx.spec,
    )


def _keyframe(shot: Shot, ctx: RenderContext, force: bool) -> Path:
    key = keyframe_key(shot, ctx)
    path = ctx.cache / "keyframes" / f"{key}.png"
    if path.is_file() and not force:
        return path
    request = KeyframeRequest(
        shot=shot,
        spec=ctx.spec,
        prompt=shot.keyframe_prompt,
        negative_prompt=shot.negative_prompt,
        characters={p.name: c for p in shot.characters if (c := ctx.bible.character(p.name)) is not None},
        location=ctx.bible.location(shot.location),
        references={p.name: ctx.references(p.name) for p in shot.characters},
        episode_title=ctx.bible.outline(shot.episode).title
        if any(e.number == shot.episode for e in ctx.bible.episodes)
        else "",
        seed=ctx.bible.seed,
    )
    tmp = path.with_name(path.stem + ".part.png")
    ctx.backends.image.keyframe(request, tmp)
    label_png(tmp, implicit_label(ctx.labels, f"{ctx.project_id}-{shot.id}-keyframe"))
    tmp.replace(path)
    return path


def _frames(shot: Shot, ctx: RenderContext, keyframe: Path, force: bool):
    request = ClipRequest(
        shot.id,
        keyframe,
        shot.camera_move,
        shot.video_prompt,
        shot.negative_prompt,
        ctx.spec,
        ctx.cache / "clips" / f"{clip_key(shot, ctx)}.mp4",
        seed=ctx.bible.seed,
    )
    stream = getattr(ctx.backends.video, "frames", None)
    if callable(stream):  # the offline backend streams: one encode per shot instead of two
        return stream(request)
    if force or not request.out.is_file():
        run_clip(ctx.backends.video, request, poll_interval=ctx.backends.poll_interval)
    return conformed_frames(request.out, ctx.spec)


def _write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(AUDIO_RATE)
        f.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as f:
        return np.frombuffer(f.readframes(f.getnframes()), dtype="<i2").astype(np.float32) / 32767


def shot_cache_dir(shot: Shot, ctx: RenderContext) -> Path:
    return ctx.cache / "shots" / shot_key(shot, ctx)


def render_shot(shot: Shot, ctx: RenderContext, *, force: bool = False) -> ShotRender:
    key = shot_key(shot, ctx)
    folder = ctx.cache / "shots" / key
    record = folder / "render.json"
    if record.is_file() and (folder / "shot.mp4").is_file() and not force:
        result = ShotRender.model_validate_json(record.read_text(encoding="utf-8"))
        _publish(shot, ctx, folder)
        return result
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    keyframe = _keyframe(shot, ctx, force)
    audio, silent, _note = dialogue_track(shot, ctx.bible, ctx.backends.voice)
    spec = ctx.spec
    overlays = [label_overlay(spec, ctx.labels.visible_text)]
    if shot.number == 1:  # the opening of an episode carries a prominent notice
        notice = notice_overlay(spec, ctx.labels.opening_notice, int(ctx.labels.opening_seconds * spec.fps))
        if notice is not None:
            overlays.append(notice)
    for cue in shot.cues:
        sub = subtitle_overlay(spec, cue.text, int(cue.start * spec.fps), int(np.ceil(cue.end * spec.fps)))
        if sub is not None:
            overlays.append(sub)
    encoded = folder / "encoded.mp4"
    frames = encode_shot(_frames(shot, ctx, keyframe, force), audio, spec, encoded, overlays)
    produce_id = f"{ctx.project_id}-E{shot.episode:02d}S{shot.number:03d}-{key[:12]}"
    labelled = write_implicit_label(
        encoded, folder / "labelled.mp4", implicit_label(ctx.labels, produce_id, essence_digest(encoded))
    )
    provenance.sign(
        labelled,
        folder / "shot.mp4",
        title=f"{ctx.bible.title} {shot.id}",
        aigc=implicit_label(ctx.labels, produce_id),
        credentials=ctx.credentials,
    )
    encoded.unlink()
    labelled.unlink()
    _write_wav(folder / "dialogue.wav", audio)
    (folder / "shot.srt").write_text(
        to_srt([Subtitle(c.start, c.end, c.text) for c in shot.cues]), encoding="utf-8"
    )
    result = ShotRender(
        shot_id=shot.id,
        episode=shot.episode,
        number=shot.number,
        key=key,
        keyframe=f"frames/{shot.id}.png",
        video=f"shots/{shot.id}.mp4",
        subtitles=f"shots/{shot.id}.srt",
        frames=frames,
        fps=spec.fps,
        width=spec.width,
        height=spec.height,
        audio_silent=silent,
        backends={
            "image": ctx.backends.image.identity,
            "video": ctx.backends.video.identity,
            "voice": ctx.backends.voice.identity,
        },
    )
    shutil.copyfile(keyframe, folder / "keyframe.png")
    record.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    _publish(shot, ctx, folder)
    return result


def _publish(shot: Shot, ctx: RenderContext, folder: Path) -> None:
    publish(folder / "shot.mp4", ctx.root / "shots" / f"{shot.id}.mp4")
    publish(folder / "shot.srt", ctx.root / "shots" / f"{shot.id}.srt")
    publish(folder / "keyframe.png", ctx.root / "frames" / f"{shot.id}.png")
    sidecar = folder / ("shot.mp4" + provenance.SIDECAR_SUFFIX)
    if sidecar.is_file():
        publish(sidecar, ctx.root / "shots" / f"{shot.id}.mp4{provenance.SIDECAR_SUFFIX}")

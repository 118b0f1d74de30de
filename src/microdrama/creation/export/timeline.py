"""OpenTimelineIO timelines for editors: one `.otio` per episode (a video track of the shot clips
in order, the same clips on an audio track, markers for the hook, the cliffhanger and the paywall,
each clip's shot-list data in its metadata) and a collection of all episodes for the series.

Media references are paths relative to the `.otio` file, so the project folder can move."""

from __future__ import annotations

import os
from pathlib import Path

import opentimelineio as otio

from ..models.outputs import RenderManifest
from ..models.storyboard import EpisodeBoard, Storyboard
from .shotlist import COLUMNS, shot_row


def _range(frames: int, fps: float, start: int = 0) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, fps), otio.opentime.RationalTime(frames, fps)
    )


def episode_timeline(
    board: EpisodeBoard,
    renders: RenderManifest,
    root: Path,
    out_dir: Path,
    title: str,
    fps: int,
    frames_per_shot: int,
) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(
        name=f"{title} 第{board.number}集 {board.title}", global_start_time=otio.opentime.RationalTime(0, fps)
    )
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    for shot in board.shots:
        render = renders.shot(shot.id)
        media = root / (render.video if render else f"shots/{shot.id}.mp4")
        frames = render.frames if render else frames_per_shot
        target = Path(os.path.relpath(media, out_dir)).as_posix()
        for track in (video, audio):
            clip = otio.schema.Clip(
                name=f"{shot.id} {shot.shot_size.value}{shot.camera_move.value}",
                media_reference=otio.schema.ExternalReference(
                    target_url=target, available_range=_range(frames, fps)
                ),
                source_range=_range(frames, fps),
            )
            clip.metadata["microdrama"] = dict(zip(COLUMNS, [str(v) for v in shot_row(shot)], strict=True))
            if track is video:
                for flag, name, color in (
                    (shot.hook, "开场钩子", otio.schema.MarkerColor.RED),
                    (shot.cliffhanger, "结尾卡点", otio.schema.MarkerColor.ORANGE),
                    (shot.cliffhanger and bool(shot.notes), "付费卡点", otio.schema.MarkerColor.PURPLE),
                ):
                    if flag:
                        clip.markers.append(
                            otio.schema.Marker(name=name, marked_range=_range(1, fps, 0), color=color)
                        )
            track.append(clip)
    timeline.tracks.append(video)
    timeline.tracks.append(audio)
    episode = renders.episode(board.number)
    if episode is not None:
        timeline.metadata["microdrama"] = {
            "episode_video": episode.video,
            "subtitles": episode.subtitles,
            "aigc": episode.labels.implicit,
        }
    return timeline


def write_timelines(
    board: Storyboard, renders: RenderManifest, root: Path, out_dir: Path, title: str
) -> tuple[list[Path], Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, timelines = [], []
    for episode in board.episodes:
        timeline = episode_timeline(episode, renders, root, out_dir, title, board.spec.fps, board.spec.frames)
        path = out_dir / f"e{episode.number:02d}.otio"
        otio.adapters.write_to_file(timeline, str(path))
        paths.append(path)
        timelines.append(timeline)
    series = otio.schema.SerializableCollection(name=title, children=timelines)
    series_path = out_dir / "series.otio"
    otio.adapters.write_to_file(series, str(series_path))
    return paths, series_path

"""Stage 6, render (渲染): every shot of the storyboard to a labelled 204-frame clip with speech
and burned subtitles, then each episode assembled and labelled. Shots already rendered with the
same inputs come from the cache, so a re-run after changing one shot renders one shot."""

from __future__ import annotations

from ..models.outputs import RenderManifest, ShotRender
from ..models.storyboard import Storyboard
from ..progress import Progress, ProgressEvent, ignore_progress
from ..render.context import RenderContext
from ..render.episode import assemble_episode
from ..render.shot import render_shot
from ..voice.silent import SILENT_NOTE


def render_storyboard(
    board: Storyboard,
    ctx: RenderContext,
    *,
    progress: Progress = ignore_progress,
    episodes: list[int] | None = None,
    previous: RenderManifest | None = None,
) -> RenderManifest:
    """Render the episodes in `episodes` (all by default); other episodes keep their entries from
    `previous`, so a partial render updates the manifest instead of forgetting the rest."""
    chosen = [e for e in board.episodes if episodes is None or e.number in episodes]
    total = sum(len(e.shots) for e in chosen) + len(chosen)
    done = 0
    shots: dict[str, ShotRender] = {s.shot_id: s for s in previous.shots} if previous else {}
    assembled = {e.number: e for e in previous.episodes} if previous else {}
    notes: list[str] = []
    for episode in chosen:
        rendered = []
        for shot in episode.shots:
            progress(ProgressEvent("render", done, total, f"第{episode.number}集 镜{shot.number}"))
            result = render_shot(shot, ctx)
            shots[result.shot_id] = result
            rendered.append(result)
            done += 1
        progress(ProgressEvent("render", done, total, f"第{episode.number}集 合成与标识"))
        assembled[episode.number] = assemble_episode(episode, rendered, ctx)
        done += 1
    known = {s.id for s in board.shots()}
    if any(s.audio_silent for s in shots.values()):
        notes.append(SILENT_NOTE)
    progress(ProgressEvent("render", total, total, "渲染完成"))
    return RenderManifest(
        shots=sorted((s for s in shots.values() if s.shot_id in known), key=lambda s: (s.episode, s.number)),
        episodes=sorted(
            (e for e in assembled.values() if e.number in {b.number for b in board.episodes}),
            key=lambda e: e.number,
        ),
        notes=notes,
    )

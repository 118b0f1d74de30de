"""A two-episode mini-series from one premise, offline: every shot is a 204-frame, 540×960,
25 fps clip with sound; episodes are the shots end to end with subtitles; every artefact exists
and is readable by the tool its format belongs to."""

from __future__ import annotations

import csv

import av
import opentimelineio as otio
import pytest
from openpyxl import load_workbook

from microdrama.creation.export.fountain import parse_fountain
from microdrama.creation.project import STAGES
from microdrama.creation.subtitles import parse_srt
from microdrama.media.probe import probe


def test_every_stage_ran_and_reported_progress(rendered):
    project, backends, _, events = rendered
    assert all(not s.stale and s.exists for s in project.status(backends))
    assert {e.stage for e in events} == {s.value for s in STAGES}
    render_events = [e for e in events if e.stage == "render" and e.total > 1]
    assert render_events[-1].done == render_events[-1].total


def test_every_shot_is_exactly_204_frames_of_540x960_at_25fps_with_audio(rendered):
    project, *_ = rendered
    manifest = project.renders()
    board = project.storyboard()
    assert [s.shot_id for s in manifest.shots] == [s.id for s in board.shots()]
    for shot in manifest.shots:
        path = project.root / shot.video
        info = probe(path)
        assert (info.width, info.height, info.fps, info.frame_count) == (540, 960, 25.0, 204)
        assert info.has_audio and info.audio[0].sample_rate == 48_000
        with av.open(str(path)) as container:  # decoded, not just the header's word for it
            assert sum(1 for _ in container.decode(video=0)) == 204


def test_episodes_are_their_shots_end_to_end_with_subtitles(rendered):
    project, *_ = rendered
    board = project.storyboard()
    for episode in project.renders().episodes:
        shots = board.episode(episode.number).shots
        info = probe(project.root / episode.video)
        assert info.frame_count == episode.frames == 204 * len(shots)
        assert info.duration == pytest.approx(8.16 * len(shots), abs=0.05)
        assert (info.width, info.height) == (540, 960) and info.has_audio
        subs = parse_srt((project.root / episode.subtitles).read_text(encoding="utf-8"))
        assert [s.text for s in subs] == [c.text for s in shots for c in s.cues]
        assert all(0 <= s.start < s.end <= info.duration + 0.01 for s in subs)


def test_dialogue_is_spoken_when_espeak_is_there(rendered, has_espeak):
    project, *_ = rendered
    if not has_espeak:
        pytest.skip("espeak-ng not installed and could not be installed here")
    manifest = project.renders()
    assert not any(s.audio_silent for s in manifest.shots) and manifest.notes == []
    import numpy as np

    shot = next(s for s in project.storyboard().shots() if s.cues)
    with av.open(str(project.root / "shots" / f"{shot.id}.mp4")) as container:
        sound = np.concatenate([f.to_ndarray().ravel() for f in container.decode(audio=0)])
    assert np.abs(sound).max() > 0.05  # real speech, not silence


def test_the_fountain_script_round_trips(rendered):
    project, *_ = rendered
    text = (project.root / project.exports().fountain).read_text(encoding="utf-8")
    assert parse_fountain(text) == project.scripts()


def test_the_shot_lists_have_one_row_per_shot_with_the_chinese_columns(rendered):
    project, *_ = rendered
    exports = project.exports()
    shots = project.storyboard().shots()
    with open(project.root / exports.shot_list_csv, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(shots)
    assert [rows[0][k] for k in ("镜号", "景别", "运镜")] == [
        "1",
        shots[0].shot_size.value,
        shots[0].camera_move.value,
    ]
    sheet = load_workbook(project.root / exports.shot_list_xlsx).active
    assert sheet.max_row == len(shots) + 1 and sheet["H1"].value == "台词/旁白"


def test_the_storyboard_pdf_is_a_valid_pdf_with_chinese_text_and_every_frame(rendered):
    from pypdf import PdfReader

    project, *_ = rendered
    reader = PdfReader(project.root / project.exports().storyboard_pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    bible = project.bible()
    assert bible.title in text and bible.characters[0].name in text and "AI生成" in text
    images = sum(len(page.images) for page in reader.pages)
    assert images >= len(project.storyboard().shots()) + len(bible.characters)
    assert len(reader.pages) >= 1 + len(project.storyboard().episodes)


def test_the_timelines_open_in_opentimelineio_with_every_shot_in_order(rendered):
    project, *_ = rendered
    exports = project.exports()
    board = project.storyboard()
    for path, episode in zip(exports.timelines, board.episodes, strict=True):
        timeline = otio.adapters.read_from_file(str(project.root / path))
        video = timeline.video_tracks()[0]
        assert [c.name.split()[0] for c in video] == [s.id for s in episode.shots]
        assert timeline.duration().to_frames() == 204 * len(episode.shots)
        assert timeline.duration().rate == 25
        first = video[0]
        assert (project.root / "export" / "timelines" / first.media_reference.target_url).resolve().is_file()
        assert any(m.name == "开场钩子" for m in first.markers)
        assert timeline.audio_tracks()
    series = otio.adapters.read_from_file(str(project.root / exports.series_timeline))
    assert len(series) == len(board.episodes)


def test_character_sheets_show_three_views_of_every_character(rendered):
    project, *_ = rendered
    design = project.characters()
    assert [s.name for s in design.sheets] == [c.name for c in project.bible().characters]
    for sheet in design.sheets:
        assert len(sheet.images.paths()) == 3 and (project.root / sheet.sheet).is_file()
        assert project.bible().character(sheet.name).appearance in sheet.prompts["front"]

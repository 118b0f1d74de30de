"""The storyboard cuts scripts into 204-frame shots: every line is said inside one shot, shots
carry the Chinese shot-list columns, and prompts carry each character's fixed appearance verbatim."""

from __future__ import annotations

from microdrama.creation.models import CameraMove, RenderSpec, ShotSize
from microdrama.creation.stages.storyboard import storyboard


def test_every_shot_is_one_full_clip_and_its_lines_fit_inside_it(series):
    bible, scripts = series
    board = storyboard(bible, scripts)
    assert board.spec == RenderSpec(frames=204, fps=25, width=540, height=960)
    for shot in board.shots():
        assert shot.duration == 204 / 25
        for cue in shot.cues:
            assert 0 <= cue.start < cue.end <= shot.duration


def test_every_spoken_line_appears_once_in_order(series):
    bible, scripts = series
    board = storyboard(bible, scripts)
    for episode, script in zip(board.episodes, scripts.episodes, strict=True):
        spoken = [line.text for line in script.lines() if line.spoken]
        assert "".join(c.text for s in episode.shots for c in s.cues) == "".join(spoken)


def test_shots_are_numbered_and_open_on_the_hook_and_close_on_the_cliffhanger(series):
    bible, scripts = series
    for episode in storyboard(bible, scripts).episodes:
        assert [s.number for s in episode.shots] == list(range(1, len(episode.shots) + 1))
        assert episode.shots[0].hook and episode.shots[-1].cliffhanger
        assert episode.shots[-1].camera_move in (CameraMove.PUSH_IN, CameraMove.ORBIT)


def test_each_characters_appearance_is_copied_verbatim_into_every_prompt_they_are_in(series):
    bible, scripts = series
    for shot in storyboard(bible, scripts).shots():
        for name in shot.names:
            appearance = bible.character(name).appearance
            assert appearance in shot.keyframe_prompt and appearance in shot.video_prompt
        assert shot.shot_size.value in shot.keyframe_prompt
        assert "镜头" in shot.video_prompt  # the camera move, in the video model's vocabulary
        assert shot.negative_prompt


def test_a_line_longer_than_a_shot_is_split_across_shots(series):
    bible, scripts = series
    long_line = "，".join(["这件事我从来没有告诉过任何人"] * 4) + "。"
    edited = scripts.model_copy(deep=True)
    edited.episodes[0].scenes[0].lines[1].text = long_line
    board = storyboard(bible, edited)
    pieces = [c.text for s in board.episodes[0].shots for c in s.cues if c.text in long_line]
    assert len(pieces) >= 2 and "".join(pieces) == long_line


def test_shot_sizes_and_moves_vary_with_what_happens(series):
    bible, scripts = series
    shots = storyboard(bible, scripts).shots()
    assert len({s.shot_size for s in shots}) >= 4
    assert len({s.camera_move for s in shots}) >= 4
    assert any(s.shot_size in (ShotSize.CLOSE_UP, ShotSize.CLOSE) for s in shots)

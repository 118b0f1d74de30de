"""Video models take only certain frame counts; the backend asks for the nearest one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from microdrama.creation.video.quantize import model_clip, quantize_frames


def test_one_step_video_clip_is_204_frames_at_25_fps():
    assert quantize_frames("step", 204) == 204
    clip = model_clip("step", 8.16)
    assert (clip.frames, clip.fps, clip.seconds) == (204, 25, 8.16)


def test_the_other_families_follow_their_published_rules():
    assert quantize_frames("wan", 128) == 129  # 8 s at 16 fps → 4k+1
    assert quantize_frames("ltx", 121) == 121
    assert quantize_frames("cogvideox", 200) == 49


@given(st.sampled_from(["step", "wan", "ltx"]), st.integers(1, 2000))
def test_quantized_counts_obey_the_rule_and_stay_near_the_request(family, frames):
    q = quantize_frames(family, frames)
    step, offset, minimum = {"step": (17, 0, 17), "wan": (4, 1, 5), "ltx": (8, 1, 9)}[family]
    assert (q - offset) % step == 0
    assert q == minimum or abs(q - frames) <= step / 2

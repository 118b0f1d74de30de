"""Camera moves are geometry over the keyframe: the window never leaves the picture, and each
move goes the way its name says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from microdrama.creation.models import CameraMove
from microdrama.creation.video.camera import corners, window

KEYFRAME = (675, 1200)


@given(st.sampled_from(list(CameraMove)), st.floats(0, 1))
def test_no_move_ever_shows_outside_the_keyframe(move, t):
    pts = corners(window(move, t), KEYFRAME)
    assert (pts[:, 0] >= -0.5).all() and (pts[:, 0] <= KEYFRAME[0] + 0.5).all()
    assert (pts[:, 1] >= -0.5).all() and (pts[:, 1] <= KEYFRAME[1] + 0.5).all()


@given(st.floats(0, 0.99), st.floats(0.001, 0.5))
def test_push_in_closes_in_and_pull_out_opens_up(t, dt):
    later = min(1.0, t + dt)
    assert window(CameraMove.PUSH_IN, later).size <= window(CameraMove.PUSH_IN, t).size
    assert window(CameraMove.PULL_OUT, later).size >= window(CameraMove.PULL_OUT, t).size


def test_each_move_changes_the_picture_in_its_own_way():
    start, end = {m: window(m, 0.0) for m in CameraMove}, {m: window(m, 1.0) for m in CameraMove}
    assert end[CameraMove.PAN].cx > start[CameraMove.PAN].cx and end[CameraMove.PAN].keystone != 0
    assert end[CameraMove.TRUCK].cx != start[CameraMove.TRUCK].cx and end[CameraMove.TRUCK].keystone == 0
    assert end[CameraMove.CRANE_UP].cy < start[CameraMove.CRANE_UP].cy
    assert end[CameraMove.CRANE_DOWN].cy > start[CameraMove.CRANE_DOWN].cy
    assert start[CameraMove.ORBIT].roll < 0 < end[CameraMove.ORBIT].roll
    assert window(CameraMove.WHIP, 0.86).blur > 0 == window(CameraMove.WHIP, 0.3).blur
    assert end[CameraMove.FOLLOW].size < start[CameraMove.FOLLOW].size

"""The offline video backend moves the camera over the keyframe as the shot's 运镜 says, through
the same submit / poll job interface as the GPU and remote backends."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from microdrama.creation.models import CameraMove, RenderSpec
from microdrama.creation.video import ClipRequest, JobStatus, KenBurnsVideo, run_clip
from microdrama.media.probe import probe


@pytest.fixture(scope="module")
def keyframe(tmp_path_factory):
    rng = np.random.default_rng(3)
    picture = rng.integers(0, 255, (1200 // 8, 675 // 8, 3), dtype=np.uint8)  # blotchy texture, scaled up
    path = tmp_path_factory.mktemp("kb") / "key.png"
    Image.fromarray(picture).resize((675, 1200), Image.BICUBIC).save(path)
    return path


def test_a_submitted_job_writes_a_204_frame_540x960_clip(keyframe, tmp_path):
    request = ClipRequest("e01-s001", keyframe, CameraMove.PAN, "", "", RenderSpec(), tmp_path / "clip.mp4")
    backend = KenBurnsVideo()
    job = run_clip(backend, request, poll_interval=0)
    assert job.status == JobStatus.SUCCEEDED
    info = probe(job.output)
    assert (info.frame_count, info.width, info.height, info.fps, info.video_codec) == (
        204,
        540,
        960,
        25.0,
        "h264",
    )


@pytest.mark.parametrize("move", list(CameraMove))
def test_every_move_moves_the_picture(keyframe, move):
    spec = RenderSpec(frames=12)
    frames = list(KenBurnsVideo().frames(ClipRequest("s", keyframe, move, "", "", spec, keyframe)))
    assert len(frames) == 12 and frames[0].shape == (960, 540, 3)
    change = max(np.abs(frames[0].astype(int) - f.astype(int)).mean() for f in frames[1:])
    assert change > 2  # even 固定 breathes, as a hand-held phone camera does

"""Video backends are asynchronous jobs. A remote Step-Video worker reached over the OpenAI-
"Videos"-style API (a real HTTP server on 127.0.0.1 here) is submitted to, polled and downloaded
from; whatever size, rate and length it returns is conformed to 204 frames of 540×960."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import av
import numpy as np
import pytest

from microdrama.creation.models import CameraMove, RenderSpec
from microdrama.creation.video import ClipRequest, JobStatus, VideoError, run_clip
from microdrama.creation.video.conform import conformed_frames
from microdrama.creation.video.remote import RemoteVideo


def _clip(path: Path, frames: int, fps: int, size: tuple[int, int]) -> Path:
    w, h = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for i in range(frames):
            picture = np.zeros((h, w, 3), np.uint8)
            picture[:, : (i * w) // frames + 1] = (200, 40, 40)  # a bar that grows: frame order is visible
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def test_any_clip_is_conformed_to_exactly_the_spec(tmp_path):
    wan_like = _clip(tmp_path / "wan.mp4", 129, 16, (832, 480))  # landscape, 16 fps, 4k+1 frames
    frames = list(conformed_frames(wan_like, RenderSpec()))
    assert len(frames) == 204 and frames[0].shape == (960, 540, 3)
    red = [float((f[..., 0] > 100).mean()) for f in frames]
    assert red == sorted(red) and red[0] < red[-1]  # time runs forwards, first to last


class _Gateway:
    """POST /v1/videos → queued; each poll advances; GET …/content returns the MP4."""

    def __init__(self, clip: Path, fail: bool = False) -> None:
        self.polls = 0
        self.submitted: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, data, code=200):
                body = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                gateway.submitted.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self._json({"id": "vid_1", "object": "video", "status": "queued", "progress": 0})

            def do_GET(self):
                if self.path == "/v1/videos/vid_1":
                    gateway.polls += 1
                    if fail and gateway.polls >= 2:
                        self._json(
                            {"id": "vid_1", "status": "failed", "error": {"message": "GPU out of memory"}}
                        )
                    elif gateway.polls < 3:
                        self._json({"id": "vid_1", "status": "in_progress", "progress": 40 * gateway.polls})
                    else:
                        self._json({"id": "vid_1", "status": "completed", "progress": 100})
                elif self.path == "/v1/videos/vid_1/content":
                    data = clip.read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "video/mp4")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                else:
                    self.send_error(404)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def request_for(tmp_path):
    keyframe = tmp_path / "key.png"
    from PIL import Image

    Image.new("RGB", (675, 1200), (30, 60, 90)).save(keyframe)
    return ClipRequest(
        "e01-s001", keyframe, CameraMove.PUSH_IN, "镜头推进", "模糊", RenderSpec(), tmp_path / "out.mp4"
    )


def test_a_remote_job_is_submitted_polled_and_downloaded(tmp_path, request_for):
    gateway = _Gateway(_clip(tmp_path / "remote.mp4", 204, 25, (540, 960)))
    try:
        seen = []
        job = run_clip(RemoteVideo(gateway.base_url), request_for, poll_interval=0, on_progress=seen.append)
    finally:
        gateway.close()
    assert job.status == JobStatus.SUCCEEDED and (job.frames, job.width, job.height) == (204, 540, 960)
    assert job.output.read_bytes()[:12].endswith(b"ftypisom") or job.output.stat().st_size > 1000
    body = gateway.submitted[0]
    assert body["num_frames"] == 204 and body["size"] == "540x960"
    assert body["input_reference"].startswith("data:image/png;base64,")
    assert seen[:2] == [0.4, 0.8] and seen[-1] == 1.0


def test_a_failed_remote_job_raises_with_the_reason(tmp_path, request_for):
    gateway = _Gateway(tmp_path / "none.mp4", fail=True)
    try:
        with pytest.raises(VideoError, match="GPU out of memory"):
            run_clip(RemoteVideo(gateway.base_url), request_for, poll_interval=0)
    finally:
        gateway.close()


def test_a_job_that_never_finishes_times_out(tmp_path, request_for):
    class Stuck:
        identity = "stuck"

        def submit(self, request):
            return "j"

        def poll(self, job_id):
            from microdrama.creation.video import ClipJob

            return ClipJob(job_id, JobStatus.RUNNING, 0.1)

    with pytest.raises(VideoError, match="超时"):
        run_clip(Stuck(), request_for, poll_interval=1, timeout=3, sleep=lambda s: None)

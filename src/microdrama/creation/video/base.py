"""The video interface: turn a shot's keyframe and prompts into a clip, as an asynchronous job.

Real generators take minutes per clip (Step-Video ~12–20 min, Wan ~4–9 min), so every backend
has the same job shape: `submit(request) -> job id`, then `poll(job id) -> ClipJob` until it
succeeds or fails. The offline backend finishes inside `submit`; the others run in a thread or on
a remote host. Whatever a backend returns is conformed to the render spec afterwards (`conform`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from ..models.storyboard import RenderSpec
from ..models.vocabulary import CameraMove


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class ClipRequest:
    shot_id: str
    keyframe: Path
    camera_move: CameraMove
    prompt: str
    negative_prompt: str
    spec: RenderSpec
    out: Path  # where the finished clip must be written
    seed: int = 0


@dataclass(frozen=True)
class ClipJob:
    id: str
    status: JobStatus
    progress: float = 0.0  # 0..1
    output: Path | None = None
    frames: int = 0
    fps: float = 0.0
    width: int = 0
    height: int = 0
    error: str = ""

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class VideoError(RuntimeError):
    def __init__(self, message: str, code: str = "video") -> None:
        super().__init__(message)
        self.code = code


class VideoBackend(Protocol):
    @property
    def identity(self) -> str: ...

    def submit(self, request: ClipRequest) -> str: ...

    def poll(self, job_id: str) -> ClipJob: ...


def run_clip(
    backend: VideoBackend,
    request: ClipRequest,
    *,
    poll_interval: float = 2.0,
    timeout: float = 3 * 3600,
    on_progress: Callable[[float], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ClipJob:
    """Submit one clip and wait for it; raises VideoError (Chinese) if the job fails or times out."""
    job_id = backend.submit(request)
    waited = 0.0
    while True:
        job = backend.poll(job_id)
        if on_progress is not None:
            on_progress(job.progress)
        if job.status == JobStatus.SUCCEEDED:
            if job.output is None or not Path(job.output).is_file():
                raise VideoError(
                    f"镜头 {request.shot_id} 的视频任务报告成功，但没有输出文件", code="no_output"
                )
            return job
        if job.status == JobStatus.FAILED:
            raise VideoError(
                f"镜头 {request.shot_id} 的视频生成失败：{job.error or '原因未知'}", code="failed"
            )
        if waited >= timeout:
            raise VideoError(f"镜头 {request.shot_id} 的视频生成超时（{timeout:.0f} 秒）", code="timeout")
        sleep(poll_interval)
        waited += poll_interval

"""A remote video generator reached over HTTP with the OpenAI-“Videos”-style job API that hosted
gateways use and that a self-hosted Step-Video worker is wrapped in (reference §2.1):

    POST {base}/videos              {model, prompt, size, seconds, …}   → {id, status, progress}
    GET  {base}/videos/{id}                                             → {id, status, progress, error}
    GET  {base}/videos/{id}/content                                     → the MP4

Step-Video itself is a batch CLI on a multi-GPU host; the platform runs it behind such a worker.
The keyframe travels as a data URL in `input_reference` (image-to-video), and the frame count is
quantized to Step-Video's 17k rule.
"""

from __future__ import annotations

import base64
from pathlib import Path

import httpx

from microdrama.media.errors import MediaError
from microdrama.media.probe import probe

from .base import ClipJob, ClipRequest, JobStatus, VideoError
from .quantize import quantize_frames

_STATUS = {
    "queued": JobStatus.QUEUED,
    "pending": JobStatus.QUEUED,
    "in_progress": JobStatus.RUNNING,
    "running": JobStatus.RUNNING,
    "processing": JobStatus.RUNNING,
    "completed": JobStatus.SUCCEEDED,
    "succeeded": JobStatus.SUCCEEDED,
    "failed": JobStatus.FAILED,
    "cancelled": JobStatus.FAILED,
    "canceled": JobStatus.FAILED,
}


class RemoteVideo:
    def __init__(
        self,
        base_url: str,
        model: str = "step-video-t2v",
        api_key: str | None = None,
        *,
        family: str = "step",
        timeout: float = 60.0,
        client: httpx.Client | None = None,
    ) -> None:
        if not base_url:
            raise VideoError("远程视频服务未配置 base URL", code="config")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.family = family
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.Client(timeout=timeout, headers=headers)
        self._outputs: dict[str, Path] = {}

    @property
    def identity(self) -> str:
        return f"remote-video:{self.model}@{self.base_url}"

    def submit(self, request: ClipRequest) -> str:
        spec = request.spec
        image = base64.b64encode(Path(request.keyframe).read_bytes()).decode("ascii")
        body = {
            "model": self.model,
            "prompt": request.prompt,
            "negative_prompt": request.negative_prompt,
            "size": f"{spec.width}x{spec.height}",
            "seconds": f"{spec.seconds:g}",
            "num_frames": quantize_frames(self.family, spec.frames),
            "fps": spec.fps,
            "seed": request.seed,
            "input_reference": f"data:image/png;base64,{image}",
        }
        data = self._json("post", f"{self.base_url}/videos", json=body)
        job_id = str(data.get("id") or "")
        if not job_id:
            raise VideoError("远程视频服务没有返回任务编号", code="no_id")
        self._outputs[job_id] = request.out
        return job_id

    def poll(self, job_id: str) -> ClipJob:
        data = self._json("get", f"{self.base_url}/videos/{job_id}")
        status = _STATUS.get(str(data.get("status", "")).lower(), JobStatus.RUNNING)
        progress = float(data.get("progress") or 0) / 100.0
        if status == JobStatus.FAILED:
            error = data.get("error") or {}
            message = error.get("message") if isinstance(error, dict) else str(error)
            return ClipJob(job_id, status, progress, error=message or "远程服务报告失败")
        if status != JobStatus.SUCCEEDED:
            return ClipJob(job_id, status, progress)
        out = self._outputs.get(job_id)
        if out is None:
            raise VideoError(f"不是本进程提交的视频任务：{job_id}", code="unknown_job")
        self._download(job_id, out)
        try:
            info = probe(out)
        except MediaError as exc:
            return ClipJob(job_id, JobStatus.FAILED, 1.0, error=f"下载的视频无法读取：{exc}")
        return ClipJob(
            job_id, JobStatus.SUCCEEDED, 1.0, out, info.frame_count or 0, info.fps, info.width, info.height
        )

    def _download(self, job_id: str, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        try:
            with self._client.stream("GET", f"{self.base_url}/videos/{job_id}/content") as response:
                response.raise_for_status()
                with tmp.open("wb") as f:
                    for chunk in response.iter_bytes():
                        f.write(chunk)
        except httpx.HTTPError as exc:
            raise VideoError(f"下载远程视频失败：{exc}", code="download") from exc
        tmp.replace(out)

    def _json(self, method: str, url: str, **kwargs) -> dict:
        try:
            response = self._client.request(method.upper(), url, **kwargs)
            response.raise_for_status()
            data = response.json()
        except httpx.HTTPStatusError as exc:
            raise VideoError(f"远程视频服务返回错误 {exc.response.status_code}", code="status") from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise VideoError(f"无法连接远程视频服务 {self.base_url}：{exc}", code="connection") from exc
        if not isinstance(data, dict):
            raise VideoError("远程视频服务的回复不是 JSON 对象", code="reply")
        return data

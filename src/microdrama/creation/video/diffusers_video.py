"""Optional GPU video backend: Wan (2.1 / 2.2) or CogVideoX image-to-video through diffusers,
from model weights already on local disk (nothing is downloaded at run time).

Imported only when configured; `diffusers` and `torch` (and `ftfy`, which diffusers' Wan prompt
cleaning calls) are not dependencies of the platform. Jobs run in a worker thread, one at a time
per backend (a GPU holds one such model), and report the denoising progress. The frame count is
quantized to the family's rule and the clip written at the model's native rate with PyAV;
`conform` retimes it to the render spec. `bench/creation_gpu.py` runs this path on a GPU with tiny
random weights.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .base import ClipJob, ClipRequest, JobStatus, VideoError
from .quantize import model_clip

# Native sizes, portrait (width, height): Wan 2.1 480p, Wan 2.2 TI2V 704×1280, CogVideoX 720×480 only.
_SIZES = {"wan": (480, 832), "wan2.2": (704, 1280), "cogvideox": (720, 480)}
_PIPELINES = {
    "wan": "WanImageToVideoPipeline",
    "wan2.2": "WanImageToVideoPipeline",
    "cogvideox": "CogVideoXImageToVideoPipeline",
}


class DiffusersVideo:
    def __init__(
        self,
        model_path: str | Path,
        family: str = "wan",
        *,
        device: str = "cuda",
        steps: int = 30,
        guidance: float = 5.0,
        dtype: str = "bfloat16",
    ) -> None:
        family = family.lower()
        if family not in _PIPELINES:
            raise VideoError(
                f"diffusers 视频后端不支持“{family}”，可选：{'、'.join(_PIPELINES)}", code="config"
            )
        try:
            import diffusers  # noqa: F401
            import torch  # noqa: F401
        except ImportError as exc:
            raise VideoError(
                "未安装 diffusers / torch，无法使用本地视频模型（离线默认后端不需要它们）", code="missing"
            ) from exc
        self.model_path = Path(model_path)
        if not self.model_path.is_dir():
            raise VideoError(f"本地视频模型目录不存在：{self.model_path}", code="missing_model")
        self.family, self.device, self.steps, self.guidance, self.dtype = (
            family,
            device,
            steps,
            guidance,
            dtype,
        )
        self._pipe = None
        self._load_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="diffusers-video")
        self._jobs: dict[str, tuple[Future, ClipRequest]] = {}
        self._progress: dict[str, float] = {}
        self._ids = itertools.count(1)

    @property
    def identity(self) -> str:
        return f"diffusers-{self.family}:{self.model_path.name}:{self.steps}"

    def submit(self, request: ClipRequest) -> str:
        job_id = f"dv-{next(self._ids)}"
        self._progress[job_id] = 0.0
        self._jobs[job_id] = (self._executor.submit(self._generate, job_id, request), request)
        return job_id

    def poll(self, job_id: str) -> ClipJob:
        try:
            future, request = self._jobs[job_id]
        except KeyError:
            raise VideoError(f"没有这个视频任务：{job_id}", code="unknown_job") from None
        if not future.done():
            status = JobStatus.RUNNING if future.running() else JobStatus.QUEUED
            return ClipJob(job_id, status, self._progress.get(job_id, 0.0))
        error = future.exception()
        if error is not None:
            return ClipJob(job_id, JobStatus.FAILED, error=f"{error.__class__.__name__}: {error}")
        frames, fps, (w, h) = future.result()
        return ClipJob(job_id, JobStatus.SUCCEEDED, 1.0, request.out, frames, fps, w, h)

    def _pipeline(self):
        with self._load_lock:
            if self._pipe is None:
                import diffusers
                import torch

                cls = getattr(diffusers, _PIPELINES[self.family])
                self._pipe = cls.from_pretrained(
                    str(self.model_path), torch_dtype=getattr(torch, self.dtype), local_files_only=True
                ).to(self.device)
            return self._pipe

    def _generate(self, job_id: str, request: ClipRequest):
        import torch
        from diffusers.utils import load_image

        clip = model_clip(self.family, request.spec.seconds)
        width, height = _SIZES[self.family]
        pipe = self._pipeline()

        def on_step(pipeline, step, timestep, kwargs):
            self._progress[job_id] = (step + 1) / self.steps
            return kwargs

        generator = torch.Generator(device=self.device).manual_seed(request.seed)
        result = pipe(
            image=load_image(str(request.keyframe)).resize((width, height)),
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            num_frames=clip.frames,
            height=height,
            width=width,
            num_inference_steps=self.steps,
            guidance_scale=self.guidance,
            generator=generator,
            callback_on_step_end=on_step,
        )
        frames = write_frames(result.frames[0], request.out, clip.fps)
        return frames, clip.fps, (width, height)


def write_frames(frames, out: Path, fps: int) -> int:
    """Encode a pipeline's frames (PIL images, or floats 0..1 / uint8 arrays) as H.264 with PyAV,
    the platform's one video writer (diffusers' own exporter would need imageio)."""
    import av

    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with av.open(str(out), "w") as container:
        stream = None
        for frame in frames:
            array = np.asarray(frame)
            if array.dtype != np.uint8:
                array = (np.clip(array, 0, 1) * 255).round().astype(np.uint8)
            array = np.ascontiguousarray(array[..., :3])
            if stream is None:
                stream = container.add_stream("libx264", rate=fps, options={"crf": "16", "preset": "fast"})
                stream.height, stream.width = array.shape[0] // 2 * 2, array.shape[1] // 2 * 2
                stream.pix_fmt = "yuv420p"
            array = array[: stream.height, : stream.width]
            for packet in stream.encode(av.VideoFrame.from_ndarray(array, format="rgb24")):
                container.mux(packet)
            count += 1
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return count

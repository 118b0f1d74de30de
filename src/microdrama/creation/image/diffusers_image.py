"""Optional GPU image backend: any diffusers text-to-image pipeline (SDXL, SD 1.5, Flux, …) from
model weights already on local disk (nothing is downloaded at run time).

Imported only when configured; `diffusers` and `torch` are not dependencies of the platform. The
picture is generated at a size the model handles (multiples of 64) and cropped to fill the
keyframe / reference-view size. Each character's fixed appearance is already in the prompt.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image, ImageOps

from .base import CHARACTER_VIEW_SIZE, CharacterViewRequest, ImageError, KeyframeRequest, keyframe_size


class DiffusersImage:
    def __init__(
        self,
        model_path: str | Path,
        *,
        device: str = "cuda",
        steps: int = 30,
        guidance: float = 6.0,
        dtype: str = "float16",
        generate_size: tuple[int, int] = (576, 1024),
    ) -> None:
        try:
            import diffusers  # noqa: F401
            import torch  # noqa: F401
        except ImportError as exc:
            raise ImageError(
                "未安装 diffusers / torch，无法使用本地图像模型（离线默认后端不需要它们）", code="missing"
            ) from exc
        self.model_path = Path(model_path)
        if not self.model_path.is_dir():
            raise ImageError(f"本地图像模型目录不存在：{self.model_path}", code="missing_model")
        self.device, self.steps, self.guidance, self.dtype = device, steps, guidance, dtype
        self.generate_size = generate_size
        self._pipe = None
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return f"diffusers-t2i:{self.model_path.name}:{self.steps}"

    def _pipeline(self):
        if self._pipe is None:
            import torch
            from diffusers import AutoPipelineForText2Image

            self._pipe = AutoPipelineForText2Image.from_pretrained(
                str(self.model_path), torch_dtype=getattr(torch, self.dtype), local_files_only=True
            ).to(self.device)
        return self._pipe

    def _generate(self, prompt: str, negative: str, seed: int, size: tuple[int, int], out: Path) -> Path:
        import torch

        with self._lock:  # one GPU pipeline, one picture at a time
            pipe = self._pipeline()
            generator = torch.Generator(device=self.device).manual_seed(seed)
            width, height = self.generate_size
            image: Image.Image = pipe(
                prompt=prompt,
                negative_prompt=negative or None,
                width=width,
                height=height,
                num_inference_steps=self.steps,
                guidance_scale=self.guidance,
                generator=generator,
            ).images[0]
        out.parent.mkdir(parents=True, exist_ok=True)
        ImageOps.fit(image.convert("RGB"), size, Image.LANCZOS).save(out, format="PNG")
        return out

    def keyframe(self, request: KeyframeRequest, out: Path) -> Path:
        return self._generate(
            request.prompt, request.negative_prompt, request.seed, keyframe_size(request.spec), out
        )

    def character_view(self, request: CharacterViewRequest, out: Path) -> Path:
        return self._generate(request.prompt, "", request.seed, CHARACTER_VIEW_SIZE, out)

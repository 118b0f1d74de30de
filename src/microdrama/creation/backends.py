"""Choosing backends: the set a pipeline run uses, and building it from plain settings.

Offline defaults everywhere (the genre writer, the Pillow storyboard artist, the Ken Burns video
renderer, espeak-ng or a marked silent track), so a project runs with no model and no network.
A settings mapping — what the studio keeps in Django settings, what the CLI reads from the
environment — switches any of them to a real model:

    {"llm":   {"kind": "openai", "base_url": "https://api.deepseek.com", "api_key": "…", "model": "deepseek-chat"},
     "image": {"kind": "diffusers", "model_path": "/models/sdxl"},
     "video": {"kind": "diffusers", "model_path": "/models/wan2.1-i2v", "family": "wan"}
              | {"kind": "remote", "base_url": "http://gpu-host:8080/v1", "model": "step-video-t2v"},
     "voice": {"kind": "espeak"} | {"kind": "silent"}}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .image.base import ImageBackend
from .image.storyboard_artist import StoryboardArtist
from .labels.provenance import SigningCredentials
from .labels.watermark import WatermarkHook
from .llm.base import LLM, LLMError
from .llm.offline import OfflineWriter
from .video.base import VideoBackend
from .video.kenburns import KenBurnsVideo
from .voice import SilentVoice, VoiceBackend, default_voice


@dataclass
class Backends:
    llm: LLM = field(default_factory=OfflineWriter)
    image: ImageBackend = field(default_factory=StoryboardArtist)
    video: VideoBackend = field(default_factory=KenBurnsVideo)
    voice: VoiceBackend = field(default_factory=default_voice)
    # embed(src, dst, payload): normally the watermark engine's; None skips the watermark label
    watermark: WatermarkHook | None = None
    # the organisation's C2PA signing certificate; None uses the project's self-signed test chain
    signing: SigningCredentials | None = None
    poll_interval: float = 2.0


class BackendConfigError(ValueError):
    """A settings entry names an unknown backend or lacks a required value (Chinese message)."""


def _kind(section: Mapping[str, Any] | None, default: str) -> str:
    return str((section or {}).get("kind", default)).lower()


def backends_from_settings(settings: Mapping[str, Any] | None = None, **extra: Any) -> Backends:
    settings = settings or {}
    backends = Backends(**extra)
    llm = settings.get("llm")
    match _kind(llm, "offline"):
        case "offline":
            pass
        case "openai" | "openai-compatible":
            from .llm.openai_compatible import OpenAICompatibleLLM

            try:
                backends.llm = OpenAICompatibleLLM(
                    llm["base_url"],
                    llm["model"],
                    llm.get("api_key"),
                    **{
                        k: llm[k]
                        for k in ("max_tokens", "temperature", "timeout", "json_mode", "extra_body")
                        if k in llm
                    },
                )
            except KeyError as exc:
                raise BackendConfigError(f"大模型配置缺少 {exc.args[0]}") from exc
            except LLMError as exc:
                raise BackendConfigError(str(exc)) from exc
        case other:
            raise BackendConfigError(f"未知的大模型后端：{other}（可选 offline、openai）")
    image = settings.get("image")
    match _kind(image, "pillow"):
        case "pillow" | "offline":
            pass
        case "diffusers":
            from .image.diffusers_image import DiffusersImage

            backends.image = DiffusersImage(**{k: v for k, v in image.items() if k != "kind"})
        case other:
            raise BackendConfigError(f"未知的图像后端：{other}（可选 pillow、diffusers）")
    video = settings.get("video")
    match _kind(video, "kenburns"):
        case "kenburns" | "offline":
            pass
        case "diffusers":
            from .video.diffusers_video import DiffusersVideo

            backends.video = DiffusersVideo(**{k: v for k, v in video.items() if k != "kind"})
        case "remote" | "step" | "step-video":
            from .video.remote import RemoteVideo

            backends.video = RemoteVideo(**{k: v for k, v in video.items() if k != "kind"})
        case other:
            raise BackendConfigError(f"未知的视频后端：{other}（可选 kenburns、diffusers、remote）")
    match _kind(settings.get("voice"), "espeak"):
        case "espeak" | "espeak-ng":
            pass
        case "silent":
            backends.voice = SilentVoice()
        case other:
            raise BackendConfigError(f"未知的配音后端：{other}（可选 espeak、silent）")
    return backends


def settings_from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The CLI's settings: MICRODRAMA_LLM_BASE_URL / _MODEL / _API_KEY turn on a real LLM."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    if env.get("MICRODRAMA_LLM_BASE_URL"):
        settings["llm"] = {
            "kind": "openai",
            "base_url": env["MICRODRAMA_LLM_BASE_URL"],
            "model": env.get("MICRODRAMA_LLM_MODEL", ""),
            "api_key": env.get("MICRODRAMA_LLM_API_KEY"),
        }
    return settings

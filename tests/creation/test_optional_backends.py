"""The GPU backends are optional: without diffusers / torch (or without a local model folder)
they refuse to start with a clear message instead of downloading anything."""

from __future__ import annotations

import importlib.util

import pytest

from microdrama.creation.backends import BackendConfigError, backends_from_settings
from microdrama.creation.image import ImageError
from microdrama.creation.video import VideoError


@pytest.mark.skipif(importlib.util.find_spec("diffusers") is not None, reason="diffusers is installed here")
def test_diffusers_backends_say_they_need_diffusers(tmp_path):
    with pytest.raises(ImageError, match="diffusers") as image:
        backends_from_settings({"image": {"kind": "diffusers", "model_path": str(tmp_path)}})
    assert image.value.code == "missing"
    with pytest.raises(VideoError, match="diffusers") as video:
        backends_from_settings({"video": {"kind": "diffusers", "model_path": str(tmp_path), "family": "wan"}})
    assert video.value.code == "missing"


def test_an_unknown_video_family_is_refused():
    from microdrama.creation.video.diffusers_video import DiffusersVideo

    with pytest.raises(VideoError, match="不支持"):
        DiffusersVideo("/nonexistent", family="sora")


def test_unknown_backend_kinds_are_configuration_errors():
    for section in ("llm", "image", "video", "voice"):
        with pytest.raises(BackendConfigError):
            backends_from_settings({section: {"kind": "nonsense"}})

"""Shared generated media for the watermark tests (built once per session, in a temporary folder)."""

from __future__ import annotations

import pytest

from microdrama.watermark import embed

from .synthetic import make_video

PAYLOAD = "0123456789abcdef"


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("watermark-media")


@pytest.fixture(scope="session")
def source_video(media_dir):
    """6 s of 360 × 640 portrait video (textured, moving, flat band) with an AAC tone and a title."""
    return make_video(media_dir / "source.mp4", seconds=6.0)


@pytest.fixture(scope="session")
def marked_video(media_dir, source_video):
    dst = media_dir / "marked.mp4"
    report = embed(source_video, dst, PAYLOAD, preset="veryfast")
    return dst, report

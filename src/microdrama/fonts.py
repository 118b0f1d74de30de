"""The CJK font every rendered artefact uses (PDF certificates and letters, storyboard frames,
burned-in subtitles), shipped inside a Python package so that nothing depends on system fonts.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def cjk_font_path() -> Path:
    """Path of WenQuanYi Micro Hei (TrueType collection; index 0 is the proportional face)."""
    path = Path(str(resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))
    if not path.is_file():  # a broken install, not a user error
        raise FileNotFoundError(f"CJK font missing from the installed package: {path}")
    return path

"""PDF documents in Chinese (certificates, warning letters, training certificates): ReportLab with
the packaged CJK font registered once, plus QR codes for verification links."""

from __future__ import annotations

import io
from functools import cache

import qrcode
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from microdrama.fonts import cjk_font_path

FONT = "WQYMicroHei"


@cache
def register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
    return FONT


def qr_image(text: str, box_size: int = 6) -> ImageReader:
    image = qrcode.make(text, box_size=box_size, border=1).get_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese (and mixed) text into lines that fit `width` points: CJK wraps per character."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if pdfmetrics.stringWidth(line + ch, font, size) > width and line:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines

"""Pillow helpers every rendered picture shares: the CJK font at any size, wrapping Chinese text
to a pixel width, and captioned boxes (storyboard frames, subtitles, the AIGC label)."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw, ImageFont

from microdrama.fonts import cjk_font_path

_NO_LINE_START = set("，。！？；：、”’）》」』…—,.!?;:)")


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size=max(8, int(size)), index=0)


def text_width(text: str, size: int) -> int:
    return int(font(size).getlength(text))


def wrap(text: str, size: int, width: int, max_lines: int | None = None, balanced: bool = False) -> list[str]:
    """Break text into lines no wider than `width` pixels, character by character (Chinese has no
    spaces), never starting a line with closing punctuation. `balanced` evens out the line
    lengths (subtitles: no lone character on the last line)."""
    lines = _greedy(text, size, width)
    if balanced and len(lines) > 1:
        target = -(-text_width(text, size) // len(lines)) + size
        even = _greedy(text, size, min(width, target))
        if len(even) == len(lines):
            lines = even
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _greedy(text: str, size: int, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in text:
        if ch == "\n":
            lines.append(current)
            current = ""
            continue
        if current and text_width(current + ch, size) > width and ch not in _NO_LINE_START:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current:
        lines.append(current)
    return lines


def text_box(
    image: Image.Image,
    lines: list[str],
    size: int,
    *,
    center_x: int | None = None,
    left: int | None = None,
    top: int,
    fill=(255, 255, 255, 255),
    background=(0, 0, 0, 150),
    padding: int = 10,
    radius: int = 10,
    outline=None,
    stroke: int = 0,
    line_gap: float = 0.25,
) -> tuple[int, int, int, int]:
    """Draw lines of text in a rounded box on an RGBA image; returns the box."""
    if not lines:
        return (0, 0, 0, 0)
    f = font(size)
    line_h = int(size * (1 + line_gap))
    widths = [int(f.getlength(line)) for line in lines]
    box_w = max(widths) + 2 * padding
    box_h = line_h * len(lines) - int(size * line_gap) + 2 * padding
    x0 = left if left is not None else (center_x if center_x is not None else image.width // 2) - box_w // 2
    box = (x0, top, x0 + box_w, top + box_h)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if background is not None:
        draw.rounded_rectangle(
            box, radius=radius, fill=background, outline=outline, width=2 if outline else 0
        )
    for i, line in enumerate(lines):
        lx = x0 + (box_w - widths[i]) // 2
        draw.text(
            (lx, top + padding + i * line_h),
            line,
            font=f,
            fill=fill,
            stroke_width=stroke,
            stroke_fill=(0, 0, 0, 255) if stroke else None,
        )
    image.alpha_composite(layer)
    return box

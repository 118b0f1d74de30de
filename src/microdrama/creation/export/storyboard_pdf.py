"""The storyboard as a PDF a director can print: a cover with the series, its logline and the cast
(with their reference sheets), then for each episode a grid of keyframes with the shot data under
each (镜号, 景别 · 运镜 · 角度, 画面, 台词). CJK text in WenQuanYi Micro Hei; every page is footed
with the AIGC label, since the frames are generated."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from microdrama.fonts import cjk_font_path

from ..models.bible import SeriesBible
from ..models.outputs import CharacterDesign, RenderManifest
from ..models.storyboard import Shot, Storyboard

FONT = "WQYMicroHei"
MARGIN = 36
COLUMNS, ROWS = 3, 2


@cache
def _register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
    return FONT


def _wrap(text: str, size: float, width: float, max_lines: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and pdfmetrics.stringWidth(current + ch, FONT, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


class _Writer:
    def __init__(self, path: Path, title: str, scratch: Path) -> None:
        self.scratch = scratch
        self.canvas = Canvas(str(path), pagesize=A4)
        self.canvas.setTitle(f"{title} 分镜")
        self.canvas.setAuthor("microdrama AI 创作实验室")
        self.canvas.setSubject("AI生成 — 微短剧分镜")
        self.width, self.height = A4
        self.page = 0
        self.title = title

    def image(self, source: Path, x: float, y: float, width: float, height: float) -> None:
        """Embed a picture as a JPEG at twice its printed size (small, fast, sharp enough to print)."""
        thumb = self.scratch / f"{len(list(self.scratch.iterdir()))}.jpg"
        with Image.open(source) as picture:
            picture = picture.convert("RGB")
            picture.thumbnail((int(width * 2), int(height * 2)), Image.LANCZOS)
            picture.save(thumb, format="JPEG", quality=85)
        self.canvas.drawImage(
            str(thumb), x, y, width=width, height=height, preserveAspectRatio=True, anchor="sw"
        )

    def footer(self) -> None:
        self.page += 1
        c = self.canvas
        c.setFont(FONT, 8)
        c.setFillGray(0.4)
        c.drawString(MARGIN, 20, f"AI生成 · {self.title} · 微短剧 AI 创作实验室")
        c.drawRightString(self.width - MARGIN, 20, f"第 {self.page} 页")
        c.setFillGray(0)

    def text(self, x: float, y: float, lines: list[str], size: float, leading: float | None = None) -> float:
        self.canvas.setFont(FONT, size)
        leading = leading or size * 1.35
        for line in lines:
            self.canvas.drawString(x, y, line)
            y -= leading
        return y

    def new_page(self) -> None:
        self.footer()
        self.canvas.showPage()


def write_storyboard_pdf(
    bible: SeriesBible,
    board: Storyboard,
    renders: RenderManifest | None,
    design: CharacterDesign | None,
    root: Path,
    path: Path,
) -> Path:
    _register_font()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="storyboard-pdf-") as scratch:
        w = _Writer(path, bible.title, Path(scratch))
        _cover(w, bible, design, root)
        for episode in board.episodes:
            shots = episode.shots
            per_page = COLUMNS * ROWS
            for start in range(0, len(shots), per_page):
                w.new_page()
                heading = f"第{episode.number}集《{episode.title}》" + ("（续）" if start else "")
                w.text(MARGIN, w.height - MARGIN - 6, [heading], 15)
                for i, shot in enumerate(shots[start : start + per_page]):
                    _cell(w, shot, renders, root, i % COLUMNS, i // COLUMNS)
        w.footer()
        w.canvas.save()
    return path


def _cover(w: _Writer, bible: SeriesBible, design: CharacterDesign | None, root: Path) -> None:
    width = w.width - 2 * MARGIN
    y = w.height - MARGIN - 20
    y = w.text(MARGIN, y, [f"《{bible.title}》 分镜本"], 24, 32)
    y = w.text(
        MARGIN,
        y,
        [
            f"题材：{bible.genre}    集数：{bible.target_episodes}    画幅：{bible.aspect}    "
            f"付费卡点：{'、'.join(f'第{n}集' for n in bible.paywall_episodes) or '无'}"
        ],
        10,
    )
    y = w.text(MARGIN, y - 4, _wrap("卖点：" + bible.logline, 10, width, 4), 10)
    y = w.text(MARGIN, y - 4, _wrap("梗概：" + bible.synopsis, 10, width, 5), 10)
    y -= 10
    w.text(MARGIN, y, ["角色"], 14)
    y -= 22
    for character in bible.characters:
        sheet = design.sheet_for(character.name) if design else None
        image_h = 90
        if sheet and (root / sheet.sheet).is_file():
            w.image(root / sheet.sheet, MARGIN, y - image_h, image_h * 1.8, image_h)
        x = MARGIN + image_h * 1.8 + 10
        lines = [f"{character.name}（{character.role}，{character.gender.value}，{character.age}岁）"]
        lines += _wrap("外貌：" + character.appearance, 9, width - (x - MARGIN), 3)
        lines += _wrap(
            "服装：" + character.wardrobe + "；性格：" + character.personality, 9, width - (x - MARGIN), 2
        )
        w.text(x, y - 10, lines, 9)
        y -= image_h + 12
        if y < MARGIN + image_h:
            w.new_page()
            y = w.height - MARGIN - 20


def _cell(w: _Writer, shot: Shot, renders: RenderManifest | None, root: Path, col: int, row: int) -> None:
    gutter = 12
    cell_w = (w.width - 2 * MARGIN - gutter * (COLUMNS - 1)) / COLUMNS
    top = w.height - MARGIN - 30
    cell_h = (top - MARGIN - 10) / ROWS
    x = MARGIN + col * (cell_w + gutter)
    y_top = top - row * cell_h
    image_h = cell_h - 92
    image_w = image_h * 9 / 16
    render = renders.shot(shot.id) if renders else None
    frame = root / render.keyframe if render else root / "frames" / f"{shot.id}.png"
    ix = x + (cell_w - image_w) / 2
    if frame.is_file():
        w.image(frame, ix, y_top - image_h, image_w, image_h)
    w.canvas.rect(ix, y_top - image_h, image_w, image_h, stroke=1, fill=0)
    y = y_top - image_h - 11
    flags = "".join(f" [{f}]" for f, on in (("钩子", shot.hook), ("卡点", shot.cliffhanger)) if on)
    y = w.text(x, y, [f"镜{shot.number} · {shot.scene} · {shot.duration:g}秒{flags}"], 8.5)
    y = w.text(x, y, [f"{shot.shot_size.value} · {shot.camera_move.value} · {shot.angle.value}"], 8)
    y = w.text(x, y, _wrap("画面：" + shot.description, 7.5, cell_w, 3), 7.5, 9.5)
    dialogue = " ".join(f"{c.speaker}：{c.text}" for c in shot.cues) or "（无台词）"
    w.text(x, y, _wrap("台词：" + dialogue, 7.5, cell_w, 3), 7.5, 9.5)

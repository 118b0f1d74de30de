"""The shot list (分镜表) as CSV (UTF-8 with BOM, so Excel opens the Chinese right) and XLSX, in
the column order Chinese crews use: 镜号 · 景别 · 运镜 · 机位角度 · 画面内容 · 台词/旁白 ·
音效/音乐 · 时长(秒) · 备注, plus the prompts a generator would get."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..models.storyboard import Shot, Storyboard
from ..models.vocabulary import LineKind

COLUMNS = [
    "集",
    "场",
    "镜号",
    "景别",
    "运镜",
    "机位角度",
    "画面内容",
    "台词/旁白",
    "音效/音乐",
    "时长(秒)",
    "人物",
    "备注",
    "画面提示词",
    "视频提示词",
]
_WIDTHS = [5, 6, 6, 7, 6, 8, 40, 40, 20, 8, 16, 14, 60, 60]


def shot_row(shot: Shot) -> list:
    lines = []
    for cue in shot.cues:
        who = cue.speaker + ("（旁白）" if cue.kind == LineKind.VOICEOVER else "")
        lines.append(f"{who}：{cue.text}")
    notes = [
        n
        for n in (("开场钩子" if shot.hook else ""), ("结尾卡点" if shot.cliffhanger else ""), shot.notes)
        if n
    ]
    sound = "；".join(p for p in (shot.sfx, shot.music) if p)
    return [
        shot.episode,
        shot.scene,
        shot.number,
        shot.shot_size.value,
        shot.camera_move.value,
        shot.angle.value,
        shot.description,
        "\n".join(lines),
        sound,
        round(shot.duration, 2),
        "、".join(shot.names),
        "；".join(notes),
        shot.keyframe_prompt,
        shot.video_prompt,
    ]


def write_csv(board: Storyboard, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for shot in board.shots():
            writer.writerow(shot_row(shot))
    return path


def write_xlsx(board: Storyboard, path: Path, title: str = "") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "分镜表"
    sheet.append(COLUMNS)
    for shot in board.shots():
        sheet.append(shot_row(shot))
    header_fill = PatternFill("solid", fgColor="2E4057")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "D2"
    if title:
        book.properties.title = f"{title} 分镜表"
    book.properties.creator = "microdrama AI 创作实验室（AI生成）"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

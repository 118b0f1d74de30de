"""Stage 7, export (导出): the Fountain script, the shot list as CSV and XLSX, the storyboard PDF
and OpenTimelineIO timelines, written under the project's `export/` folder."""

from __future__ import annotations

from pathlib import Path

from ..export.fountain import write_fountain
from ..export.shotlist import write_csv, write_xlsx
from ..export.storyboard_pdf import write_storyboard_pdf
from ..export.timeline import write_timelines
from ..models.bible import SeriesBible
from ..models.outputs import CharacterDesign, ExportManifest, RenderManifest
from ..models.script import Scripts
from ..models.storyboard import Storyboard
from ..progress import Progress, ProgressEvent, ignore_progress


def export_project(
    bible: SeriesBible,
    scripts: Scripts,
    board: Storyboard,
    design: CharacterDesign | None,
    renders: RenderManifest | None,
    root: Path,
    *,
    folder: str = "export",
    progress: Progress = ignore_progress,
) -> ExportManifest:
    out = root / folder
    out.mkdir(parents=True, exist_ok=True)
    steps = 5

    def step(i: int, message: str) -> None:
        progress(ProgressEvent("export", i, steps, message))

    step(0, "Fountain 剧本")
    fountain = out / "script.fountain"
    fountain.write_text(
        write_fountain(scripts, extra_title={"Genre": bible.genre, "Notes": bible.logline}), encoding="utf-8"
    )
    step(1, "分镜表 CSV / XLSX")
    csv_path = write_csv(board, out / "shotlist.csv")
    xlsx_path = write_xlsx(board, out / "shotlist.xlsx", bible.title)
    step(2, "分镜 PDF")
    pdf = write_storyboard_pdf(bible, board, renders, design, root, out / "storyboard.pdf")
    step(3, "时间线 OTIO")
    timelines, series = write_timelines(
        board, renders or RenderManifest(), root, out / "timelines", bible.title
    )
    step(steps, "导出完成")

    def rel(p: Path) -> str:
        return p.relative_to(root).as_posix()

    return ExportManifest(
        fountain=rel(fountain),
        shot_list_csv=rel(csv_path),
        shot_list_xlsx=rel(xlsx_path),
        storyboard_pdf=rel(pdf),
        timelines=[rel(p) for p in timelines],
        series_timeline=rel(series),
    )

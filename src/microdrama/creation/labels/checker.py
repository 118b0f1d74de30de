"""The AIGC label checker: does a file carry each label of GB 45438-2025 / the labelling measures?

* visible — the explicit label text (“AI生成” by default) read by OCR from frames near the start
  and the middle (RapidOCR, bundled models; unknown if OCR is unavailable);
* implicit — the “AIGC” metadata field with its seven elements, and whether its integrity hash
  still matches the media;
* c2pa — an embedded C2PA manifest that declares AI generation (or our sidecar file);
* watermark — a payload read by the watermark engine, when a reader is given.

Each answer is yes / no / unknown with a Chinese sentence saying why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
from pydantic import Field

from ..models.base import Model
from . import provenance
from .implicit import ESSENCE_PREFIX, LABEL_FIELDS, essence_digest, read_implicit_label
from .watermark import WatermarkReader

OcrFunction = Callable[[np.ndarray], list[str]]


class LabelFinding(Model):
    present: bool | None = Field(description="True 有 / False 没有 / None 无法检查")
    detail: str = ""


class LabelCheck(Model):
    file: str
    visible: LabelFinding
    implicit: LabelFinding
    c2pa: LabelFinding
    watermark: LabelFinding

    @property
    def labelled(self) -> bool:
        """The labels the measures require (explicit + implicit metadata) are both there."""
        return bool(self.visible.present) and bool(self.implicit.present)


_ocr_lock = threading.Lock()
_ocr_engine: list = []


def default_ocr() -> OcrFunction | None:
    """RapidOCR through the media engine's reader (models ship in the wheel); None if unavailable."""
    with _ocr_lock:
        if not _ocr_engine:
            try:
                from microdrama.media.qc_ocr import RapidOCRReader

                _ocr_engine.append(RapidOCRReader())
            except Exception:  # missing package or models: the checker says it cannot tell
                _ocr_engine.append(None)
    reader = _ocr_engine[0]
    if reader is None:
        return None
    return lambda image: [line.text for line in reader.read(image)]


def _frames_at(path: Path, times: list[float]) -> list[np.ndarray]:
    """Frames at (or just after) the given times; a still picture gives its one frame."""
    pictures: list[np.ndarray] = []
    first = None
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        wanted = sorted(times)
        for frame in container.decode(stream):
            if first is None:
                first = frame.to_ndarray(format="rgb24")
            if frame.time is None:
                continue
            if wanted and frame.time >= wanted[0]:
                pictures.append(frame.to_ndarray(format="rgb24"))
                wanted.pop(0)
                if not wanted:
                    break
    return pictures or ([first] if first is not None else [])


def _normalise(text: str) -> str:
    return "".join(text.split()).upper()


def check_visible(path: Path, text: str = "AI生成", ocr: OcrFunction | None = None) -> LabelFinding:
    ocr = ocr or default_ocr()
    if ocr is None:
        return LabelFinding(present=None, detail="无法检查显式标识：OCR（rapidocr）不可用")
    try:
        with av.open(str(path)) as container:
            duration = float(container.duration or 0) / av.time_base
        frames = _frames_at(path, [0.5, max(0.6, duration / 2)])
    except (av.error.FFmpegError, IndexError) as exc:
        return LabelFinding(present=False, detail=f"无法读取画面：{exc.__class__.__name__}")
    needle = _normalise(text)
    seen = []
    for frame in frames:
        found = _normalise("".join(ocr(frame)))
        seen.append(needle in found)
    if seen and all(seen):
        where = "（片头和片中）" if len(seen) > 1 else ""
        return LabelFinding(present=True, detail=f"画面中识别到“{text}”{where}")
    if any(seen):
        return LabelFinding(present=True, detail=f"仅部分抽查画面识别到“{text}”")
    return LabelFinding(present=False, detail=f"抽查画面中没有识别到“{text}”")


def check_implicit(path: Path) -> LabelFinding:
    label = read_implicit_label(path)
    if label is None:
        return LabelFinding(present=False, detail="元数据中没有 AIGC 字段")
    missing = [k for k in LABEL_FIELDS if k not in label]
    if missing:
        return LabelFinding(present=False, detail=f"AIGC 字段缺少要素：{'、'.join(missing)}")
    if str(label.get("Label")) not in ("1", "2", "3"):
        return LabelFinding(present=False, detail=f"AIGC.Label 取值无效：{label.get('Label')}")
    detail = f"AIGC 字段：Label={label['Label']}，ContentProducer={label['ContentProducer']}，ProduceID={label['ProduceID']}"
    integrity = str(label.get("ReservedCode1") or "")
    if integrity.startswith(ESSENCE_PREFIX) and path.suffix.lower() != ".png":
        same = essence_digest(path) == integrity
        detail += "；完整性校验通过" if same else "；完整性校验不符（内容在打标后被改动）"
    return LabelFinding(present=True, detail=detail)


def check_c2pa(path: Path) -> LabelFinding:
    reading = provenance.read(path)
    if not reading.present:
        return LabelFinding(present=False, detail=reading.detail)
    if not reading.ai_generated:
        return LabelFinding(present=False, detail=f"{reading.detail}，但未声明为 AI 生成")
    return LabelFinding(present=True, detail=reading.detail)


def check_watermark(path: Path, reader: WatermarkReader | None) -> LabelFinding:
    if reader is None:
        return LabelFinding(present=None, detail="未检查：水印引擎不可用或未启用")
    try:
        payload = reader(path)
    except Exception as exc:  # the reader is the watermark engine's code
        return LabelFinding(present=None, detail=f"水印读取出错：{exc.__class__.__name__}: {exc}")
    if payload is None:
        return LabelFinding(present=False, detail="没有读出水印")
    return LabelFinding(present=True, detail=f"水印载荷 {payload:016x}")


def check_labels(
    path: str | Path,
    *,
    visible_text: str = "AI生成",
    ocr: OcrFunction | None = None,
    watermark_reader: WatermarkReader | None = None,
) -> LabelCheck:
    path = Path(path)
    return LabelCheck(
        file=str(path),
        visible=check_visible(path, visible_text, ocr),
        implicit=check_implicit(path),
        c2pa=check_c2pa(path),
        watermark=check_watermark(path, watermark_reader),
    )

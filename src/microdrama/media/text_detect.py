"""Text in a frame: the `TextReader` protocol, the stroke-density heuristic that needs nothing but
NumPy and SciPy, and `text_reader()`, which picks OCR when it is installed and working.

The heuristic finds *that* there is text, not what it says: burned-in titles are sharp,
high-contrast strokes packed into lines, so it looks for short, wide clusters dense with strong
edges of both polarities. Natural texture can fool it in a single frame, which is why the QC
also asks that a region stay in place across the sampled opening frames (titles stand still;
texture in a moving picture does not).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import ndimage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextLine:
    """A region that holds text, in the pixel coordinates of the image given to the reader."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    text: str = ""  # empty when the reader only detects
    score: float = 1.0

    def iou(self, other: TextLine) -> float:
        ax0, ay0, ax1, ay1 = self.box
        bx0, by0, bx1, by1 = other.box
        iw = max(0, min(ax1, bx1) - max(ax0, bx0))
        ih = max(0, min(ay1, by1) - max(ay0, by0))
        inter = iw * ih
        union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
        return inter / union if union else 0.0


class TextReader(Protocol):
    name: str
    reads_text: bool  # False: finds text regions but cannot say what they say

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines in an upright RGB uint8 image (H, W, 3), top to bottom."""
        ...


class HeuristicTextDetector:
    """Text regions from the density and shape of sharp strokes (no model, a few ms a frame)."""

    name = "heuristic"
    reads_text = False

    def __init__(self, work_short_side: int = 360, edge_threshold: float = 60.0) -> None:
        self.work_short_side = work_short_side
        self.edge_threshold = edge_threshold

    def read(self, image: np.ndarray) -> list[TextLine]:
        grey = _grey(image)
        scale = min(1.0, self.work_short_side / min(grey.shape))
        if scale < 1.0:
            grey = ndimage.zoom(grey, scale, order=1, prefilter=False)
        h, w = grey.shape
        # Strong edges of both polarities: text strokes rise and fall within a few pixels.
        dx = np.diff(grey, axis=1)
        rising = np.zeros_like(grey, dtype=bool)
        falling = np.zeros_like(grey, dtype=bool)
        rising[:, 1:] = dx > self.edge_threshold
        falling[:, 1:] = dx < -self.edge_threshold
        dy = np.abs(np.diff(grey, axis=0))
        strong = rising | falling
        strong[1:, :] |= dy > self.edge_threshold
        # Join the strokes of one line of characters into one blob.
        blobs = ndimage.binary_closing(strong, structure=np.ones((3, 11), bool), iterations=1)
        blobs = ndimage.binary_opening(blobs, structure=np.ones((3, 3), bool))
        labels, _count = ndimage.label(blobs)
        lines: list[TextLine] = []
        for index, window in enumerate(ndimage.find_objects(labels), start=1):
            if window is None:
                continue
            ys, xs = window
            bh, bw = ys.stop - ys.start, xs.stop - xs.start
            if not (6 <= bh <= 0.10 * min(h, w) and bw >= max(24, 2.0 * bh)):
                continue
            inside = labels[window] == index
            area = float(inside.sum())
            if area < 0.4 * bh * bw:  # a line of text fills its box; scattered texture does not
                continue
            density = strong[window][inside].mean()
            up, down = rising[window][inside].sum(), falling[window][inside].sum()
            balance = min(up, down) / max(1, max(up, down))
            # Stroke crossings per row: characters give several per character width.
            crossings = (rising[window] & inside).sum(axis=1)
            per_row = float(np.median(crossings[crossings > 0])) if (crossings > 0).any() else 0.0
            if density >= 0.18 and balance >= 0.4 and per_row >= bw / (1.5 * bh):
                lines.append(
                    TextLine(
                        box=(
                            round(xs.start / scale),
                            round(ys.start / scale),
                            round(xs.stop / scale),
                            round(ys.stop / scale),
                        ),
                        score=round(float(density), 3),
                    )
                )
        return sorted(lines, key=lambda line: (line.box[1], line.box[0]))


def _grey(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 2:
        return image.astype(np.float32)
    rgb = image[..., :3].astype(np.float32)
    return rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


_lock = threading.Lock()
_cached: dict[str, TextReader | Exception] = {}


def text_reader(kind: str = "auto") -> tuple[TextReader | None, str | None]:
    """The reader for `kind` ("auto", "ocr", "heuristic", "off") and, when "auto" or "ocr" had
    to fall back to the heuristic, why (an English sentence for the report)."""
    if kind == "off":
        return None, None
    if kind == "heuristic":
        return HeuristicTextDetector(), None
    with _lock:
        if "ocr" not in _cached:
            try:
                from .qc_ocr import RapidOCRReader

                _cached["ocr"] = RapidOCRReader()
            except Exception as exc:  # not installed, model missing, runtime refuses: use the heuristic
                log.warning("OCR unavailable, falling back to the text heuristic: %s", exc)
                _cached["ocr"] = exc
        reader = _cached["ocr"]
    if isinstance(reader, Exception):
        return HeuristicTextDetector(), f"OCR unavailable ({reader.__class__.__name__}: {reader})"
    return reader, None

"""Does the opening of a cut show text, and what does it say? The filing number (备案号) must be
shown in the opening titles, so the QC reads the first seconds with OCR when it can (the filing
app then compares the text with the recorded number) and otherwise says whether text is there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .qc_report import normalise_text
from .qc_spec import QCSpec
from .text_detect import TextLine, TextReader, text_reader

# Loose on purpose: it only tells "looks like a filing or licence number" apart from other text;
# whether the number is valid is the filing app's business (its formats are data, not code).
FILING_NUMBER = re.compile(r"[^\s]{0,6}网[微]?[剧影]?[备审]字\S{0,20}|备案号\S{0,24}|许可证号?\S{0,24}")
_SAME_FRAME = 2.0  # mean absolute difference (0–255) under which two sampled frames are one title card


@dataclass(frozen=True)
class OpeningText:
    has_text: bool | None  # None: not checked
    lines: tuple[str, ...]  # what OCR read, first appearance first
    method: str  # reader name or "off"
    fallback_reason: str | None = None
    frames_checked: int = 0

    def filing_numbers(self) -> list[str]:
        """The lines, as read, that look like a filing or licence number."""
        return [line for line in self.lines if FILING_NUMBER.search(normalise_text(line))]


def read_opening(frames: Sequence[tuple[float, np.ndarray]], spec: QCSpec) -> OpeningText:
    reader, fallback = text_reader(spec.text_reader)
    if reader is None:
        return OpeningText(has_text=None, lines=(), method="off")
    if reader.reads_text:
        # OCR costs about half a second a frame: once a filing number is read, the rest can wait
        per_frame = _read_frames(reader, frames, done=lambda lines: _has_number(lines, spec))
        kept = [[line for line in lines if _is_text(line, spec)] for lines in per_frame]
        lines = _unique_text(line for frame in kept for line in frame)
        has_text = any(kept)
    else:
        per_frame = _read_frames(reader, frames)
        lines = ()
        has_text = _persistent(per_frame)
    return OpeningText(
        has_text=has_text,
        lines=lines,
        method=reader.name,
        fallback_reason=fallback,
        frames_checked=len(per_frame),
    )


def _read_frames(
    reader: TextReader,
    frames: Sequence[tuple[float, np.ndarray]],
    done: Callable[[list[TextLine]], bool] | None = None,
) -> list[list[TextLine]]:
    results: list[list[TextLine]] = []
    previous: np.ndarray | None = None
    for _, image in frames:
        thumb = image[::8, ::8].astype(np.int16)
        same = previous is not None and previous.shape == thumb.shape and results
        if same and float(np.mean(np.abs(thumb - previous))) < _SAME_FRAME:
            results.append(results[-1])  # a title card holds still: no need to read it again
            continue
        previous = thumb
        results.append(reader.read(image))
        if done is not None and done(results[-1]):
            break
    return results


def _has_number(lines: list[TextLine], spec: QCSpec) -> bool:
    return any(_is_text(line, spec) and FILING_NUMBER.search(normalise_text(line.text)) for line in lines)


def _is_text(line: TextLine, spec: QCSpec) -> bool:
    # OCR reads the odd character into foliage or brickwork; one or two characters must be sure
    meaningful = sum(ch.isalnum() for ch in line.text)
    needed = spec.ocr_min_score if meaningful > 2 else max(spec.ocr_min_score, 0.9)
    return meaningful >= 2 and line.score >= needed


def _unique_text(lines) -> tuple[str, ...]:
    best: dict[str, TextLine] = {}
    order: list[str] = []
    for line in lines:
        key = normalise_text(line.text)
        if key not in best:
            order.append(key)
            best[key] = line
        elif line.score > best[key].score:
            best[key] = line
    return tuple(best[key].text for key in order)


def _persistent(per_frame: list[list[TextLine]]) -> bool:
    """Heuristic detections count when a region stays put in two sampled frames (titles stand
    still, texture in a moving picture does not); a single sampled frame has to do alone."""
    if len(per_frame) == 1:
        return bool(per_frame[0])
    for earlier, later in itertools.pairwise(per_frame):
        if earlier is later and earlier:
            return True  # the same still frame, read once
        if any(a.iou(b) >= 0.5 for a in earlier for b in later):
            return True
    return False

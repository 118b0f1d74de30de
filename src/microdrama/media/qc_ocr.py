"""OCR of the opening titles with RapidOCR (PaddleOCR's PP-OCR models run by ONNX Runtime on the
CPU). The `rapidocr` wheel ships its detection, recognition and orientation models, so nothing
is downloaded at run time; if the models were missing the library would try to fetch them, so
construction fails loudly here instead and the QC falls back to the heuristic.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

import numpy as np

from .text_detect import TextLine


class RapidOCRReader:
    name = "ocr:rapidocr"
    reads_text = True

    def __init__(self, threads: int = 1) -> None:
        from rapidocr import RapidOCR  # optional: imported only when OCR is asked for

        models = Path(str(resources.files("rapidocr") / "models"))
        if not any(models.glob("*.onnx")):
            raise FileNotFoundError(f"rapidocr is installed without its models ({models})")
        self._lock = threading.Lock()  # one ONNX session, shared by the threads of a worker
        self._engine = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,  # titles are upright; the QC turns rotated video first
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def read(self, image: np.ndarray) -> list[TextLine]:
        with self._lock:
            result = self._engine(np.ascontiguousarray(image[..., :3]))
        if result is None or not result.txts:
            return []
        lines = []
        for points, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
            xs, ys = np.asarray(points)[:, 0], np.asarray(points)[:, 1]
            box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
            lines.append(TextLine(box=box, text=str(text).strip(), score=float(score)))
        return sorted(lines, key=lambda line: (line.box[1], line.box[0]))

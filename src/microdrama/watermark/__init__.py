"""Watermark engine — forensic payloads into and out of video.

Embeds a 64-bit, error-corrected payload invisibly in every frame's luma, and reads it back blindly
from any short excerpt of a re-encoded, scaled, cropped or mirrored copy, so that a leaked copy names
the recipient it was issued to. Pure library: no Django, no apps.

Public API (what the copyright centre calls):

* `embed(src, dst, payload, strength=1.0, *, key, crf, preset, progress) -> EmbedReport`
* `detect(path, *, key, span, window, issued, progress) -> Detection` (with per-window
  `WindowResult`s; `issued` = the payloads actually handed out, for a much weaker mark to count)
* payload helpers: `new_payload_id`, `format_payload`, `parse_payload`, `pack_fields`,
  `unpack_fields`, `PayloadFields`

How it works, module by module: `pattern` (key-derived tile of sync and message chips, repeated
over the picture), `masking` (perceptual amplitude), `ecc` (CRC-16 + convolutional code, list
Viterbi), `residual` (per-frame evidence), `sync` (period, offset and mirroring from the tile's
lattice), `decision` (payload scoring and the calibrated false-positive bound), `analysis`
(sync + decode on one summed residual), `video_io` (PyAV frames in and out), `embedder` and
`detector` (files).
"""

from .detector import Detection, WindowResult, detect
from .embedder import EmbedReport, embed
from .pattern import DEFAULT_KEY
from .payload import (
    PayloadFields,
    format_payload,
    new_payload_id,
    pack_fields,
    parse_payload,
    unpack_fields,
)

__all__ = [
    "DEFAULT_KEY",
    "Detection",
    "EmbedReport",
    "PayloadFields",
    "WindowResult",
    "detect",
    "embed",
    "format_payload",
    "new_payload_id",
    "pack_fields",
    "parse_payload",
    "unpack_fields",
]

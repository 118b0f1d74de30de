"""The implicit AIGC label (隐式标识) of GB 45438-2025: a metadata field named “AIGC” holding JSON
with the seven elements of the standard, written into the MP4's container metadata the way the
tools in the field do it (`-metadata AIGC=<json> -movflags use_metadata_tags`, stream copy), and
into PNG text chunks for generated pictures.

`ReservedCode1` (the provider's integrity information) carries a SHA-256 of the file's media
packets, so a checker can tell whether the pictures and sound are still the ones labelled.
Metadata does not survive re-encoding; the visible label and the watermark cover that case.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import av
from PIL import Image, PngImagePlugin
from pydantic import Field

from ..models.base import Model

AIGC_KEY = "AIGC"
LABEL_FIELDS = (
    "Label",
    "ContentProducer",
    "ProduceID",
    "ReservedCode1",
    "ContentPropagator",
    "PropagateID",
    "ReservedCode2",
)
ESSENCE_PREFIX = "sha256:"


class LabelPolicy(Model):
    """What the lab writes into every label; the studio fills it from settings."""

    producer: str = Field(default="microdrama-ai-lab", description="ContentProducer：服务提供者名称或编码")
    propagator: str = Field(default="", description="ContentPropagator：传播平台名称或编码（分发时填写）")
    visible_text: str = "AI生成"
    opening_notice: str = "本视频由人工智能生成合成"
    opening_seconds: float = Field(default=2.0, ge=0, description="片头提示的时长（秒）")


def implicit_label(policy: LabelPolicy, produce_id: str, integrity: str = "") -> dict[str, str]:
    """The seven-element JSON object; Label "1" = the content is AI-generated / synthesised."""
    return {
        "Label": "1",
        "ContentProducer": policy.producer,
        "ProduceID": produce_id,
        "ReservedCode1": integrity,
        "ContentPropagator": policy.propagator,
        "PropagateID": "",
        "ReservedCode2": "",
    }


def label_json(label: dict[str, str]) -> str:
    return json.dumps(label, ensure_ascii=False, separators=(",", ":"))


def essence_digest(path: str | Path) -> str:
    """SHA-256 over every stream's packets in order: changes when pictures or sound change, not
    when metadata or a C2PA manifest is added."""
    digests = []
    with av.open(str(path)) as container:
        per_stream = {s.index: hashlib.sha256() for s in container.streams if s.type in ("video", "audio")}
        for packet in container.demux():
            if packet.size and packet.stream.index in per_stream:
                per_stream[packet.stream.index].update(bytes(packet))
        for index in sorted(per_stream):
            digests.append(per_stream[index].hexdigest())
    return ESSENCE_PREFIX + hashlib.sha256("".join(digests).encode()).hexdigest()


def write_implicit_label(src: Path, dst: Path, label: dict[str, str]) -> Path:
    """Copy `src` to `dst` (no re-encoding) with the AIGC metadata field added."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with (
        av.open(str(src)) as inp,
        av.open(str(dst), "w", format="mp4", options={"movflags": "use_metadata_tags"}) as out,
    ):
        out.metadata.update(
            {
                k: v
                for k, v in inp.metadata.items()
                if k not in ("major_brand", "minor_version", "compatible_brands", "encoder")
            }
        )
        out.metadata[AIGC_KEY] = label_json(label)
        mapping = {}
        for stream in inp.streams:
            if stream.type in ("video", "audio"):
                mapping[stream.index] = out.add_stream_from_template(stream)
        for packet in inp.demux():
            if packet.dts is None or packet.stream.index not in mapping:
                continue
            packet.stream = mapping[packet.stream.index]
            out.mux(packet)
    return dst


def read_implicit_label(path: str | Path) -> dict[str, str] | None:
    """The AIGC JSON from a video's container metadata or a PNG's text chunk, or None."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".png":
            with Image.open(path) as image:
                raw = image.info.get(AIGC_KEY)
        else:
            with av.open(str(path), metadata_errors="ignore") as container:
                raw = next((v for k, v in container.metadata.items() if k.upper() == AIGC_KEY), None)
    except (OSError, av.error.FFmpegError):
        return None
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def label_png(path: Path, label: dict[str, str], visible_text: str | None = None) -> Path:
    """Add the AIGC text chunk to a generated PNG in place, and with `visible_text` also the
    explicit label in its lower right corner (for pictures shown on their own, not as video frames)."""
    from ..image.drawing import text_box, text_width

    with Image.open(path) as image:
        image.load()
        picture = image.convert("RGBA")
    if visible_text:
        size = max(14, int(min(picture.size) * 0.05))
        pad = max(4, size // 4)
        width = text_width(visible_text, size) + 2 * pad
        text_box(
            picture,
            [visible_text],
            size,
            left=picture.width - width - pad * 2,
            top=picture.height - size - pad * 5,
            background=(0, 0, 0, 150),
            padding=pad,
            radius=6,
        )
    info = PngImagePlugin.PngInfo()
    info.add_itxt(AIGC_KEY, label_json(label))
    picture.convert("RGB").save(path, format="PNG", pnginfo=info, compress_level=3)
    return path

"""The watermark as an implicit label (GB 45438 encourages it): the creation engine does not embed
watermarks itself, it calls a hook — normally the watermark engine's `embed(src, dst, payload)` —
that the caller passes in. The payload is a 64-bit number derived from the content's ProduceID, so
a watermark read back from a copy leads to the label record.

A hook that drops the audio track (a video-only embedder) gets it copied back from the source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import av

from microdrama.media.errors import MediaError
from microdrama.media.probe import probe

WatermarkHook = Callable[[Path, Path, int], object]  # embed(src, dst, payload)
WatermarkReader = Callable[[Path], int | None]  # payload read back from a file, or None


class WatermarkError(RuntimeError):
    pass


def payload_for(produce_id: str) -> int:
    """64-bit payload naming a piece of content: the first 8 bytes of SHA-256(ProduceID)."""
    return int.from_bytes(hashlib.sha256(produce_id.encode("utf-8")).digest()[:8], "big")


def apply_watermark(hook: WatermarkHook, src: Path, dst: Path, payload: int) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    marked = dst.with_name(dst.stem + ".wm" + dst.suffix)
    try:
        hook(src, marked, payload)
        info = probe(marked)
    except MediaError as exc:
        raise WatermarkError(f"水印嵌入后的文件无法读取：{exc}") from exc
    except Exception as exc:  # the hook is someone else's code: report, do not half-label
        raise WatermarkError(f"水印嵌入失败：{exc.__class__.__name__}: {exc}") from exc
    if not info.has_audio and probe(src).has_audio:
        _restore_audio(marked, src, dst)
        marked.unlink()
    else:
        marked.replace(dst)
    return dst


def _restore_audio(video_from: Path, audio_from: Path, dst: Path) -> None:
    with (
        av.open(str(video_from)) as vin,
        av.open(str(audio_from)) as ain,
        av.open(str(dst), "w", format="mp4") as out,
    ):
        v_out = out.add_stream_from_template(vin.streams.video[0])
        a_out = out.add_stream_from_template(ain.streams.audio[0])
        for source, target, stream in (
            (vin, v_out, vin.streams.video[0]),
            (ain, a_out, ain.streams.audio[0]),
        ):
            for packet in source.demux(stream):
                if packet.dts is None:
                    continue
                packet.stream = target
                out.mux(packet)

"""Is this upload a video at all? Reads the headers through `probe` and, when FFmpeg refuses the
file, looks at its first bytes to tell the uploader *what* it is instead: an MP4 whose index
(moov) never arrived, a text file, a picture, a document, an archive, or just unreadable bytes.
Also names the container the way people do (mp4, mov, mkv, webm …) rather than FFmpeg's demuxer
list ("mov,mp4,m4a,3gp,3g2,mj2").
"""

from __future__ import annotations

import codecs
import os
import struct
from pathlib import Path

from .errors import MediaError
from .probe import ProbeInfo, probe

_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"pnot", b"styp", b"moof"}
_MAGIC: list[tuple[bytes, int, str, str]] = [
    # (signature, offset, what it is in Chinese, code)
    (b"\x89PNG\r\n\x1a\n", 0, "PNG 图片", "image"),
    (b"\xff\xd8\xff", 0, "JPEG 图片", "image"),
    (b"GIF8", 0, "GIF 动图", "image"),
    (b"BM", 0, "BMP 图片", "image"),
    (b"%PDF", 0, "PDF 文档", "document"),
    (b"PK\x03\x04", 0, "ZIP 压缩包或 Office 文档", "archive"),
    (b"Rar!", 0, "RAR 压缩包", "archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z 压缩包", "archive"),
    (b"\x1f\x8b", 0, "gzip 压缩包", "archive"),
    (b"ID3", 0, "MP3 音频", "audio"),
    (b"fLaC", 0, "FLAC 音频", "audio"),
    (b"OggS", 0, "Ogg 音频", "audio"),
]
_IMAGE_DEMUXERS = ("image2", "_pipe", "webp", "apng")


def open_cut(path: str | os.PathLike) -> tuple[ProbeInfo, str]:
    """Probe an uploaded cut: (headers, container short name). Raises MediaError with a specific
    Chinese message and `code` for anything that is not a usable video."""
    path = Path(path)
    try:
        info = probe(path)
    except MediaError as exc:
        if exc.code == "not_video":
            raise diagnose(path) from exc
        if exc.code == "no_video":
            raise _no_picture(path) from exc
        raise
    if any(marker in info.container for marker in _IMAGE_DEMUXERS) or info.container == "tty":
        kind = "文字文件" if info.container == "tty" else "一张图片"
        raise MediaError(f"“{path.name}”是{kind}，不是视频，请上传成片视频文件", code="not_video")
    return info, container_name(path, info.container)


def container_name(path: Path, demuxer: str) -> str:
    """mp4 / mov / m4a / 3gp for the ISO family (from the ftyp brand), mkv / webm for Matroska,
    otherwise FFmpeg's first demuxer name (avi, mpeg, mpegts, flv …)."""
    head = _head(path, 64)
    if demuxer.startswith("mov,mp4"):
        brand = head[8:12] if head[4:8] == b"ftyp" else b""
        if brand == b"qt  ":
            return "mov"
        if brand.startswith(b"3g"):
            return "3gp"
        if brand in (b"M4A ", b"M4B "):
            return "m4a"
        return "mp4" if brand else path.suffix.lower().lstrip(".") or "mp4"
    if demuxer.startswith("matroska"):
        return "webm" if b"webm" in head else "mkv"
    return demuxer.split(",")[0]


def diagnose(path: Path) -> MediaError:
    """Explain a file FFmpeg could not open, from its first bytes."""
    head = _head(path, 65536)
    name = path.name
    if head[4:8] in _ISO_BOXES:
        return _diagnose_iso(path, head)
    for magic, offset, what, code in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return MediaError(f"“{name}”是{what}，不是视频，请上传成片视频文件", code=f"not_video_{code}")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return MediaError(f"“{name}”是 WAV 音频，没有视频画面", code="not_video_audio")
    if _looks_like_text(head):
        return MediaError(
            f"“{name}”是文本文件，不是视频（扩展名像视频，内容却是文字），请上传成片视频文件",
            code="not_video_text",
        )
    return MediaError(
        f"无法识别“{name}”的格式：它不是可播放的视频，文件可能已损坏或不完整，请重新导出后上传",
        code="not_video",
    )


def _diagnose_iso(path: Path, head: bytes) -> MediaError:
    """An MP4/MOV that FFmpeg cannot open: usually the upload stopped before the index (moov)."""
    size = path.stat().st_size
    boxes, overrun = _top_level_boxes(path, size)
    name = path.name
    if b"moov" not in boxes:
        got = f"（只收到 {size / 1e6:.1f} MB）" if size >= 1e5 else ""
        return MediaError(
            f"“{name}”不完整：MP4 文件缺少索引（moov），通常是上传中断或导出未完成{got}，"
            "请重新导出完整文件后再上传",
            code="truncated",
        )
    if overrun:
        return MediaError(
            f"“{name}”在 {size / 1e6:.1f} MB 处被截断，文件不完整，请重新上传", code="truncated"
        )
    return MediaError(f"“{name}”的 MP4 结构已损坏，无法读取，请重新导出后上传", code="corrupt")


def _top_level_boxes(path: Path, size: int) -> tuple[list[bytes], bool]:
    """Types of the top-level ISO boxes, and whether the last one runs past the end of the file."""
    boxes: list[bytes] = []
    with path.open("rb") as f:
        offset = 0
        while offset + 8 <= size and len(boxes) < 10_000:
            f.seek(offset)
            header = f.read(16)
            length, kind = struct.unpack(">I4s", header[:8])
            if length == 1 and len(header) == 16:
                length = struct.unpack(">Q", header[8:16])[0]
            elif length == 0:
                length = size - offset  # box runs to end of file
            if length < 8:
                return boxes, True
            boxes.append(kind)
            if offset + length > size:
                return boxes, True
            offset += length
    return boxes, False


def _no_picture(path: Path) -> MediaError:
    try:
        import av

        with av.open(os.fspath(path), metadata_errors="ignore") as container:
            has_audio = bool(container.streams.audio)
    except Exception:  # the file already failed once; the plainer message will do
        has_audio = False
    if has_audio:
        return MediaError(f"“{path.name}”只有声音，没有视频画面，请上传成片视频文件", code="no_video")
    return MediaError(f"“{path.name}”中没有视频画面，请上传成片视频文件", code="no_video")


def _head(path: Path, n: int) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head[:4096]:
        return False
    sample = head[:4096]
    for encoding in ("utf-8", "gb18030"):
        try:
            # incremental: a character cut at the end of the sample is not an error
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if text and printable / len(text) > 0.95:
            return True
    return False

"""Downloading one candidate video with limits: a byte cap (checked against Content-Length first,
then while streaming), a wall-clock cap (a stream that never ends is cut off), no HTML where a
video was promised, then a probe of what arrived (it must be a video no longer than the limit).

The file is hashed while it is written, so the SHA-256 recorded as evidence is of exactly the bytes
that were fetched.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from microdrama.media.errors import MediaError
from microdrama.media.probe import ProbeInfo, probe

from .net import AddressPolicy, FetchError, open_stream

CHUNK = 256 * 1024
_HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<meta", b"<title")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_duration: float  # seconds of video
    max_seconds: float  # wall-clock time for the whole download
    read_timeout: float = 20.0


@dataclass(frozen=True)
class Fetched:
    path: Path
    size: int
    sha256: str
    content_type: str
    final_url: str
    info: ProbeInfo


def looks_like_html(head: bytes) -> bool:
    return head.lstrip()[:16].lower().startswith(_HTML_STARTS)


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def download(
    url: str, dest: Path, policy: AddressPolicy, limits: Limits, headers: Mapping[str, str] | None = None
) -> Fetched:
    """Stream `url` into `dest` within `limits`, then check that it is a usable video."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    total = 0
    started = time.monotonic()
    try:
        with open_stream(url, policy, headers=headers, timeout=limits.read_timeout) as response:
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type in ("text/html", "application/xhtml+xml"):
                raise FetchError("地址返回的是网页而不是视频", "html_not_video")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > limits.max_bytes:
                raise FetchError(
                    f"视频大小 {_human(int(length))} 超过上限 {_human(limits.max_bytes)}，未下载", "too_large"
                )
            with dest.open("wb") as out:
                try:
                    for chunk in response.iter_bytes():  # as it arrives, so the clock is checked often
                        if total == 0 and looks_like_html(chunk[:64]):
                            raise FetchError("地址返回的是网页而不是视频", "html_not_video")
                        total += len(chunk)
                        if total > limits.max_bytes:
                            raise FetchError(
                                f"下载已超过大小上限 {_human(limits.max_bytes)}，已中止", "too_large"
                            )
                        if time.monotonic() - started > limits.max_seconds:
                            raise FetchError(
                                f"下载超过 {limits.max_seconds:.0f} 秒仍未结束，已中止（可能是不会结束的流）",
                                "too_slow",
                            )
                        digest.update(chunk)
                        out.write(chunk)
                except httpx.TimeoutException as exc:
                    raise FetchError("下载中途超时", "timeout", retry=True) from exc
                except httpx.HTTPError as exc:
                    raise FetchError(f"下载中断：{exc}", "unreachable", retry=True) from exc
            final_url = str(response.url)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    if total == 0:
        dest.unlink(missing_ok=True)
        raise FetchError("地址返回了空文件", "empty")
    return Fetched(dest, total, digest.hexdigest(), content_type, final_url, check_video(dest, limits))


def copy_file(source: Path, dest: Path, limits: Limits) -> Fetched:
    """A watched folder's file: the same limits, hashed while copied."""
    size = source.stat().st_size
    if size > limits.max_bytes:
        raise FetchError(f"文件大小 {_human(size)} 超过上限 {_human(limits.max_bytes)}", "too_large")
    if size == 0:
        raise FetchError("空文件", "empty")
    with source.open("rb") as fh:
        if looks_like_html(fh.read(64)):
            raise FetchError("文件是网页而不是视频", "html_not_video")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as src, dest.open("wb") as out:
        for block in iter(lambda: src.read(CHUNK), b""):
            digest.update(block)
            out.write(block)
    shutil.copystat(source, dest)
    try:
        info = check_video(dest, limits)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return Fetched(dest, size, digest.hexdigest(), "", source.as_uri(), info)


def check_video(path: Path, limits: Limits) -> ProbeInfo:
    try:
        info = probe(path)
    except MediaError as exc:
        path.unlink(missing_ok=True)
        raise FetchError(f"下载的内容不是可用的视频：{exc}", "not_video") from exc
    if info.duration > limits.max_duration:
        path.unlink(missing_ok=True)
        raise FetchError(f"视频时长 {info.duration:.0f} 秒超过上限 {limits.max_duration:.0f} 秒", "too_long")
    return info

"""Is the infringing copy still there? Asked on a schedule after the notice; the answer is True
(still online), False (gone: the page or file answers 404/410, or the page no longer offers a
video) or None (cannot tell now: network trouble — decide nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from microdrama.monitoring import ytdlp
from microdrama.monitoring.discovery.base import SourceError, credentials
from microdrama.monitoring.net import AddressPolicy, FetchError, open_stream

GONE = (404, 410)


@dataclass
class Check:
    online: bool | None
    detail: str
    status: int | None = None


def _status(url: str, policy: AddressPolicy, headers: dict) -> int:
    with open_stream(
        url, policy, headers={**headers, "Range": "bytes=0-1023"}, raise_for_status=False, timeout=20
    ) as response:
        return response.status_code


def check(candidate) -> Check:
    if candidate.is_file:
        present = candidate.local_path.exists()
        return Check(present, "文件仍在监控文件夹中" if present else "文件已从监控文件夹移除")
    source = candidate.source
    policy = AddressPolicy.for_source(source.allow_private_network)
    try:
        headers = credentials(source)
    except SourceError as exc:
        return Check(None, str(exc))
    try:
        status = _status(candidate.url, policy, headers)
        if status in GONE:
            return Check(False, f"页面返回 HTTP {status}", status)
        if status >= 400:
            return Check(None, f"页面返回 HTTP {status}，暂无法判断", status)
        if candidate.media_url and candidate.media_url == candidate.url:
            return Check(True, f"视频文件仍可访问（HTTP {status}）", status)
        ytdlp.extract(candidate.url, policy, headers=headers)
        return Check(True, f"页面仍提供该视频（HTTP {status}）", status)
    except FetchError as exc:
        if exc.code in ("gone", "no_video") or (exc.status in GONE):
            return Check(False, f"页面已不再提供视频：{exc}")
        return Check(None, f"暂无法访问：{exc}")

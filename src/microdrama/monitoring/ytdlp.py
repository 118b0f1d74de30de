"""yt-dlp, used for what it is best at — understanding video platforms (search prefixes such as
``ytsearch10:``, channels, and any page with a <video> or og:video through its generic extractor) —
with every request it makes sent through our guarded client (net.py), so a page cannot steer it to
a private address. Downloading is not left to yt-dlp: we take the chosen format's URL and download
it ourselves with limits (download.py).
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Mapping
from html.parser import HTMLParser

from yt_dlp import YoutubeDL
from yt_dlp.networking.common import RequestHandler, Response
from yt_dlp.networking.exceptions import HTTPError, TransportError
from yt_dlp.utils import DownloadError, ExtractorError

from .net import AddressPolicy, FetchError, open_stream, read_limited

PAGE_LIMIT = 8 * 1024 * 1024


class _PageMeta(HTMLParser):
    """The uploader and title a video page states about itself (meta tags, JSON-LD), for the pages
    yt-dlp's generic extractor reads without knowing who uploaded them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self._ld = False
        self._ld_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._ld = True

    def handle_data(self, data):
        if self._ld:
            self._ld_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._ld:
            self._ld = False
            try:
                data = json.loads("".join(self._ld_text))
            except ValueError:
                data = {}
            self._ld_text = []
            author = data.get("author") if isinstance(data, dict) else None
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str):
                self.meta.setdefault("ld:author", author)


def page_meta(html: str) -> dict[str, str]:
    parser = _PageMeta()
    parser.feed(html)
    m = parser.meta
    return {
        "uploader": m.get("author") or m.get("ld:author") or m.get("og:video:uploader") or "",
        "title": m.get("og:title") or m.get("twitter:title") or "",
    }


def _handler(policy: AddressPolicy, timeout: float, pages: list[str]) -> type[RequestHandler]:
    class GuardedRH(RequestHandler):
        _SUPPORTED_URL_SCHEMES = ("http", "https")
        _SUPPORTED_PROXY_SCHEMES = ()
        _SUPPORTED_FEATURES = ()

        def _check_extensions(self, extensions):
            super()._check_extensions(extensions)
            for name in ("cookiejar", "timeout", "legacy_ssl", "keep_header_casing"):
                extensions.pop(name, None)

        def _check_proxies(self, proxies):
            return  # proxies are never used: they would connect on our behalf, unchecked

        def _send(self, request):
            headers = dict(self._merge_headers(request.headers))
            cookie = self.cookiejar.get_cookie_header(request.url) if self.cookiejar else None
            if cookie:
                headers["Cookie"] = cookie
            data = request.data if isinstance(request.data, bytes | type(None)) else b"".join(request.data)
            try:
                with open_stream(
                    request.url,
                    policy,
                    method=request.method or ("POST" if data else "GET"),
                    headers=headers,
                    content=data,
                    timeout=timeout,
                    raise_for_status=False,
                ) as r:
                    body = read_limited(r, PAGE_LIMIT) if request.method != "HEAD" else b""
                    response = Response(io.BytesIO(body), str(r.url), dict(r.headers), r.status_code)
                    if "html" in r.headers.get("content-type", "") and len(pages) < 5:
                        pages.append(body.decode(r.encoding or "utf-8", errors="replace"))
            except FetchError as exc:
                raise TransportError(str(exc), cause=exc) from exc
            if response.status >= 400:
                raise HTTPError(response)
            return response

    return GuardedRH


class GuardedYoutubeDL(YoutubeDL):
    def __init__(self, params: dict, policy: AddressPolicy, timeout: float = 20.0) -> None:
        self.pages: list[str] = []  # the HTML pages read, for what the extractor does not report
        self._guard = _handler(policy, timeout, self.pages)
        super().__init__(params)

    @functools.cached_property
    def _request_director(self):
        return self.build_request_director([self._guard])


class _QuietLogger:
    def debug(self, msg):
        pass

    def info(self, msg):
        pass

    def warning(self, msg):
        pass

    def error(self, msg):
        pass


def _fetch_error(exc: Exception) -> FetchError:
    """The FetchError at the root of a yt-dlp error, or one made from its message."""
    seen = exc
    for _ in range(10):
        if isinstance(seen, FetchError):
            return seen
        nxt = getattr(seen, "cause", None) or getattr(seen, "orig_msg", None)
        info = getattr(seen, "exc_info", None)
        if info and isinstance(info, tuple) and len(info) > 1 and isinstance(info[1], BaseException):
            nxt = info[1]
        if not isinstance(nxt, BaseException):
            nxt = seen.__cause__ or seen.__context__
        if nxt is None or nxt is seen:
            break
        seen = nxt
    text = str(exc).replace("ERROR: ", "")
    if "Unsupported URL" in text or "No video formats" in text or "no video" in text.lower():
        return FetchError(f"页面上没有可识别的视频：{text[:200]}", "no_video")
    if "HTTP Error 404" in text or "HTTP Error 410" in text:
        return FetchError(f"页面不存在（{text[:120]}）", "gone")
    return FetchError(f"解析视频页面失败：{text[:300]}", "extract_failed", retry=True)


def _params(headers: Mapping[str, str] | None, **extra) -> dict:
    return {
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "skip_download": True,
        "noplaylist": True,
        "logger": _QuietLogger(),
        "http_headers": dict(headers or {}),
        "socket_timeout": 20,
        "cachedir": False,
        "extractor_retries": 0,
        **extra,
    }


def extract(url: str, policy: AddressPolicy, *, headers: Mapping[str, str] | None = None) -> dict:
    """yt-dlp's information about one video page (title, uploader, formats…)."""
    try:
        with GuardedYoutubeDL(_params(headers), policy) as ydl:
            info = ydl.extract_info(url, download=False)
            info = ydl.sanitize_info(info)
            pages = list(ydl.pages)
    except (DownloadError, ExtractorError) as exc:
        raise _fetch_error(exc) from exc
    if info and info.get("_type") == "playlist":
        entries = [e for e in info.get("entries") or [] if e]
        if not entries:
            raise FetchError("页面上没有可识别的视频", "no_video")
        info = entries[0]
    info = dict(info or {})
    if pages and (not info.get("uploader") or info.get("extractor") == "generic"):
        meta = page_meta(pages[0])
        info["uploader"] = info.get("uploader") or meta["uploader"]
        if meta["title"] and info.get("extractor") == "generic":
            info["title"] = meta["title"]  # the page's own title, not "<page title> (1)"
    return info


def listing(
    query_or_url: str, policy: AddressPolicy, *, headers: Mapping[str, str] | None = None, limit: int = 50
) -> list[dict]:
    """The entries of a search (``ytsearch10:…``) or a channel, without visiting each video."""
    try:
        with GuardedYoutubeDL(
            _params(headers, extract_flat="in_playlist", noplaylist=False, playlistend=limit), policy
        ) as ydl:
            info = ydl.sanitize_info(ydl.extract_info(query_or_url, download=False))
    except (DownloadError, ExtractorError) as exc:
        raise _fetch_error(exc) from exc
    if not info:
        return []
    if info.get("_type") in ("playlist", "multi_video"):
        return [e for e in info.get("entries") or [] if e][:limit]
    return [info]


def choose_format(info: dict, max_bytes: int) -> tuple[str, dict]:
    """The URL (and request headers) of the best directly downloadable format within the size limit."""
    formats = info.get("formats") or ([info] if info.get("url") else [])
    usable = []
    for f in formats:
        if f.get("protocol", "https") not in ("http", "https") or not f.get("url"):
            continue
        if f.get("vcodec") == "none":
            continue  # audio only
        size = f.get("filesize") or f.get("filesize_approx")
        if size and size > max_bytes:
            continue
        has_audio = f.get("acodec") not in ("none",)
        usable.append(((has_audio, f.get("ext") == "mp4", -abs((f.get("height") or 540) - 720)), f))
    if not usable:
        if formats:
            raise FetchError(
                "该视频只提供分段流（HLS/DASH）或超过大小上限，无法直接下载", "unsupported_stream"
            )
        raise FetchError("页面上没有可识别的视频", "no_video")
    best = max(usable, key=lambda t: t[0])[1]
    return best["url"], dict(best.get("http_headers") or {})

"""A small video platform for the tests, served on 127.0.0.1 by http.server in a thread.

It has what monitoring and enforcement talk to on a real platform — a JSON and an RSS listing, a
search page, channel pages, video pages with <video src> and og:video, the video files, and a
takedown webhook (HMAC-checked) that removes the video — and modes that misbehave: HTML where a
video was promised, a 10 GB "video", a stream that never ends, a redirect to a private address, a
webhook that times out or answers 500.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

WEBHOOK_SECRET = "test-webhook-secret"


@dataclass
class Video:
    id: str
    title: str
    uploader: str
    path: Path | None = None
    removed: bool = False
    published: str = "2026-03-01T08:00:00+08:00"


@dataclass
class Platform:
    videos: dict[str, Video] = field(default_factory=dict)
    webhook_mode: str = "ok"  # ok | timeout | error
    webhook_calls: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    headers_seen: list[dict] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, id: str, title: str, uploader: str, path: Path | None) -> Video:
        video = Video(id, title, uploader, path)
        self.videos[id] = video
        return video

    def page_url(self, id: str) -> str:
        return f"{self.base}/v/{id}"

    def media_url(self, id: str) -> str:
        return f"{self.base}/media/{id}.mp4"

    def live(self) -> list[Video]:
        return [v for v in self.videos.values() if not v.removed]


def _page(title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body>{body}</body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    platform: Platform
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        p = self.platform
        p.requests.append(self.path)
        p.headers_seen.append(dict(self.headers))
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/feed.json":
            items = [
                {
                    "id": v.id,
                    "title": v.title,
                    "url": p.page_url(v.id),
                    "video_url": p.media_url(v.id),
                    "uploader": v.uploader,
                    "published": v.published,
                }
                for v in p.live()
            ]
            return self._send(
                200, json.dumps({"items": items}, ensure_ascii=False).encode(), "application/json"
            )
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>{html.escape(v.title)}</title><link>{p.page_url(v.id)}</link>"
                f"<author>{html.escape(v.uploader)}</author><pubDate>Sun, 01 Mar 2026 00:00:00 GMT</pubDate>"
                f"<enclosure url='{p.media_url(v.id)}' type='video/mp4' length='1'/></item>"
                for v in p.live()
            )
            body = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
            return self._send(200, body.encode(), "application/rss+xml")
        if path == "/search":
            q = parse_qs(parts.query).get("q", [""])[0]
            links = "".join(
                f"<li><a href='/v/{quote(v.id)}'>{html.escape(v.title)}</a></li>"
                for v in p.live()
                if q and (q in v.title or q in v.uploader)
            )
            return self._send(
                200, _page(f"搜索 {q}", f"<a href='/'>首页</a><a href='/about'>关于</a><ul>{links}</ul>")
            )
        if path.startswith("/channel/"):
            who = path.removeprefix("/channel/")
            links = "".join(
                f"<li><a href='/v/{quote(v.id)}'>{html.escape(v.title)}</a></li>"
                for v in p.live()
                if v.uploader == who
            )
            return self._send(200, _page(who, f"<ul>{links}</ul>"))
        if path.startswith("/v/"):
            vid = path.removeprefix("/v/")
            video = p.videos.get(vid)
            if video is None or video.removed:
                return self._send(404, _page("视频不存在", "<p>该视频已下架或不存在</p>"))
            src = f"/media/{quote(vid)}.mp4"
            head = (
                f"<meta property='og:title' content='{html.escape(video.title)}'>"
                f"<meta property='og:video' content='{p.base}{src}'><meta property='og:video:type' content='video/mp4'>"
                f"<meta name='author' content='{html.escape(video.uploader)}'>"
            )
            body = (
                f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(video.title)}</title>{head}"
                f"</head><body><h1>{html.escape(video.title)}</h1><p class='uploader'>{html.escape(video.uploader)}</p>"
                f"<video controls src='{src}'></video></body></html>"
            )
            return self._send(200, body.encode())
        if path.startswith("/media/"):
            vid = path.removeprefix("/media/").removesuffix(".mp4")
            return self._media(vid)
        return self._send(404, _page("404", "not found"))

    def _media(self, vid: str) -> None:
        p = self.platform
        if vid == "html":  # a "video" URL that answers with a web page
            return self._send(200, _page("登录", "<form>请先登录</form>"))
        if vid == "html-as-mp4":  # ... and one that even claims to be video/mp4
            return self._send(200, _page("登录", "<form>请先登录</form>"), "video/mp4")
        if vid == "huge":  # declares 10 GB, then streams zeros until the client gives up
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            return self._stream_forever(delay=0.0)
        if vid == "endless":  # no length, never ends, slowly
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Connection", "close")
            self.end_headers()
            return self._stream_forever(delay=0.05)
        if vid == "firehose":  # no length, never ends, as fast as it can
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Connection", "close")
            self.end_headers()
            return self._stream_forever(delay=0.0)
        if vid == "to-private":
            return self._send(302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        video = p.videos.get(vid)
        if video is None or video.removed or video.path is None:
            return self._send(404, b"gone", "text/plain")
        self._send(200, video.path.read_bytes(), "video/mp4")

    def _stream_forever(self, delay: float) -> None:
        block = b"\x00\x00\x00\x18ftypmp42" + bytes(64 * 1024)
        try:
            while True:
                self.wfile.write(block)
                if delay:
                    time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def do_POST(self):
        p = self.platform
        p.requests.append("POST " + self.path)
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if urlsplit(self.path).path != "/webhook":
            return self._send(404, b"{}", "application/json")
        if p.webhook_mode == "timeout":
            time.sleep(3)
            return self._send(200, b"{}", "application/json")
        if p.webhook_mode == "error":
            return self._send(500, b'{"error":"internal"}', "application/json")
        signature = self.headers.get("X-Microdrama-Signature", "")
        parts = dict(kv.split("=", 1) for kv in signature.split(",") if "=" in kv)
        expected = hmac.new(
            WEBHOOK_SECRET.encode(), f"{parts.get('t', '')}.".encode() + body, hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, parts.get("v1", "")):
            return self._send(401, b'{"error":"bad signature"}', "application/json")
        payload = json.loads(body)
        with p.lock:
            p.webhook_calls.append({"payload": payload, "headers": dict(self.headers), "raw": body})
            url = payload.get("infringing_url", "")
            for v in p.videos.values():  # the platform takes the video down
                if url in (p.page_url(v.id), p.media_url(v.id)):
                    v.removed = True
        self._send(
            200,
            json.dumps({"received": True, "ticket": f"T{len(p.webhook_calls)}"}).encode(),
            "application/json",
        )


class FakePlatformServer:
    def __init__(self) -> None:
        self.platform = Platform()
        handler = type("Handler", (_Handler,), {"platform": self.platform})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.platform.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return self.platform.base

    def __enter__(self) -> Platform:
        self.thread.start()
        return self.platform

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

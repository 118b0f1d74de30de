"""Fetching from the open internet without being turned against ourselves or flooded.

Every connection monitoring makes (source listings, video pages, video files, yt-dlp's own requests,
platform webhooks) goes through `open_stream`:

* the host is resolved and **every** address checked before connecting: private, loopback,
  link-local, shared, reserved and multicast addresses are refused, unless the caller opted in
  (`allow_private`) *and* the address lies in a network of `settings.MONITORING_PRIVATE_NETWORKS`
  (default: none). The connection then goes to the checked address itself, so a DNS answer that
  changes between the check and the connect (DNS rebinding) gains nothing;
* redirects are followed here, one hop at a time, so each hop is checked again;
* no proxies from the environment (a proxy would connect on our behalf, unchecked).

`FetchError` carries a Chinese message for the run log, a stable `code`, and whether trying again
later may help (`retry`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; microdrama-copyright-monitor/1.0)"


class FetchError(Exception):
    def __init__(self, message: str, code: str, *, retry: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.retry = retry
        self.status = status


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a fetch may connect to."""

    allow_private: bool = False
    networks: tuple = field(default_factory=tuple)

    @classmethod
    def for_source(cls, allow_private: bool) -> AddressPolicy:
        nets = tuple(
            ipaddress.ip_network(n, strict=False)
            for n in getattr(settings, "MONITORING_PRIVATE_NETWORKS", [])
        )
        return cls(allow_private=allow_private, networks=nets)

    def permits(self, ip: IPAddress) -> bool:
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return True
        return self.allow_private and any(ip in net for net in self.networks if net.version == ip.version)

    def check(self, host: str, port: int) -> list[str]:
        """The addresses of `host`, all of them permitted, or FetchError."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"无法解析域名 {host}", "dns", retry=True) from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            if not self.permits(ipaddress.ip_address(address.split("%")[0])):
                raise FetchError(f"拒绝访问内网或保留地址：{host}（{address}）", "private_address")
        if not addresses:
            raise FetchError(f"无法解析域名 {host}", "dns", retry=True)
        return addresses


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self.policy.check(host, port)
        last: Exception | None = None
        for address in addresses:  # connect to what was checked, never re-resolve
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last  # type: ignore[misc]


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(policy),
            max_connections=4,
        )


def client(policy: AddressPolicy, *, timeout: float = 20.0, connect_timeout: float = 10.0) -> httpx.Client:
    return httpx.Client(
        transport=_GuardedTransport(policy),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(timeout, connect=connect_timeout),
        headers={"User-Agent": USER_AGENT},
    )


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"只支持 http/https 地址：{url[:200]}", "scheme")


@contextmanager
def open_stream(
    url: str,
    policy: AddressPolicy,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    timeout: float = 20.0,
    connect_timeout: float = 10.0,
    raise_for_status: bool = True,
) -> Iterator[httpx.Response]:
    """A streaming response for `url` after following (and checking) redirects."""
    with client(policy, timeout=timeout, connect_timeout=connect_timeout) as http:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current)
            request = http.build_request(method, current, headers=dict(headers or {}), content=content)
            try:
                response = http.send(request, stream=True)
            except FetchError:
                raise
            except httpx.TimeoutException as exc:
                raise FetchError(f"连接 {urlsplit(current).hostname} 超时", "timeout", retry=True) from exc
            except httpx.HTTPError as exc:
                raise FetchError(
                    f"无法连接 {urlsplit(current).hostname}：{exc}", "unreachable", retry=True
                ) from exc
            if response.is_redirect and "location" in response.headers:
                response.close()
                current = urljoin(current, response.headers["location"])
                if response.status_code in (301, 302, 303) and method != "HEAD":
                    method, content = "GET", None
                continue
            try:
                if raise_for_status and response.status_code >= 400:
                    status = response.status_code
                    raise FetchError(
                        f"服务器返回 HTTP {status}",
                        f"http_{status}",
                        retry=status >= 500 or status == 429,
                        status=status,
                    )
                yield response
            finally:
                response.close()
            return
        raise FetchError(f"重定向超过 {MAX_REDIRECTS} 次", "redirects")


def read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """The whole body, refusing more than `max_bytes`."""
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"响应过大（{int(length)} 字节，上限 {max_bytes}）", "too_large")
    chunks, total = [], 0
    try:
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(f"响应超过大小上限 {max_bytes} 字节，已中止", "too_large")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError("读取响应超时", "timeout", retry=True) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"读取响应失败：{exc}", "unreachable", retry=True) from exc
    return b"".join(chunks)


def fetch_text(
    url: str,
    policy: AddressPolicy,
    *,
    headers: Mapping[str, str] | None = None,
    max_bytes: int = 5 * 1024 * 1024,
    timeout: float = 20.0,
) -> tuple[str, str, str]:
    """(text, final URL, content type) of a page or listing."""
    with open_stream(url, policy, headers=headers, timeout=timeout) as response:
        body = read_limited(response, max_bytes)
        return (
            body.decode(response.encoding or "utf-8", errors="replace"),
            str(response.url),
            response.headers.get("content-type", ""),
        )

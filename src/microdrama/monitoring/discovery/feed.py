"""A feed of video URLs: RSS 2.0, Atom, or a JSON listing (a list, or an object with items/entries/
videos/data). Each entry gives a page URL and, when it says so, the video file itself."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin
from xml.etree import ElementTree

from django.utils import timezone

from ..net import FetchError, fetch_text
from .base import Context, Item, SourceError

_ATOM = "{http://www.w3.org/2005/Atom}"
_MEDIA = "{http://search.yahoo.com/mrss/}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def _date(text: str | None) -> datetime | None:
    """A publication time; one without a zone is taken as local (Asia/Shanghai) time."""
    if not text or not isinstance(text, str):
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_json(text: str, base: str) -> list[Item]:
    data = json.loads(text)
    if isinstance(data, dict):
        data = next(
            (
                data[k]
                for k in ("items", "entries", "videos", "data", "results")
                if isinstance(data.get(k), list)
            ),
            [],
        )
    items = []
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, str):
            items.append(Item(url=urljoin(base, entry)))
            continue
        if not isinstance(entry, dict):
            continue
        page = (
            entry.get("url") or entry.get("link") or entry.get("webpage_url") or entry.get("page_url") or ""
        )
        media = (
            entry.get("video_url")
            or entry.get("media_url")
            or entry.get("file")
            or entry.get("enclosure")
            or ""
        )
        if not (page or media):
            continue
        uploader = entry.get("uploader") or entry.get("author") or entry.get("channel") or ""
        if isinstance(uploader, dict):
            uploader = uploader.get("name", "")
        items.append(
            Item(
                url=urljoin(base, page or media),
                media_url=urljoin(base, media) if media else "",
                title=str(entry.get("title") or "")[:300],
                uploader=str(uploader)[:200],
                published_at=_date(entry.get("published") or entry.get("published_at") or entry.get("date")),
            )
        )
    return items


def parse_xml(text: str, base: str) -> list[Item]:
    # ElementTree refuses external entities, and expat ≥ 2.4 limits entity expansion (billion laughs)
    root = ElementTree.fromstring(text.encode())
    items = []
    for node in root.iter("item"):  # RSS 2.0
        media = ""
        for enc in [*node.findall("enclosure"), *node.iter(f"{_MEDIA}content")]:
            if enc.get("url") and (
                enc.get("type", "video/").startswith("video/") or enc.get("medium") == "video"
            ):
                media = enc.get("url")
                break
        page = (node.findtext("link") or "").strip() or media
        if not page:
            continue
        items.append(
            Item(
                url=urljoin(base, page),
                media_url=urljoin(base, media) if media else "",
                title=(node.findtext("title") or "").strip()[:300],
                uploader=(node.findtext("author") or node.findtext(f"{_DC}creator") or "").strip()[:200],
                published_at=_date(node.findtext("pubDate")),
            )
        )
    for node in root.iter(f"{_ATOM}entry"):
        page = media = ""
        for link in node.findall(f"{_ATOM}link"):
            rel, kind = link.get("rel", "alternate"), link.get("type", "")
            if rel == "enclosure" and kind.startswith("video/"):
                media = link.get("href", "")
            elif rel == "alternate" and not page:
                page = link.get("href", "")
        page = page or media
        if not page:
            continue
        items.append(
            Item(
                url=urljoin(base, page),
                media_url=urljoin(base, media) if media else "",
                title=(node.findtext(f"{_ATOM}title") or "").strip()[:300],
                uploader=(node.findtext(f"{_ATOM}author/{_ATOM}name") or "").strip()[:200],
                published_at=_date(node.findtext(f"{_ATOM}published") or node.findtext(f"{_ATOM}updated")),
            )
        )
    return items


def discover(source, context: Context) -> list[Item]:
    try:
        text, final_url, content_type = fetch_text(source.feed_url, context.policy, headers=context.headers)
    except FetchError as exc:
        raise SourceError(f"读取订阅源失败：{exc}", exc.code, retry=exc.retry) from exc
    stripped = text.lstrip()
    try:
        if "json" in content_type or stripped[:1] in ("{", "["):
            return parse_json(stripped, final_url)
        return parse_xml(stripped, final_url)
    except (ValueError, ElementTree.ParseError) as exc:
        raise SourceError(f"订阅源格式无法识别（应为 RSS、Atom 或 JSON）：{exc}", "feed_format") from exc

"""Platform search by keywords (the works' titles, aliases and characters' names, plus the source's
own keywords) and by channel.

Two ways, per source: a yt-dlp search prefix (``ytsearch10:`` and the like) for platforms yt-dlp
knows, or a search-page URL template (``https://host/search?q={query}``) for any other platform:
the results page is fetched and the links that look like video pages become candidates (yt-dlp's
generic extractor reads each page later). Channels are listed the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote_plus, urljoin, urlsplit

from .. import ytdlp
from ..net import FetchError, fetch_text
from .base import Context, Item, SourceError


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def result_links(html: str, base: str, pattern: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    host = urlsplit(base).netloc
    rule = re.compile(pattern or r".")
    seen, out = set(), []
    for href, text in parser.links:
        url = urljoin(base, href).split("#")[0]
        if urlsplit(url).netloc != host or not rule.search(urlsplit(url).path) or url in seen:
            continue
        seen.add(url)
        out.append((url, text))
    return out


def keywords(source) -> list[str]:
    from microdrama.rights.models import Work

    works = source.works.all() if source.pk and source.works.exists() else Work.objects.all()
    words: list[str] = []
    for work in works:
        words.append(work.title)
        words.extend(a for a in (work.aliases or []) if isinstance(a, str))
    words.extend(source.keywords or [])
    return list(dict.fromkeys(w.strip() for w in words if w and w.strip()))


def _from_page(url: str, source, context: Context, query: str) -> list[Item]:
    text, final_url, _ctype = fetch_text(url, context.policy, headers=context.headers)
    return [
        Item(url=link, title=title[:300], query=query)
        for link, title in result_links(text, final_url, source.result_link_pattern)
    ]


def _from_ytdlp(target: str, source, context: Context, query: str) -> list[Item]:
    items = []
    for e in ytdlp.listing(target, context.policy, headers=context.headers, limit=context.limit):
        url = e.get("webpage_url") or e.get("url") or ""
        if not url.startswith(("http://", "https://")):
            continue
        items.append(
            Item(
                url=url,
                title=str(e.get("title") or "")[:300],
                uploader=str(e.get("uploader") or e.get("channel") or "")[:200],
                uploader_url=e.get("uploader_url") or e.get("channel_url") or "",
                query=query,
            )
        )
    return items


def discover(source, context: Context) -> list[Item]:
    if not (source.search_prefix or source.search_url_template or source.channel_urls):
        raise SourceError("搜索源未配置搜索前缀、搜索页模板或频道", "not_configured", retry=False)
    template_host = urlsplit(source.search_url_template).netloc if source.search_url_template else ""
    items: list[Item] = []
    failures = 0
    targets: list[tuple[str, str]] = []
    for word in keywords(source):
        if source.search_prefix:
            targets.append(("ytdlp", word))
        elif source.search_url_template:
            targets.append(("page", word))
    targets += [("channel", url) for url in source.channel_urls or []]
    for how, what in targets:
        try:
            if how == "ytdlp":
                found = _from_ytdlp(f"{source.search_prefix}{what}", source, context, what)
            elif how == "page":
                found = _from_page(
                    source.search_url_template.replace("{query}", quote_plus(what)), source, context, what
                )
            elif template_host and urlsplit(what).netloc == template_host:
                found = _from_page(what, source, context, "")
            else:
                found = _from_ytdlp(what, source, context, "")
        except FetchError as exc:
            failures += 1
            context.log("warning", f"搜索“{what}”失败：{exc}", what if how == "channel" else "", exc.code)
            continue
        context.log("info", f"搜索“{what}”：{len(found)} 条结果", "", "searched")
        items.extend(found)
        if len(items) >= context.limit:
            break
    if targets and failures == len(targets):
        raise SourceError("所有搜索都失败了", "search_failed")
    if not targets:
        context.log("warning", "没有可搜索的关键词（尚无登记作品）", "", "no_keywords")
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.url, item)  # the first finder keeps its query
    return list(unique.values())[: context.limit]

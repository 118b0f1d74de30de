"""Discovery: what a source lists right now, as `Item`s. One module per kind of source, each with a
`discover(source, context) -> list[Item]`; `discover` below picks the right one."""

from __future__ import annotations

from .base import Context, Item, SourceError
from .feed import discover as discover_feed
from .folder import discover as discover_folder
from .search import discover as discover_search

_KINDS = {"folder": discover_folder, "feed": discover_feed, "search": discover_search}


def discover(source, context: Context) -> list[Item]:
    return _KINDS[source.kind](source, context)


__all__ = ["Context", "Item", "SourceError", "discover"]

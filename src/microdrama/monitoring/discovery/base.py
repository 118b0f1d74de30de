"""What every kind of source produces (`Item`) and needs (`Context`: address policy, credentials,
a log to write to)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..net import AddressPolicy


class SourceError(Exception):
    """The source as a whole cannot be read this time (message for the run log)."""

    def __init__(self, message: str, code: str = "source", *, retry: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.retry = retry


@dataclass
class Item:
    url: str  # the page (or file) that shows the video
    media_url: str = ""  # the video file, when the listing names it
    title: str = ""
    uploader: str = ""
    uploader_url: str = ""
    published_at: datetime | None = None
    query: str = ""  # the keyword that found it


@dataclass
class Context:
    policy: AddressPolicy
    headers: dict[str, str] = field(default_factory=dict)
    log: Callable[[str, str, str, str], None] = lambda level, message, url="", code="": None
    limit: int = 50


def credentials(source) -> dict[str, str]:
    """The source's credential header, read from the environment variable it names."""
    if not source.credential_env:
        return {}
    value = os.environ.get(source.credential_env)
    if not value:
        raise SourceError(f"凭据环境变量 {source.credential_env} 未设置", "credentials", retry=False)
    return {source.credential_header or "Authorization": value}

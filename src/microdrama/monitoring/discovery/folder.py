"""A watched folder: every video file below it (not following links out of it), once settled."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings

from .base import Context, Item, SourceError

VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".flv", ".ts", ".avi", ".3gp"}
SETTLE_SECONDS = 5.0  # a file still being written is picked up on the next run


def allowed_root(path: Path) -> bool:
    roots = [Path(r).resolve() for r in getattr(settings, "MONITORING_FOLDER_ROOTS", [])]
    return any(path == r or r in path.parents for r in roots)


def discover(source, context: Context) -> list[Item]:
    root = Path(source.folder_path).expanduser()
    try:
        root = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise SourceError(f"文件夹不存在或无法访问：{source.folder_path}", "folder_missing") from exc
    if not root.is_dir():
        raise SourceError(f"不是文件夹：{source.folder_path}", "folder_missing")
    if not allowed_root(root):
        raise SourceError(
            f"文件夹不在允许监控的目录内（MONITORING_FOLDER_ROOTS）：{root}",
            "folder_not_allowed",
            retry=False,
        )
    items: list[Item] = []
    now = time.time()
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in VIDEO_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        if root not in path.resolve().parents:
            continue
        if now - path.stat().st_mtime < SETTLE_SECONDS:
            context.log("info", f"文件仍在写入，下次再取：{path.name}", path.as_uri(), "settling")
            continue
        items.append(Item(url=path.as_uri(), title=path.name))
    return items

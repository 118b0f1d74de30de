"""The platform's reference index of registered episodes: where it lives, and one writer at a time.

Readers open the shard files read-only; writers (registering or withdrawing an episode) hold an
exclusive file lock for the duration of add + save, so two workers can never corrupt a shard.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from microdrama.media.fingerprint import VideoFingerprint
from microdrama.media.index import ReferenceIndex


def index_dir() -> Path:
    path = Path(settings.MICRODRAMA["index_dir"])
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def writing() -> Iterator[ReferenceIndex]:
    directory = index_dir()
    with (directory / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        index = ReferenceIndex.open(directory)
        try:
            yield index
            index.save()
        finally:
            index.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


def add(ref_id: str, fp: VideoFingerprint) -> None:
    with writing() as index:
        index.add(ref_id, fp)


def remove(ref_id: str) -> bool:
    with writing() as index:
        return index.remove(ref_id)


def shard_paths() -> list[Path]:
    """The shard files a search must cover (one Celery task per shard when scaled out)."""
    index = ReferenceIndex.open(index_dir())
    try:
        return [s.path for s in index.shards]
    finally:
        index.close()


def info() -> dict:
    index = ReferenceIndex.open(index_dir())
    try:
        return index.info()
    finally:
        index.close()

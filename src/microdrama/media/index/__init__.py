"""`ReferenceIndex`: the registered episodes, searchable, as a directory of shard files.

    index = ReferenceIndex.open("var/index")        # creates the directory if needed
    index.add("episode:123", fp); index.remove("episode:9"); index.save()
    matches = index.search(suspect_fp)             # = match.match(suspect_fp, index)

A directory holds ``index.json`` (the list of shards) and ``shard-NNNN.mdx`` files (shard.py). New
references go to the last shard until it holds `max_shard_seconds` of video, then a new shard is
started. Each shard can be opened and searched on its own (`match.search_shard`), so the copyright
centre can run one worker per shard and combine their answers with `match.merge`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import MediaError
from ..fingerprint import VideoFingerprint
from .shard import Shard

MANIFEST = "index.json"
DEFAULT_SHARD_SECONDS = 1_000_000.0  # ≈ 278 h of references (≈ 56 MB of FAISS codes) per shard


class ReferenceIndex:
    def __init__(self, directory: Path, shards: list[Shard], max_shard_seconds: float) -> None:
        self.directory = directory
        self.shards = shards
        self.max_shard_seconds = max_shard_seconds

    @classmethod
    def open(cls, directory: str | os.PathLike, *, create: bool = True) -> ReferenceIndex:
        """Open the index in `directory` (created empty if missing and `create`)."""
        directory = Path(directory)
        manifest = directory / MANIFEST
        if not manifest.exists():
            if not create:
                raise MediaError(f"索引目录不存在或不是索引：{directory}", code="no_index")
            return cls(directory, [], DEFAULT_SHARD_SECONDS)
        try:
            data = json.loads(manifest.read_text("utf-8"))
            names = list(data["shards"])
            limit = float(data.get("max_shard_seconds", DEFAULT_SHARD_SECONDS))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MediaError(f"索引清单文件损坏：{manifest}", code="bad_index") from exc
        return cls(directory, [Shard.open(directory / n) for n in names], limit)

    @classmethod
    def create(cls, directory: str | os.PathLike, *, max_shard_seconds: float = DEFAULT_SHARD_SECONDS):
        directory = Path(directory)
        if (directory / MANIFEST).exists():
            raise MediaError(f"索引已存在：{directory}", code="index_exists")
        index = cls(directory, [], max_shard_seconds)
        index.save()
        return index

    # --- references ----------------------------------------------------------------------------
    def __contains__(self, ref_id: str) -> bool:
        return any(ref_id in s.refs for s in self.shards)

    def __len__(self) -> int:
        return sum(len(s.refs) for s in self.shards)

    def ids(self) -> list[str]:
        return [r for s in self.shards for r in s.refs]

    def add(self, ref_id: str, fp: VideoFingerprint) -> None:
        """Register (or replace) reference `ref_id`; call `save()` to make it durable."""
        if not ref_id:
            raise ValueError("reference id must not be empty")
        self.remove(ref_id)
        full = bool(self.shards) and self._seconds(self.shards[-1]) + fp.duration > self.max_shard_seconds
        if not self.shards or (full and self.shards[-1].refs):
            self.shards.append(Shard(self.directory / f"shard-{len(self.shards):04d}.mdx"))
        self.shards[-1].add(ref_id, fp)

    def remove(self, ref_id: str) -> bool:
        return any(s.remove(ref_id) for s in self.shards)

    def fingerprint(self, ref_id: str) -> VideoFingerprint:
        for s in self.shards:
            if ref_id in s.refs:
                return s.fingerprint(s.refs[ref_id].no)
        raise KeyError(ref_id)

    @staticmethod
    def _seconds(shard: Shard) -> float:
        return sum(e.duration for e in shard.refs.values())

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for s in self.shards:
            s.save()
        manifest = {
            "version": 1,
            "max_shard_seconds": self.max_shard_seconds,
            "shards": [s.path.name for s in self.shards],
        }
        tmp = self.directory / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=1), "utf-8")
        os.replace(tmp, self.directory / MANIFEST)

    def info(self) -> dict:
        shards = [s.info() for s in self.shards]
        seconds = sum(s["reference_seconds"] for s in shards)
        index_bytes = sum(s["index_bytes"] for s in shards)
        return {
            "directory": str(self.directory),
            "references": sum(s["references"] for s in shards),
            "reference_seconds": round(seconds, 2),
            "video_codes": sum(s["video_codes"] for s in shards),
            "audio_codes": sum(s["audio_codes"] for s in shards),
            "index_bytes": index_bytes,
            "bytes_per_reference_second": round(index_bytes / seconds, 1) if seconds else 0.0,
            "shards": shards,
        }

    def search(self, query: VideoFingerprint, **options):
        from ..match import match

        return match(query, self, **options)

    def close(self) -> None:
        for s in self.shards:
            s.close()


__all__ = ["ReferenceIndex", "Shard"]

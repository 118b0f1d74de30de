"""Subtitles as SRT: timed lines in, SubRip text out, and back (the round trip keeps us honest)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = re.compile(r"(\d+):(\d\d):(\d\d)[,.](\d{3})")


@dataclass(frozen=True)
class Subtitle:
    start: float
    end: float
    text: str


def srt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{ms:03d}"


def to_srt(subtitles: list[Subtitle]) -> str:
    blocks = []
    for i, sub in enumerate(sorted(subtitles, key=lambda s: s.start), start=1):
        blocks.append(f"{i}\n{srt_time(sub.start)} --> {srt_time(sub.end)}\n{sub.text}\n")
    return "\n".join(blocks)


def parse_srt(text: str) -> list[Subtitle]:
    subs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if len(lines) < 2:
            continue
        times = _TIME.findall(lines[1])
        if len(times) != 2:
            continue
        start, end = ((int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000) for h, m, s, ms in times)
        subs.append(Subtitle(start, end, "\n".join(lines[2:])))
    return subs

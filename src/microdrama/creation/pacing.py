"""Short-drama pacing conventions as small pure functions: how long a line takes to say or to
show, and where the paywall episodes (付费卡点) fall by default.

These are industry habits from blogs (reference §1.5), not regulation: every caller can override
them (`ReviewRules`, `Premise.paywall_episodes`).
"""

from __future__ import annotations

import unicodedata

MIN_SPOKEN_SECONDS = 1.2  # even “嗯。” occupies a beat on screen


def spoken_chars(text: str) -> int:
    """Characters that take time to say: letters, digits and CJK ideographs, not punctuation."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


def speech_seconds(text: str, chars_per_second: float = 3.0) -> float:
    return max(MIN_SPOKEN_SECONDS, spoken_chars(text) / chars_per_second)


def default_paywall_episodes(episodes: int) -> list[int]:
    """卡一 after 7–15 free episodes (about 12 % into a long series), 卡二 and 卡三 at later climaxes;
    a series too short for that puts its one paywall on the last episode's cliffhanger."""
    if episodes < 2:
        return []
    if episodes < 10:
        return [episodes]
    first = min(16, max(8, round(episodes * 0.12)))
    walls = [first]
    for share in (0.45, 0.75):
        later = round(episodes * share)
        if later - walls[-1] >= 5 and later < episodes:
            walls.append(later)
    return walls

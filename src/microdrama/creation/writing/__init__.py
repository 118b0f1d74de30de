"""The offline writer: coherent Chinese short-drama series written from genre structures and
tropes (逆袭, 甜宠, 悬疑, 家庭, 古装), deterministic for a given seed, so the AI lab is useful with
no language model at all. `OfflineWriter` (in `..llm.offline`) exposes it as an LLM backend."""

from __future__ import annotations

from . import costume, family, mystery, romance, underdog
from .genre import Genre

GENRES: tuple[Genre, ...] = (underdog.GENRE, romance.GENRE, mystery.GENRE, family.GENRE, costume.GENRE)


def genre_names() -> list[str]:
    return [g.name for g in GENRES]


def find_genre(name: str) -> Genre:
    """The genre a name or alias refers to; LookupError (Chinese message) when there is none."""
    key = name.strip()
    for genre in GENRES:
        if key == genre.name or key in genre.aliases:
            return genre
    for genre in GENRES:  # "都市逆袭", "古装甜宠": the first genre named inside the text wins
        if genre.name in key:
            return genre
    raise LookupError(f"离线写作暂不支持题材“{name}”，可选：{'、'.join(genre_names())}（或配置大模型）")

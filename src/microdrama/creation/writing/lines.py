"""Filling the genre notation with a series' names and props, and choosing the pool items of an
escalation episode (deterministic per seed and episode number)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..models.bible import SeriesBible
from .genre import ROLE_KEYS, Genre


class _Missing(dict):
    def __missing__(self, key: str) -> str:  # an unknown placeholder stays visible rather than crashing
        return "{" + key + "}"


@dataclass(frozen=True)
class Fill:
    values: dict[str, str]

    @classmethod
    def build(cls, names: dict[str, tuple[str, str]], props: dict[str, str], job: str, premise: str) -> Fill:
        values: dict[str, str] = {"job": job, "premise": premise, **props}
        for key, (surname, given) in names.items():
            values[key] = surname + given
            values[key + "s"] = surname
            values[key + "g"] = given
        return cls(values)

    def name(self, role: str) -> str:
        return self.values[role]


def fill_text(template: str, fill: Fill) -> str:
    return template.format_map(_Missing(fill.values))


def split_name(name: str) -> tuple[str, str]:
    """Family and given name of a Chinese name (single-character family names; enough for the pools)."""
    return (name[0], name[1:]) if len(name) > 1 else (name, name)


def fill_from_bible(bible: SeriesBible, genre: Genre, job: str, props: dict[str, str]) -> Fill:
    """Role keys A–D are the bible's characters c1–c4, so a renamed character keeps its part."""
    names = {}
    for index, key in enumerate(ROLE_KEYS, start=1):
        character = bible.character_by_id(f"c{index}")
        if character is None and index <= len(bible.characters):
            character = bible.characters[index - 1]
        if character is not None:
            names[key] = split_name(character.name)
    return Fill.build(names, props, job, bible.premise.rstrip("。.!！ "))


@dataclass(frozen=True)
class EscalationPick:
    title: int
    pressure: int
    taunt: int
    answer: int
    ally: int
    turn: int
    cliff: int
    place: int
    round: int


def escalation_pick(genre: Genre, seed: int, number: int) -> EscalationPick:
    """Which item of each pool episode `number` uses: every pool walks its own shuffled order, so no
    item repeats until its pool is used up and the combinations keep changing."""
    esc = genre.escalation
    k = number - len(genre.beats) - 1

    def walk(pool: str, size: int) -> int:
        order = list(range(size))
        random.Random(f"{seed}|{genre.name}|{pool}").shuffle(order)
        return order[k % size]

    return EscalationPick(
        title=walk("title", len(esc.titles)),
        pressure=walk("pressure", len(esc.pressures)),
        taunt=walk("taunt", len(esc.taunts)),
        answer=walk("answer", len(esc.answers)),
        ally=walk("ally", len(esc.allies)),
        turn=walk("turn", len(esc.turns)),
        cliff=walk("cliff", len(esc.cliffs)),
        place=walk("place", len(genre.places)),
        round=k // len(esc.titles),
    )

"""How a genre is written down for the offline writer: the cast it needs (role templates with
name pools, appearance and wardrobe options), its places and props, the hand-written episode beats
that open a series, and the pools an escalation episode is assembled from once the beats run out.

Lines are written in a small notation so that a genre module reads like a script:

* ``"!…"`` an action line (what the camera sees);
* ``"@A|冷笑|…"`` dialogue by role A with an acting note;
* ``"VO@A|平静|…"`` A's voice-over.

``{A}`` … ``{D}`` are the characters' full names, ``{As}`` / ``{Ag}`` surname / given name, and any
other ``{key}`` is a prop chosen once per series (so a stolen design stays the same design).
The first line of an episode is its hook; the last line is its cliffhanger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models.vocabulary import Gender, Setting, TimeOfDay

ROLE_KEYS = ("A", "B", "C", "D")
_ROLE_REF = re.compile(r"\{([ABCD])\}")


@dataclass(frozen=True)
class RoleTemplate:
    key: str
    role: str
    gender: Gender
    age: tuple[int, int]
    surnames: tuple[str, ...]
    given: tuple[str, ...]
    appearance: tuple[str, ...]
    wardrobe: tuple[str, ...]
    personality: str
    speaking_style: str


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    time: TimeOfDay
    setting: Setting
    description: str


@dataclass(frozen=True)
class SceneTemplate:
    place: str
    mood: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Beat:
    titles: tuple[str, ...]
    synopsis: str
    hook: str
    cliffhanger: str
    scenes: tuple[SceneTemplate, ...]


@dataclass(frozen=True)
class Escalation:
    """Pools for episodes past the hand-written beats: one item of each, in this order, makes a scene.

    `pressures` and `cliffs` are (line, summary) pairs; the summaries become the hook and
    cliffhanger descriptions of the outline.
    """

    titles: tuple[str, ...]
    pressures: tuple[tuple[str, str], ...]
    taunts: tuple[str, ...]
    answers: tuple[str, ...]
    allies: tuple[str, ...]
    turns: tuple[str, ...]
    cliffs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Genre:
    name: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    logline: str
    synopsis: str
    style: str
    roles: tuple[RoleTemplate, ...]
    places: tuple[Place, ...]
    props: dict[str, tuple[str, ...]]
    beats: tuple[Beat, ...]
    escalation: Escalation
    # occupation words a premise may name for the lead (A); the first is the default
    jobs: tuple[str, ...] = field(default=("设计师",))

    def place(self, key: str) -> Place:
        for place in self.places:
            if place.key == key:
                return place
        raise KeyError(f"{self.name}: unknown place {key}")


@dataclass(frozen=True)
class ParsedLine:
    kind: str  # "action" | "dialogue" | "voiceover"
    text: str
    role: str | None = None
    emotion: str = ""
    on_screen: tuple[str, ...] = ()


def parse_line(source: str) -> ParsedLine:
    """Read one line of the notation (before names are filled in)."""
    if source.startswith("!"):
        text = source[1:]
        return ParsedLine("action", text, on_screen=tuple(dict.fromkeys(_ROLE_REF.findall(text))))
    kind = "voiceover" if source.startswith("VO@") else "dialogue"
    body = source[3:] if kind == "voiceover" else source.removeprefix("@")
    role, emotion, text = body.split("|", 2)
    if role not in ROLE_KEYS:
        raise ValueError(f"unknown role {role!r} in {source!r}")
    return ParsedLine(kind, text, role=role, emotion=emotion)

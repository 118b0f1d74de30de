"""The browser editors' forms, read back into the engine's documents.

Each editor shows part of a document (the bible's characters and episode outlines, one episode's
scenes and lines, one shot) as plain form fields named `<part>-<index>-<field>`. A POST is merged
into the current document as a dict — fields the form does not show are kept as they were — and
the result goes to `services.projects.save_document`, which validates it against the engine's
model. Nothing here decides what is valid; the engine's models do.
"""

from __future__ import annotations

import copy
import re

from microdrama.creation.models import SeriesBible, Shot
from microdrama.creation.models.vocabulary import LineKind
from microdrama.creation.prompts import with_prompts

_SPLIT_NAMES = re.compile(r"[，,、\s]+")


def _text(post, name: str, default: str = "") -> str:
    value = post.get(name)
    return default if value is None else str(value).strip()


def _names(value: str) -> list[str]:
    return [n for n in _SPLIT_NAMES.split(value or "") if n]


# ------------------------------------------------------------------------------------------ bible
CHARACTER_FIELDS = (
    "name",
    "role",
    "gender",
    "age",
    "appearance",
    "wardrobe",
    "personality",
    "speaking_style",
)


def bible_from_post(doc: dict, post) -> dict:
    doc = copy.deepcopy(doc)
    for field in ("title", "logline", "synopsis", "style"):
        if field in post:
            doc[field] = _text(post, field)
    characters = []
    for i, character in enumerate(doc.get("characters", [])):
        if post.get(f"c-{i}-delete"):
            continue
        for field in CHARACTER_FIELDS:
            if f"c-{i}-{field}" in post:
                character[field] = _text(post, f"c-{i}-{field}")
        if f"c-{i}-aliases" in post:
            character["aliases"] = _names(post.get(f"c-{i}-aliases", ""))
        characters.append(character)
    if _text(post, "c-new-name"):
        taken = {c.get("id") for c in characters}
        number = next(n for n in range(1, 1000) if f"c{n}" not in taken)
        new = {"id": f"c{number}"}
        for field in CHARACTER_FIELDS:
            value = _text(post, f"c-new-{field}")
            if value:
                new[field] = value
        new.setdefault("appearance", "")
        characters.append(new)
    doc["characters"] = characters
    for i, outline in enumerate(doc.get("episodes", [])):
        for field in ("title", "synopsis", "cliffhanger"):
            if f"e-{i}-{field}" in post:
                outline[field] = _text(post, f"e-{i}-{field}")
        if f"e-{i}-hook" in post:
            outline["hook"] = {**outline.get("hook", {}), "description": _text(post, f"e-{i}-hook")}
        if f"e-{i}-present" in post:  # a checkbox says nothing when unticked
            outline["is_paywall"] = bool(post.get(f"e-{i}-is_paywall"))
    doc["paywall_episodes"] = [o["number"] for o in doc.get("episodes", []) if o.get("is_paywall")]
    return doc


# ---------------------------------------------------------------------------------------- scripts
def _line_from_post(post, prefix: str, line: dict) -> dict:
    kind = post.get(f"{prefix}-kind", line.get("kind", LineKind.ACTION.value))
    line = {**line, "kind": kind, "text": _text(post, f"{prefix}-text", line.get("text", ""))}
    if f"{prefix}-emotion" in post:
        line["emotion"] = _text(post, f"{prefix}-emotion")
    speaker = _text(post, f"{prefix}-speaker", line.get("speaker") or "")
    if kind == LineKind.ACTION.value:
        line["speaker"] = None
        if f"{prefix}-characters" in post:
            line["characters"] = _names(post.get(f"{prefix}-characters", ""))
    else:
        line["speaker"] = speaker or None
    return line


def episode_from_post(doc: dict, number: int, post) -> dict:
    """The scripts document with episode `number` replaced by what the episode editor sent."""
    doc = copy.deepcopy(doc)
    episode = next(e for e in doc["episodes"] if e["number"] == number)
    for field in ("title", "synopsis", "cliffhanger"):
        if field in post:
            episode[field] = _text(post, field)
    if "hook" in post:
        episode["hook"] = {**episode.get("hook", {}), "description": _text(post, "hook")}
    for j, scene in enumerate(episode["scenes"]):
        for field in ("location", "synopsis"):
            if f"s-{j}-{field}" in post:
                scene[field] = _text(post, f"s-{j}-{field}")
        lines = []
        for k, line in enumerate(scene["lines"]):
            prefix = f"s-{j}-l-{k}"
            if post.get(f"{prefix}-delete"):
                continue
            lines.append(_line_from_post(post, prefix, line))
        if _text(post, f"s-{j}-new-text"):
            lines.append(_line_from_post(post, f"s-{j}-new", {"kind": LineKind.DIALOGUE.value, "text": ""}))
        scene["lines"] = lines
    return doc


# ------------------------------------------------------------------------------------------ shots
SHOT_FIELDS = ("shot_size", "camera_move", "angle", "description", "sfx", "music", "notes")


def shot_from_post(doc: dict, episode: int, number: int, post, bible: SeriesBible | None) -> dict:
    """The storyboard document with one shot replaced by what the shot editor sent. The prompts are
    rebuilt from the edited shot unless the person edited a prompt by hand."""
    doc = copy.deepcopy(doc)
    board = next(e for e in doc["episodes"] if e["number"] == episode)
    index, shot = next((i, s) for i, s in enumerate(board["shots"]) if s["number"] == number)
    original = copy.deepcopy(shot)
    for field in SHOT_FIELDS:
        if field in post:
            shot[field] = _text(post, field)
    if "characters" in post:
        names = _names(post.get("characters", ""))
        kept = {p["name"]: p for p in shot.get("characters", [])}
        shot["characters"] = [
            kept.get(name) or {"name": name, "x": round((i + 1) / (len(names) + 1), 2), "facing": "front"}
            for i, name in enumerate(names)
        ]
    cues = []
    for k, cue in enumerate(shot.get("cues", [])):
        prefix = f"q-{k}"
        if post.get(f"{prefix}-delete"):
            continue
        cues.append(_cue_from_post(post, prefix, cue))
    if _text(post, "q-new-text"):
        cues.append(_cue_from_post(post, "q-new", {"kind": LineKind.DIALOGUE.value}))
    shot["cues"] = cues
    hand_edited = False
    for field in ("keyframe_prompt", "video_prompt"):
        if field in post and _text(post, field) != original.get(field, ""):
            shot[field] = _text(post, field)
            hand_edited = True
    if not hand_edited and bible is not None:
        try:
            rebuilt = with_prompts(Shot.model_validate(shot), bible)
        except ValueError:
            pass  # the save explains what is wrong with the shot
        else:
            shot = rebuilt.model_dump(mode="json")
    board["shots"][index] = shot
    return doc


def _cue_from_post(post, prefix: str, cue: dict) -> dict:
    cue = dict(cue)
    for field in ("speaker", "text", "emotion", "kind"):
        if f"{prefix}-{field}" in post:
            cue[field] = _text(post, f"{prefix}-{field}")
    for field in ("start", "end"):
        if f"{prefix}-{field}" in post:
            cue[field] = (post.get(f"{prefix}-{field}") or "").strip()
    return cue

"""Scripts as Fountain (fountain.io, 1.1) and back.

Chinese has no upper case, so every character cue is forced with `@` (`@林晚`); scene headings are
forced with `.` in the Chinese form `.1-1 顾家别墅客厅 夜 内`. Episode data lives in sections and
synopses (`# 第1集 标题`, `= 钩子（3秒）：…`, `= 付费卡点`), and what Fountain has no element for —
which line is the hook or the cliffhanger, who is on screen in an action line — in notes
(`[[钩子]]`, `[[卡点]]`, `[[画面人物：林晚、顾言]]`). `parse_fountain(write_fountain(s))` gives
back the same scripts; the parser also reads ordinary Fountain written by a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models.bible import Hook
from ..models.script import EpisodeScript, Scene, ScriptLine, Scripts
from ..models.vocabulary import LineKind, Setting, TimeOfDay

_HEADING = re.compile(r"^(?:INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[\s.]", re.I)
_NOTE = re.compile(r"\[\[(.*?)\]\]")
_EPISODE = re.compile(r"^第\s*(\d+)\s*集\s*(.*)$")
_HOOK = re.compile(r"^钩子(?:（(\d+(?:\.\d+)?)秒）)?[：:]\s*(.*)$")
_VO = re.compile(r"\s*\((?:V\.O\.|旁白|画外音)\)\s*$", re.I)
_SPECIAL_START = tuple("!@#.=>~[/(")
HOOK_NOTE, CLIFF_NOTE, PEOPLE_NOTE = "钩子", "卡点", "画面人物："


def _needs_force(text: str) -> bool:
    letters = [c for c in text if c.isascii() and c.isalpha()]
    return (
        text.startswith(_SPECIAL_START)
        or bool(_HEADING.match(text))
        or text.rstrip().endswith("TO:")
        or (
            bool(letters)
            and all(c.isupper() for c in letters)
            and text == text.upper()
            and not re.search(r"[^\x00-\x7f]", text)
        )
    )


def _notes(line: ScriptLine) -> str:
    notes = []
    if line.kind == LineKind.ACTION and line.characters:
        notes.append(PEOPLE_NOTE + "、".join(line.characters))
    if line.hook:
        notes.append(HOOK_NOTE)
    if line.cliffhanger:
        notes.append(CLIFF_NOTE)
    return "".join(f" [[{n}]]" for n in notes)


def write_fountain(
    scripts: Scripts, *, author: str = "microdrama AI 创作实验室", extra_title: dict | None = None
) -> str:
    out = [f"Title: {scripts.series_title}", f"Author: {author}"]
    for key, value in (extra_title or {}).items():
        out.append(f"{key}: {value}")
    out.append("")
    for episode in scripts.episodes:
        out += [f"# 第{episode.number}集 {episode.title}", ""]
        if episode.synopsis:
            out.append(f"= 梗概：{episode.synopsis}")
        out.append(f"= 钩子（{episode.hook.seconds:g}秒）：{episode.hook.description}")
        out.append(f"= 卡点：{episode.cliffhanger}")
        if episode.is_paywall:
            out.append("= 付费卡点")
        out.append("")
        for scene in episode.scenes:
            out += [f".{scene.number} {scene.location} {scene.time.value} {scene.setting.value}", ""]
            out.append("= 人物：" + "、".join(scene.characters))  # always: an empty cast is a fact too
            if scene.mood:
                out.append(f"= 情绪：{scene.mood}")
            if scene.synopsis:
                out.append(f"= {scene.synopsis}")
            out.append("")
            for line in scene.lines:
                if line.kind == LineKind.ACTION:
                    text = ("!" if _needs_force(line.text) else "") + line.text
                    out += [text + _notes(line), ""]
                else:
                    cue = f"@{line.speaker}" + (" (V.O.)" if line.kind == LineKind.VOICEOVER else "")
                    out.append(cue)
                    # A spoken line that looks like a parenthetical is kept spoken by an explicit
                    # (possibly empty) parenthetical before it: only the first row can be one.
                    if line.emotion or _looks_parenthetical(line.text):
                        out.append(f"({line.emotion})")
                    out += [line.text + _notes(line), ""]
    return "\n".join(out).rstrip() + "\n"


@dataclass
class _EpisodeDraft:
    number: int
    title: str
    synopsis: str = ""
    hook: Hook | None = None
    cliffhanger: str = ""
    paywall: bool = False
    scenes: list[dict] = field(default_factory=list)


def _looks_parenthetical(row: str) -> bool:
    return len(row) >= 2 and row.startswith(("(", "（")) and row.endswith((")", "）"))


def _strip_notes(text: str) -> tuple[str, list[str]]:
    notes = _NOTE.findall(text)
    return _NOTE.sub("", text).rstrip(), notes


def _line_with_notes(kind: LineKind, raw: str, **fields) -> ScriptLine:
    text, notes = _strip_notes(raw)
    people = next((n[len(PEOPLE_NOTE) :] for n in notes if n.startswith(PEOPLE_NOTE)), "")
    return ScriptLine(
        kind=kind,
        text=text,
        hook=HOOK_NOTE in notes,
        cliffhanger=CLIFF_NOTE in notes,
        characters=[p for p in people.split("、") if p] if people else [],
        **fields,
    )


def _scene_from_heading(text: str, episode: int, index: int) -> dict:
    parts = text.split()
    number, time, setting = f"{episode}-{index}", TimeOfDay.DAY, Setting.INTERIOR
    if parts and re.fullmatch(r"\d+-\d+", parts[0]):
        number = parts.pop(0)
    if parts and parts[-1] in ("内", "外"):
        setting = Setting(parts.pop())
    if parts and parts[-1] in ("日", "夜"):
        time = TimeOfDay(parts.pop())
    return {
        "number": number,
        "location": " ".join(parts) or "未命名场景",
        "time": time,
        "setting": setting,
        "characters": None,  # None: no cast line, take it from the lines
        "mood": "",
        "synopsis": "",
        "lines": [],
    }


def parse_fountain(text: str) -> Scripts:
    text = re.sub(r"/\*.*?\*/", "", text.replace("\r\n", "\n"), flags=re.S)  # boneyard
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    title = ""
    if blocks and re.match(r"^[A-Za-z ]+:", blocks[0]):
        for row in blocks.pop(0).splitlines():
            key, _, value = row.partition(":")
            if key.strip().lower() == "title":
                title = value.strip()
    episodes: list[_EpisodeDraft] = []

    def current_episode() -> _EpisodeDraft:
        if not episodes:
            episodes.append(_EpisodeDraft(1, title or "第1集"))
        return episodes[-1]

    for block in blocks:
        rows = block.splitlines()
        first = rows[0].strip()
        if first.startswith("#"):
            heading = first.lstrip("#").strip()
            m = _EPISODE.match(heading)
            number = int(m.group(1)) if m else len(episodes) + 1
            episodes.append(_EpisodeDraft(number, (m.group(2).strip() if m else heading) or f"第{number}集"))
            continue
        if first.startswith("=") and not first.startswith("==="):
            episode = current_episode()
            for row in rows:
                _synopsis(episode, row.strip().lstrip("=").strip())
            continue
        if first.startswith("===") or (first.startswith(">") and not first.endswith("<")):
            continue  # page breaks and transitions carry nothing the model keeps
        episode = current_episode()
        if (first.startswith(".") and not first.startswith("..")) or _HEADING.match(first):
            heading = first[1:] if first.startswith(".") else first
            heading = re.sub(r"\s*#[^#]+#\s*$", "", heading)
            episode.scenes.append(
                _scene_from_heading(heading.strip(), episode.number, len(episode.scenes) + 1)
            )
            continue
        if not episode.scenes:
            episode.scenes.append(_scene_from_heading("", episode.number, 1))
        scene = episode.scenes[-1]
        if first.startswith("@") or (len(rows) > 1 and _is_cue(first)):
            cue = first[1:] if first.startswith("@") else first
            voiceover = bool(_VO.search(cue))
            speaker = _VO.sub("", cue).strip().rstrip("^").strip()
            emotion, spoken = "", []
            for position, row in enumerate(rows[1:]):
                row = row.strip()
                if position == 0 and _looks_parenthetical(row):
                    emotion = row[1:-1].strip()
                elif row:
                    spoken.append(row)
            if spoken:
                scene["lines"].append(
                    _line_with_notes(
                        LineKind.VOICEOVER if voiceover else LineKind.DIALOGUE,
                        " ".join(spoken),
                        speaker=speaker,
                        emotion=emotion,
                    )
                )
            continue
        raw = " ".join(r.strip() for r in rows)
        if raw.startswith("!"):
            raw = raw[1:]
        elif raw.startswith(">") and raw.endswith("<"):
            raw = raw[1:-1].strip()
        if _strip_notes(raw)[0]:
            scene["lines"].append(_line_with_notes(LineKind.ACTION, raw))
    return _finish(title, episodes)


def _is_cue(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters)


def _synopsis(episode: _EpisodeDraft, text: str) -> None:
    if episode.scenes:  # a synopsis under a scene heading describes the scene
        scene = episode.scenes[-1]
        if text.startswith("人物："):
            scene["characters"] = [p for p in text[3:].split("、") if p]
        elif text.startswith("情绪："):
            scene["mood"] = text[3:]
        else:
            scene["synopsis"] = text
        return
    hook = _HOOK.match(text)
    if hook:
        episode.hook = Hook(seconds=float(hook.group(1) or 3), description=hook.group(2) or "开场钩子")
    elif text.startswith("梗概："):
        episode.synopsis = text[3:]
    elif text.startswith("卡点："):
        episode.cliffhanger = text[3:]
    elif text == "付费卡点":
        episode.paywall = True
    else:
        episode.synopsis = text


def _finish(title: str, drafts: list[_EpisodeDraft]) -> Scripts:
    episodes = []
    for draft in drafts:
        for s in draft.scenes:
            if s["characters"] is None:  # a hand-written script lists no cast: take it from the lines
                s["characters"] = list(dict.fromkeys(n for line in s["lines"] for n in line.people))
        scenes = [Scene(**s) for s in draft.scenes if s["lines"]]
        if not scenes:
            continue
        lines = [line for scene in scenes for line in scene.lines]
        episodes.append(
            EpisodeScript(
                number=draft.number,
                title=draft.title,
                synopsis=draft.synopsis,
                hook=draft.hook or Hook(description=lines[0].text),
                cliffhanger=draft.cliffhanger or lines[-1].text,
                is_paywall=draft.paywall,
                scenes=scenes,
            )
        )
    if not episodes:
        raise ValueError("Fountain 剧本中没有任何场景或台词")
    return Scripts(series_title=title or episodes[0].title, episodes=episodes)

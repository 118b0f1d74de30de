"""Stage 4, the storyboard (分镜): scripts → shots, by film grammar written as rules.

Every shot is one clip of the render spec (204 frames, 8.16 s by default). Lines are grouped so
that what is said fits the shot: an action opens a shot and the lines that follow join it while
they fit; a line too long for any shot is split at punctuation. Each shot then gets a size, a
camera move and an angle from what happens in it (an establishing shot is wide, a shocked line a
close-up, a confrontation orbits, a cliffhanger pushes in), cue times inside the shot, sound
notes and the prompts.
"""

from __future__ import annotations

import re

from ..models.bible import SeriesBible
from ..models.script import EpisodeScript, Scene, ScriptLine, Scripts
from ..models.storyboard import Cue, EpisodeBoard, Placement, RenderSpec, Shot, Storyboard
from ..models.vocabulary import Angle, CameraMove, LineKind, ShotSize
from ..pacing import MIN_SPOKEN_SECONDS, speech_seconds
from ..pipeline import ProjectError
from ..progress import Progress, ProgressEvent, ignore_progress
from ..prompts import with_prompts
from ..rules import ReviewRules

LEAD_IN = 0.4  # seconds of picture before the first word of a shot
GAP = 0.3  # between two lines in one shot
TAIL = 0.3  # after the last word

_INTENSE = (
    "震惊",
    "愤怒",
    "颤抖",
    "哽咽",
    "咬牙",
    "崩溃",
    "尖叫",
    "狞笑",
    "慌乱",
    "惊慌",
    "发怒",
    "错愕",
    "惊呼",
    "质问",
)
_MOVING = ("走", "冲", "追", "跑", "推开", "穿过", "策马", "闯", "快步", "拖")
_REVEAL = ("突然", "忽然", "竟", "门口", "身后", "抬头", "转身", "门外", "缓缓")
_SFX = (
    (("香槟", "泼"), "液体泼溅声"),
    (("雨",), "雨声"),
    (("手机", "电话", "铃"), "手机铃声"),
    (("门",), "推门声"),
    (("碎", "摔"), "碎裂声"),
    (("拍",), "拍桌声"),
    (("钟",), "钟摆滴答声"),
    (("针",), "银针轻响"),
    (("跪",), "衣料摩擦声"),
    (("录音", "音箱"), "录音播放声"),
    (("心",), "心跳声"),
)
_SPLIT = re.compile(r"(?<=[，。！？；、—…,.!?;])")


def storyboard(
    bible: SeriesBible,
    scripts: Scripts,
    *,
    spec: RenderSpec | None = None,
    rules: ReviewRules | None = None,
    progress: Progress = ignore_progress,
) -> Storyboard:
    spec = spec or RenderSpec()
    rules = rules or ReviewRules()
    if _budget(spec.seconds) < MIN_SPOKEN_SECONDS:
        # no spoken line fits such a shot; splitting lines to fit it would never end
        raise ProjectError(
            f"镜头时长 {spec.seconds:.2f} 秒太短，放不下一句台词"
            f"（至少需要 {MIN_SPOKEN_SECONDS + LEAD_IN + TAIL:.1f} 秒，请增加帧数或降低帧率）",
            code="spec_too_short",
        )
    boards = []
    for done, episode in enumerate(scripts.episodes, start=1):
        progress(ProgressEvent("storyboard", done - 1, len(scripts.episodes), f"第{episode.number}集"))
        boards.append(board_episode(bible, episode, spec, rules))
    progress(ProgressEvent("storyboard", len(scripts.episodes), len(scripts.episodes), "分镜完成"))
    return Storyboard(spec=spec, episodes=boards)


def board_episode(
    bible: SeriesBible, episode: EpisodeScript, spec: RenderSpec, rules: ReviewRules
) -> EpisodeBoard:
    shots: list[Shot] = []
    for scene in episode.scenes:
        groups = _groups(scene, spec.seconds, rules)
        for index, group in enumerate(groups):
            number = len(shots) + 1
            shot = _shot(
                bible,
                episode,
                scene,
                group,
                number,
                first_in_scene=index == 0,
                last_in_scene=index == len(groups) - 1,
                spec=spec,
                rules=rules,
            )
            if shots and shots[-1].scene == shot.scene:
                shot = shot.model_copy(update={"action_continue": shots[-1].description})
            shots.append(with_prompts(shot, bible))
    return EpisodeBoard(number=episode.number, title=episode.title, shots=shots)


def _budget(shot_seconds: float) -> float:
    return shot_seconds - LEAD_IN - TAIL


def _line_time(line: ScriptLine, rules: ReviewRules) -> float:
    return speech_seconds(line.text, rules.chars_per_second) if line.spoken else rules.action_seconds


def _split_long(line: ScriptLine, budget: float, rules: ReviewRules) -> list[ScriptLine]:
    """A spoken line longer than one shot, cut at punctuation into pieces that each fit."""
    if not line.spoken or speech_seconds(line.text, rules.chars_per_second) <= budget:
        return [line]
    pieces, current = [], ""
    for part in [p for p in _SPLIT.split(line.text) if p]:
        if current and speech_seconds(current + part, rules.chars_per_second) > budget:
            pieces.append(current)
            current = ""
        while len(part) > 1 and speech_seconds(part, rules.chars_per_second) > budget:  # no punctuation
            cut = max(1, int(budget * rules.chars_per_second))
            pieces.append(part[:cut])
            part = part[cut:]
        current += part
    if current:
        pieces.append(current)
    last = len(pieces) - 1
    return [
        line.model_copy(
            update={"text": p, "hook": line.hook and i == 0, "cliffhanger": line.cliffhanger and i == last}
        )
        for i, p in enumerate(pieces)
    ]


def _groups(scene: Scene, shot_seconds: float, rules: ReviewRules) -> list[list[ScriptLine]]:
    budget = _budget(shot_seconds)
    groups: list[list[ScriptLine]] = []
    used = 0.0
    for original in scene.lines:
        for line in _split_long(original, budget, rules):
            seconds = _line_time(line, rules)
            opens_shot = (
                not groups
                or line.kind == LineKind.ACTION  # one visible action per shot
                or line.cliffhanger  # the cliffhanger gets its own shot to end on
                or used + GAP + seconds > budget
                or (groups[-1][-1].spoken and groups[-1][-1].speaker != line.speaker and len(groups[-1]) >= 2)
            )
            if opens_shot:
                groups.append([line])
                used = seconds
            else:
                groups[-1].append(line)
                used += GAP + seconds
    return groups


def _shot(
    bible: SeriesBible,
    episode: EpisodeScript,
    scene: Scene,
    group: list[ScriptLine],
    number: int,
    *,
    first_in_scene: bool,
    last_in_scene: bool,
    spec: RenderSpec,
    rules: ReviewRules,
) -> Shot:
    action = next((line for line in group if line.kind == LineKind.ACTION), None)
    spoken = [line for line in group if line.spoken]
    names = list(dict.fromkeys(name for line in group for name in line.people))
    if spoken and len(names) == 1 and len(scene.characters) > 1:
        # someone is spoken to: keep the listener in frame (the last other person who spoke or acted)
        listener = _listener(scene, group, names[0])
        if listener:
            names.append(listener)
    names = names[:4]
    hook = any(line.hook for line in group)
    cliffhanger = any(line.cliffhanger for line in group)
    size = _shot_size(action, spoken, names, first_in_scene, hook, cliffhanger)
    move = _camera_move(action, spoken, names, size, first_in_scene, hook, cliffhanger, number)
    if last_in_scene and not cliffhanger and not first_in_scene and action and not spoken:
        move = CameraMove.WHIP  # a whip pan carries the cut into the next scene
    angle = _angle(bible, spoken, names, scene, size, hook, cliffhanger)
    description = action.text if action else _speaking_description(spoken, names)
    cues = _cues(group, spec.seconds, rules)
    return Shot(
        episode=episode.number,
        number=number,
        scene=scene.number,
        shot_size=size,
        camera_move=move,
        angle=angle,
        location=scene.location,
        time=scene.time,
        setting=scene.setting,
        description=description,
        characters=_placements(names, spoken),
        cues=cues,
        sfx=_sfx(" ".join(line.text for line in group) + scene.location),
        music=(
            "紧张鼓点切入" if hook else "音乐骤停，留悬念" if cliffhanger else f"{scene.mood or '情绪'}配乐"
        ),
        duration=spec.seconds,
        hook=hook,
        cliffhanger=cliffhanger,
        notes=("付费卡点" if cliffhanger and episode.is_paywall else ""),
    )


def _listener(scene: Scene, group: list[ScriptLine], speaker: str) -> str | None:
    before = scene.lines[: scene.lines.index(group[0])] if group[0] in scene.lines else []
    for line in reversed(before):
        for name in line.people:
            if name != speaker:
                return name
    others = [n for n in scene.characters if n != speaker]
    return others[0] if others else None


def _speaking_description(spoken: list[ScriptLine], names: list[str]) -> str:
    line = spoken[0]
    mood = f"神情{line.emotion}，" if line.emotion else ""
    if line.kind == LineKind.VOICEOVER:
        return f"{line.speaker}{mood}沉默不语（画外音）"
    listener = next((n for n in names if n != line.speaker), None)
    return f"{line.speaker}{mood}对{listener}说话" if listener else f"{line.speaker}{mood}开口说话"


def _shot_size(action, spoken, names, first_in_scene, hook, cliffhanger) -> ShotSize:
    if not names:
        return ShotSize.CUTAWAY if action else ShotSize.WIDE
    if first_in_scene and action and not hook:
        return ShotSize.FULL  # establish the place and who is in it
    if cliffhanger:
        return ShotSize.CLOSE_UP if len(names) <= 2 else ShotSize.MEDIUM
    if hook:
        return ShotSize.MEDIUM if action else ShotSize.CLOSE_UP
    if spoken:
        if any(e in (spoken[0].emotion + spoken[0].text) for e in _INTENSE):
            return ShotSize.CLOSE_UP
        if len(names) == 2:
            return ShotSize.OVER_SHOULDER if len(spoken[0].text) % 2 else ShotSize.MEDIUM_CLOSE
        return ShotSize.CLOSE
    return (
        ShotSize.TWO_SHOT if len(names) == 2 else ShotSize.MEDIUM if len(names) > 2 else ShotSize.MEDIUM_CLOSE
    )


def _camera_move(action, spoken, names, size, first_in_scene, hook, cliffhanger, number) -> CameraMove:
    text = " ".join(line.text for line in ([action] if action else []) + spoken)
    if cliffhanger:
        return CameraMove.ORBIT if len(names) >= 2 else CameraMove.PUSH_IN
    if hook:
        return CameraMove.PUSH_IN
    if size in (ShotSize.WIDE, ShotSize.CUTAWAY):
        return CameraMove.CRANE_DOWN if number % 2 else CameraMove.PAN
    if first_in_scene:
        return CameraMove.PAN if number % 2 else CameraMove.CRANE_DOWN
    if action and any(w in text for w in _MOVING):
        return CameraMove.FOLLOW
    if action and any(w in text for w in _REVEAL):
        return CameraMove.PULL_OUT
    if size == ShotSize.CLOSE_UP:
        return CameraMove.PUSH_IN
    if size == ShotSize.OVER_SHOULDER:
        return CameraMove.TRUCK
    cycle = (CameraMove.FIXED, CameraMove.PUSH_IN, CameraMove.TRUCK, CameraMove.CRANE_UP, CameraMove.PULL_OUT)
    return cycle[number % len(cycle)]


def _angle(bible, spoken, names, scene, size, hook, cliffhanger) -> Angle:
    if size == ShotSize.CUTAWAY and scene.setting.value == "内":
        return Angle.TOP_DOWN
    if cliffhanger and ("悬" in scene.mood or "惊" in scene.mood):
        return Angle.DUTCH
    if spoken:
        speaker = bible.character(spoken[0].speaker or "")
        if speaker is not None and speaker.role == "反派":
            return Angle.LOW  # the antagonist looms
    if hook and names:
        return Angle.HIGH  # the lead, small and cornered, at the start
    return Angle.EYE_LEVEL


def _placements(names: list[str], spoken: list[ScriptLine]) -> list[Placement]:
    slots = {1: [0.5], 2: [0.32, 0.68], 3: [0.2, 0.5, 0.8], 4: [0.14, 0.38, 0.62, 0.86]}.get(len(names), [])
    placements = []
    for i, (name, x) in enumerate(zip(names, slots, strict=False)):
        facing = "front" if len(names) != 2 else ("right" if i == 0 else "left")
        placements.append(Placement(name=name, x=x, facing=facing))
    return placements


def _cues(group: list[ScriptLine], shot_seconds: float, rules: ReviewRules) -> list[Cue]:
    cues = []
    t = LEAD_IN
    for line in group:
        seconds = _line_time(line, rules)
        if line.spoken:
            end = min(t + seconds, shot_seconds - 0.05)
            if end - t < 0.5:  # never squeeze a line into nothing; it runs to the shot's end
                t = max(0.0, end - 0.5)
            cues.append(
                Cue(
                    kind=line.kind,
                    speaker=line.speaker or "",
                    text=line.text,
                    emotion=line.emotion,
                    start=round(t, 3),
                    end=round(end, 3),
                )
            )
        t += seconds + GAP
    return cues


def _sfx(text: str) -> str:
    found = [sound for words, sound in _SFX if any(w in text for w in words)]
    return "、".join(dict.fromkeys(found[:3]))

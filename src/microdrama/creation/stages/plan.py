"""Stage 1, plan the series (策划): premise → series bible, by whichever LLM backend is given.

Whatever the backend returns is normalised here so later stages can rely on it: every requested
episode is outlined and numbered, characters have ids, colours and voices, paywall flags agree
with the paywall list, and hooks land within the premise's hook window.
"""

from __future__ import annotations

from functools import cache

from ..llm.base import LLM, Generation, LLMError, Task
from ..llm.offline import OfflineWriter
from ..models.bible import Character, EpisodeOutline, Premise, SeriesBible, Voice
from ..models.vocabulary import Gender
from ..pacing import default_paywall_episodes

PLAN_INSTRUCTIONS = """你是一名资深的微短剧策划（showrunner）。根据用户给出的故事梗概（premise）、题材（genre）和集数（episodes），
写出完整的剧集设定（series bible）：剧名、一句话卖点（logline）、整体梗概、画面风格、3–5 个主要角色和常用场景，
以及每一集的大纲。要求：
- 竖屏微短剧，每集约 episode_seconds 秒；每集开头 hook_seconds 秒内必须有强钩子（冲突、反转或悬念），写在 hook.description；
- 每集结尾必须有卡点（cliffhanger）：停在动作或台词的半截，例如“其实我是——”；
- 付费卡点集（is_paywall）放在最强的悬念处；
- 角色的 appearance 是固定外貌描述（年龄、发型、脸型、标志性特征），之后会逐字写入每一条画面提示词，请具体、可画；
- 剧名不含“霸总”，不渲染复仇、炫富拜金，不低俗，不超过 15 个字；
- 人物真实可信，不用“恶婆婆”之类的脸谱化反派；
- episodes 数组必须恰好包含 episodes 集，编号从 1 开始。"""


@cache
def _example() -> str:
    """A valid reply for a one-episode series, from the offline writer (providers want an example)."""
    bible = OfflineWriter().generate(
        Generation(
            Task.PLAN_SERIES,
            "",
            Premise(premise="被冒名顶替的设计师拿回自己的作品", genre="逆袭", episodes=1),
            SeriesBible,
        )
    )
    return bible.model_dump_json(exclude_defaults=True)


def plan_series(premise: Premise, llm: LLM | None = None) -> SeriesBible:
    llm = llm or OfflineWriter()
    example = _example() if not isinstance(llm, OfflineWriter) else ""
    bible = llm.generate(Generation(Task.PLAN_SERIES, PLAN_INSTRUCTIONS, premise, SeriesBible, example))
    return normalise_bible(bible, premise)


# Default espeak-ng Mandarin voices by gender, cycled so characters sound different.
_VOICES = {
    Gender.FEMALE: ["cmn+f3", "cmn+f2", "cmn+f4", "cmn+f1"],
    Gender.MALE: ["cmn+m1", "cmn+m3", "cmn+m6", "cmn+m4"],
}
_COLORS = ["#e4572e", "#2e86ab", "#8e44ad", "#d4a017", "#27ae60", "#c0392b", "#16a085", "#7f8c8d"]


def normalise_bible(bible: SeriesBible, premise: Premise) -> SeriesBible:
    episodes = sorted(
        (e for e in bible.episodes if 1 <= e.number <= premise.episodes), key=lambda e: e.number
    )
    missing = sorted(set(range(1, premise.episodes + 1)) - {e.number for e in episodes})
    if missing:
        raise LLMError(f"剧集设定缺少第 {'、'.join(map(str, missing))} 集的大纲", code="incomplete")
    if premise.paywall_episodes is not None:
        paywalls = set(premise.paywall_episodes)
    else:
        paywalls = set(bible.paywall_episodes) | {e.number for e in episodes if e.is_paywall}
        paywalls = paywalls or set(default_paywall_episodes(premise.episodes))
    paywalls = {p for p in paywalls if 1 <= p <= premise.episodes}
    outlines = [
        EpisodeOutline.model_validate(
            {
                **e.model_dump(),
                "is_paywall": e.number in paywalls,
                "hook": {
                    **e.hook.model_dump(),
                    "seconds": min(e.hook.seconds or premise.hook_seconds, premise.hook_seconds),
                },
            }
        )
        for e in episodes
    ]
    return bible.model_copy(
        update={
            "premise": premise.premise,
            "target_episodes": premise.episodes,
            "paywall_episodes": sorted(paywalls),
            "characters": _normalise_characters(bible.characters),
            "episodes": outlines,
            "seed": premise.seed,
        }
    )


def _normalise_characters(characters: list[Character]) -> list[Character]:
    used_ids: set[str] = set()
    counters = {Gender.FEMALE: 0, Gender.MALE: 0}
    result = []
    for index, character in enumerate(characters, start=1):
        update: dict = {}
        if not character.id or character.id in used_ids:
            update["id"] = next(f"c{n}" for n in range(index, index + 1000) if f"c{n}" not in used_ids)
        used_ids.add(update.get("id", character.id))
        if not character.color:
            update["color"] = _COLORS[(index - 1) % len(_COLORS)]
        if character.voice == Voice():  # the model left the voice unset: give each character their own
            voices = _VOICES[character.gender]
            update["voice"] = Voice(voice_id=voices[counters[character.gender] % len(voices)])
        counters[character.gender] += 1
        result.append(character.model_copy(update=update) if update else character)
    return result

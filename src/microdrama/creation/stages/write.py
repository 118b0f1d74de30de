"""Stage 2, write the episode scripts (编剧): bible + outline → scenes of action and dialogue.

One LLM call per episode, so a long series can be written, resumed and re-written episode by
episode. The result is normalised: numbering follows the outline, scenes are numbered “集-场”,
and if the model forgot to mark them, the first line is the hook and the last the cliffhanger.
"""

from __future__ import annotations

from functools import cache

from ..llm.base import LLM, EpisodeRequest, Generation, Task
from ..llm.offline import OfflineWriter
from ..models.bible import Premise, SeriesBible
from ..models.script import EpisodeScript, Scene, Scripts
from ..progress import Progress, ProgressEvent, ignore_progress
from ..rules import ReviewRules

WRITE_INSTRUCTIONS = """你是一名微短剧编剧。根据剧集设定（bible）和第 episode 集的大纲，写出这一集的完整剧本：1–3 场戏，
每场由动作（action，只写镜头看得见的动作）、对白（dialogue）和旁白（voiceover）组成。要求：
- 第一场的第一行就是开场钩子（hook=true），必须在 hook_seconds 秒内抓住观众；
- 最后一行是结尾卡点（cliffhanger=true），停在动作或台词的半截；
- 每句对白不超过 max_line_chars 个字，按每秒 chars_per_second 个字的语速估算时长；
- speaker 和 characters 只能使用剧集设定里的角色名；
- 承接上一集的卡点（previous_cliffhanger）；
- 口语化、有冲突、有反转，不写空话套话。"""


@cache
def _example() -> str:
    writer = OfflineWriter()
    bible = writer.generate(
        Generation(
            Task.PLAN_SERIES,
            "",
            Premise(premise="被冒名顶替的设计师拿回自己的作品", genre="逆袭", episodes=1),
            SeriesBible,
        )
    )
    script = writer.generate(
        Generation(Task.WRITE_EPISODE, "", EpisodeRequest(bible=bible, episode=1), EpisodeScript)
    )
    return script.model_dump_json(exclude_defaults=True)


def write_episode(
    bible: SeriesBible,
    number: int,
    llm: LLM | None = None,
    *,
    rules: ReviewRules | None = None,
    previous_cliffhanger: str = "",
) -> EpisodeScript:
    llm = llm or OfflineWriter()
    rules = rules or ReviewRules()
    bible.outline(number)  # KeyError (Chinese) for an episode the bible does not outline
    request = EpisodeRequest(
        bible=bible,
        episode=number,
        previous_cliffhanger=previous_cliffhanger,
        hook_seconds=rules.hook_seconds,
        chars_per_second=rules.chars_per_second,
        max_line_chars=int(rules.max_line_seconds * rules.chars_per_second),
    )
    example = _example() if not isinstance(llm, OfflineWriter) else ""
    script = llm.generate(Generation(Task.WRITE_EPISODE, WRITE_INSTRUCTIONS, request, EpisodeScript, example))
    return normalise_script(script, bible, number)


def normalise_script(script: EpisodeScript, bible: SeriesBible, number: int) -> EpisodeScript:
    outline = bible.outline(number)
    scenes = [
        Scene.model_validate({**scene.model_dump(), "number": f"{number}-{i}"})
        for i, scene in enumerate(script.scenes, start=1)
    ]
    lines = [line for scene in scenes for line in scene.lines]
    if not any(line.hook for line in lines):
        lines[0].hook = True
    if not lines[-1].cliffhanger:
        for line in lines:
            line.cliffhanger = False  # one cliffhanger, at the very end
        lines[-1].cliffhanger = True
    return EpisodeScript(
        number=number,
        title=script.title or outline.title,
        synopsis=script.synopsis or outline.synopsis,
        hook=script.hook,
        cliffhanger=script.cliffhanger or outline.cliffhanger,
        is_paywall=outline.is_paywall,
        scenes=scenes,
    )


def write_scripts(
    bible: SeriesBible,
    llm: LLM | None = None,
    *,
    rules: ReviewRules | None = None,
    progress: Progress = ignore_progress,
    write=None,
) -> Scripts:
    """All episodes in order, each continuing from the previous cliffhanger.

    `write(bible, number, previous_cliffhanger)` replaces `write_episode` (the project passes a
    cached version, so a resumed run does not pay for episodes it already has).
    """
    write = write or (lambda b, n, prev: write_episode(b, n, llm, rules=rules, previous_cliffhanger=prev))
    episodes: list[EpisodeScript] = []
    total = len(bible.episodes)
    previous = ""
    for done, outline in enumerate(sorted(bible.episodes, key=lambda e: e.number), start=1):
        progress(ProgressEvent("scripts", done - 1, total, f"第{outline.number}集《{outline.title}》"))
        episode = write(bible, outline.number, previous)
        episodes.append(episode)
        previous = episode.cliffhanger
    progress(ProgressEvent("scripts", total, total, "剧本完成"))
    return Scripts(series_title=bible.title, episodes=episodes)

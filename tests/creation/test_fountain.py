"""Scripts export to Fountain with Chinese cues forced by `@`, and come back unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.creation.export.fountain import parse_fountain, write_fountain
from microdrama.creation.models import (
    EpisodeScript,
    Hook,
    LineKind,
    Scene,
    ScriptLine,
    Scripts,
    Setting,
    TimeOfDay,
)

NAMES = ["林晚", "顾言", "白薇", "周子轩"]
# Chinese prose with the punctuation scripts use, plus the characters Fountain treats specially
# at the start of a line, so the writer's forcing is exercised.
TEXT = (
    st.text(
        alphabet=st.sampled_from(list("她推开门，雨很大。你来了？好！——…“”、我们走 A1.@#=!>~[]()（）")),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s and "[[" not in s and "]]" not in s)
)


@st.composite
def lines(draw):
    kind = draw(st.sampled_from(list(LineKind)))
    if kind == LineKind.ACTION:
        return ScriptLine(
            kind=kind,
            text=draw(TEXT),
            characters=draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=2)),
        )
    return ScriptLine(
        kind=kind,
        text=draw(TEXT),
        speaker=draw(st.sampled_from(NAMES)),
        emotion=draw(st.sampled_from(["", "冷笑", "低声"])),
    )


@st.composite
def scripts(draw):
    episodes = []
    for number in range(1, draw(st.integers(1, 2)) + 1):
        scenes = []
        for index in range(1, draw(st.integers(1, 2)) + 1):
            body = draw(st.lists(lines(), min_size=1, max_size=5))
            scenes.append(
                Scene(
                    number=f"{number}-{index}",
                    location=draw(st.sampled_from(["咖啡店", "顾家 客厅"])),
                    time=draw(st.sampled_from(list(TimeOfDay))),
                    setting=draw(st.sampled_from(list(Setting))),
                    characters=draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)),
                    mood=draw(st.sampled_from(["", "紧张"])),
                    lines=body,
                )
            )
        scenes[0].lines[0].hook = True
        scenes[-1].lines[-1].cliffhanger = True
        episodes.append(
            EpisodeScript(
                number=number,
                title=f"第{number}个标题",
                synopsis=draw(st.sampled_from(["", "梗概"])),
                hook=Hook(seconds=draw(st.sampled_from([3, 5])), description="钩子"),
                cliffhanger="卡点",
                is_paywall=draw(st.booleans()),
                scenes=scenes,
            )
        )
    return Scripts(series_title="测试剧", episodes=episodes)


@settings(max_examples=60, deadline=None)
@given(scripts())
def test_any_script_round_trips_through_fountain(original):
    assert parse_fountain(write_fountain(original)) == original


def test_the_offline_series_round_trips_and_forces_every_chinese_cue(series):
    _, scripts_ = series
    text = write_fountain(scripts_)
    assert parse_fountain(text) == scripts_
    for line in scripts_.episodes[0].lines():
        if line.spoken:
            assert f"@{line.speaker}" in text
    assert "# 第1集" in text and ".1-1 " in text and "= 钩子" in text


def test_a_hand_written_fountain_script_is_read(series):
    text = """Title: 手写剧本
Author: 编剧

# 第1集 相遇

INT. 咖啡店 - 日

林晚推门进来，四处张望。

@林晚
(小声)
他还没来吗？

顾言从角落站起来。

GUEST
I'm here.

> 切至：

/* 删掉的一场 */

.1-2 街角 夜 外

@顾言 (V.O.)
那天之后，一切都变了——
"""
    parsed = parse_fountain(text)
    episode = parsed.episodes[0]
    assert parsed.series_title == "手写剧本" and episode.title == "相遇"
    assert [s.number for s in episode.scenes] == ["1-1", "1-2"]
    first = episode.scenes[0].lines
    assert (first[1].speaker, first[1].emotion, first[1].text) == ("林晚", "小声", "他还没来吗？")
    assert first[3].speaker == "GUEST"
    last = episode.scenes[1]
    assert (last.time, last.setting, last.lines[0].kind) == (
        TimeOfDay.NIGHT,
        Setting.EXTERIOR,
        LineKind.VOICEOVER,
    )
    assert episode.cliffhanger == "那天之后，一切都变了——"

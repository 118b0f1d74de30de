"""The review stage checks scripts by rules: hook timing, cliffhanger, names against the bible,
line length against shot duration, and the NRTA title and content rules it is given."""

from __future__ import annotations

from microdrama.creation.models import LineKind, ScriptLine
from microdrama.creation.rules import ChecklistItem, ReviewRules, TextRule
from microdrama.creation.stages.review import review_scripts


def _rules(report):
    return {f.rule for f in report.findings}


def _edited(scripts, change):
    copy = scripts.model_copy(deep=True)
    change(copy.episodes[0])
    return copy


def test_a_clean_offline_script_has_no_errors_and_lists_the_manual_checks(series):
    bible, scripts = series
    report = review_scripts(bible, scripts)
    assert report.passed
    assert {c.code for c in report.manual_checks} >= {"aigc_label", "children"}


def test_a_hook_pushed_past_the_window_is_an_error(series):
    bible, scripts = series

    def delay(episode):
        scene = episode.scenes[0]
        scene.lines = [
            ScriptLine(kind=LineKind.ACTION, text="清晨，街道上人来人往，一切如常。")
        ] * 2 + scene.lines

    report = review_scripts(bible, _edited(scripts, delay))
    assert "hook_late" in _rules(report)
    assert not report.passed
    # a longer window, as a creator may configure (3–8 s), accepts the same script
    assert "hook_late" not in _rules(
        review_scripts(bible, _edited(scripts, delay), ReviewRules(hook_seconds=8))
    )


def test_an_episode_without_a_cliffhanger_is_an_error(series):
    bible, scripts = series

    def flatten(episode):
        episode.scenes[-1].lines[-1].cliffhanger = False

    assert "cliffhanger_missing" in _rules(review_scripts(bible, _edited(scripts, flatten)))


def test_a_speaker_missing_from_the_bible_is_an_error(series):
    bible, scripts = series

    def stranger(episode):
        episode.scenes[0].lines.insert(
            1, ScriptLine(kind=LineKind.DIALOGUE, text="我是谁？", speaker="路人甲")
        )

    report = review_scripts(bible, _edited(scripts, stranger))
    assert any(f.rule == "unknown_name" and "路人甲" in f.message for f in report.errors)


def test_a_line_too_long_for_one_shot_is_flagged_with_its_length(series):
    bible, scripts = series
    speaker = bible.characters[0].name

    def ramble(episode):
        episode.scenes[0].lines.insert(
            1,
            ScriptLine(
                kind=LineKind.DIALOGUE,
                speaker=speaker,
                text="我今天一定要把这件事情从头到尾原原本本一字不差地讲清楚给你听",
            ),
        )

    report = review_scripts(bible, _edited(scripts, ramble))
    finding = next(f for f in report.findings if f.rule == "line_too_long")
    assert finding.severity == "warning" and "秒" in finding.message and finding.line == 2


def test_the_title_rules_given_by_the_caller_are_applied(series):
    bible, scripts = series
    flagged = bible.model_copy(update={"title": "霸总的契约娇妻"})
    report = review_scripts(flagged, scripts)
    assert any(f.rule == "title_rule" and "霸总" in f.message for f in report.warnings)
    # the studio passes the filing centre's live rules in the same format
    custom = ReviewRules(
        title_rules=[TextRule(pattern=r"心动", is_regex=True, reason="测试规则", source="备案中心")],
        checklist=[ChecklistItem(code="x", text="人工确认项")],
    )
    report = review_scripts(bible.model_copy(update={"title": "心动预约"}), scripts, custom)
    assert [f.source for f in report.findings if f.rule == "title_rule"] == ["备案中心"]
    assert [c.code for c in report.manual_checks] == ["x"]


def test_content_rules_flag_lines_not_titles(series):
    bible, scripts = series
    speaker = bible.characters[2].name

    def stock_villain(episode):
        episode.scenes[0].lines.insert(
            1, ScriptLine(kind=LineKind.DIALOGUE, speaker=speaker, text="我就是恶婆婆，怎样？")
        )

    report = review_scripts(bible, _edited(scripts, stock_villain))
    assert any(f.rule == "content_rule" and f.scene == "1-1" for f in report.warnings)

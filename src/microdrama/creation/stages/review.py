"""Stage 3, review the scripts (审稿): deterministic rule checks, no model involved.

Structure (errors): every episode has a hook that starts within the configured seconds and ends
on a cliffhanger; every speaker and on-screen name exists in the bible. Pacing and compliance
(warnings): a line too long for one shot, an episode outside the length range, paywall placement,
and the NRTA title and content rules (as given — the studio passes the filing centre's). The
checklist items a rule cannot decide are listed for a person to confirm.
"""

from __future__ import annotations

from ..models.bible import SeriesBible
from ..models.review import Finding, ManualCheck, ReviewReport, Severity
from ..models.script import EpisodeScript, ScriptLine, Scripts
from ..pacing import speech_seconds, spoken_chars
from ..rules import ReviewRules, TextRule


def line_seconds(line: ScriptLine, rules: ReviewRules) -> float:
    return speech_seconds(line.text, rules.chars_per_second) if line.spoken else rules.action_seconds


def episode_seconds(episode: EpisodeScript, rules: ReviewRules) -> float:
    return sum(line_seconds(line, rules) for line in episode.lines())


def review_scripts(bible: SeriesBible, scripts: Scripts, rules: ReviewRules | None = None) -> ReviewReport:
    rules = rules or ReviewRules()
    findings: list[Finding] = []
    findings += _title_findings(f"剧名《{bible.title}》", bible.title, rules.title_rules, None)
    for episode in scripts.episodes:
        findings += _episode_findings(bible, episode, rules)
    findings += _paywall_findings(bible, scripts)
    return ReviewReport(
        findings=findings,
        manual_checks=[ManualCheck(code=c.code, text=c.text, source=c.source) for c in rules.checklist],
        episodes_reviewed=[e.number for e in scripts.episodes],
    )


def _title_findings(
    label: str, title: str, title_rules: list[TextRule], episode: int | None
) -> list[Finding]:
    return [
        Finding(
            rule="title_rule",
            severity=Severity.WARNING,
            message=f"{label}：{rule.reason}",
            episode=episode,
            source=rule.source,
        )
        for rule in title_rules
        if rule.matches(title)
    ]


def _episode_findings(bible: SeriesBible, episode: EpisodeScript, rules: ReviewRules) -> list[Finding]:
    n = episode.number
    out: list[Finding] = []
    out += _title_findings(f"第{n}集标题《{episode.title}》", episode.title, rules.title_rules, n)
    if not any(e.number == n for e in bible.episodes):
        out.append(
            Finding(
                rule="episode_not_in_bible",
                severity=Severity.WARNING,
                episode=n,
                message=f"第{n}集不在剧集设定的分集大纲里",
            )
        )
    if len(episode.synopsis) > rules.max_synopsis_chars:
        out.append(
            Finding(
                rule="synopsis_long",
                severity=Severity.INFO,
                episode=n,
                message=f"第{n}集梗概 {len(episode.synopsis)} 字，建议不超过 {rules.max_synopsis_chars} 字",
            )
        )

    # the hook: the first marked line must start inside the hook window
    elapsed, hook_at = 0.0, None
    for line in episode.lines():
        if line.hook:
            hook_at = elapsed
            break
        elapsed += line_seconds(line, rules)
    if hook_at is None:
        out.append(
            Finding(
                rule="hook_missing",
                severity=Severity.ERROR,
                episode=n,
                message=f"第{n}集没有标出开场钩子（黄金{rules.hook_seconds:g}秒）",
            )
        )
    elif hook_at > rules.hook_seconds:
        out.append(
            Finding(
                rule="hook_late",
                severity=Severity.ERROR,
                episode=n,
                message=f"第{n}集的钩子约在第 {hook_at:.1f} 秒才出现，应在前 {rules.hook_seconds:g} 秒内",
            )
        )

    lines = episode.lines()
    if not lines[-1].cliffhanger:
        out.append(
            Finding(
                rule="cliffhanger_missing",
                severity=Severity.ERROR,
                episode=n,
                message=f"第{n}集没有以卡点结尾（最后一行应为悬念）",
            )
        )
    elif any(line.cliffhanger for line in lines[:-1]):
        out.append(
            Finding(
                rule="cliffhanger_not_last",
                severity=Severity.WARNING,
                episode=n,
                message=f"第{n}集的卡点不在最后一行，卡点之后的内容会冲淡悬念",
            )
        )

    for scene in episode.scenes:
        for name in scene.characters:
            if bible.character(name) is None:
                out.append(
                    Finding(
                        rule="unknown_name",
                        severity=Severity.ERROR,
                        episode=n,
                        scene=scene.number,
                        message=f"第{scene.number}场的人物“{name}”不在剧集设定里",
                    )
                )
        for index, line in enumerate(scene.lines, start=1):
            where = {"episode": n, "scene": scene.number, "line": index}
            for name in line.people:
                if bible.character(name) is None:
                    out.append(
                        Finding(
                            rule="unknown_name",
                            severity=Severity.ERROR,
                            **where,
                            message=f"第{scene.number}场第{index}行的“{name}”不在剧集设定里",
                        )
                    )
            if line.spoken:
                seconds = speech_seconds(line.text, rules.chars_per_second)
                if seconds > rules.max_line_seconds:
                    out.append(
                        Finding(
                            rule="line_too_long",
                            severity=Severity.WARNING,
                            **where,
                            message=f"第{scene.number}场第{index}行台词 {spoken_chars(line.text)} 字，约 {seconds:.1f} 秒，"
                            f"超过一个镜头可容纳的 {rules.max_line_seconds:g} 秒，将被拆到多个镜头",
                        )
                    )
            for rule in rules.content_rules:
                if rule.matches(line.text):
                    out.append(
                        Finding(
                            rule="content_rule",
                            severity=Severity.WARNING,
                            source=rule.source,
                            **where,
                            message=f"第{scene.number}场第{index}行：{rule.reason}",
                        )
                    )

    low, high = rules.episode_seconds_range
    seconds = episode_seconds(episode, rules)
    if not low <= seconds <= high:
        out.append(
            Finding(
                rule="episode_length",
                severity=Severity.WARNING,
                episode=n,
                message=f"第{n}集估计时长 {seconds:.0f} 秒，不在 {low:g}–{high:g} 秒之间",
            )
        )
    return out


def _paywall_findings(bible: SeriesBible, scripts: Scripts) -> list[Finding]:
    out = []
    for episode in scripts.episodes:
        if episode.is_paywall != (episode.number in bible.paywall_episodes):
            out.append(
                Finding(
                    rule="paywall_mismatch",
                    severity=Severity.WARNING,
                    episode=episode.number,
                    message=f"第{episode.number}集的付费卡点标记与剧集设定不一致",
                )
            )
    if bible.target_episodes >= 20 and bible.paywall_episodes:
        first = min(bible.paywall_episodes)
        if not 8 <= first <= 16:
            out.append(
                Finding(
                    rule="paywall_placement",
                    severity=Severity.INFO,
                    message=f"第一个付费卡点在第{first}集；行业惯例多在第8–16集之间",
                )
            )
    return out

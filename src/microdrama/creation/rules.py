"""The rules the script review applies, as data: the text-rule format (a keyword or regular
expression, the reason it flags, and its source), the default title and content rules drawn from
NRTA's management tips, the checklist items only a person can confirm, and the pacing settings.

The engine owns the *format* and a default ruleset so the CLI works with no database. The studio
app passes the filing centre's live, admin-edited rules in the same format instead (the filing
centre's seed data is meant to be taken from `DEFAULT_TITLE_RULES` here, so that there is one
list). Flags are warnings for a person, never automatic rejections.
"""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from .models.base import Model
from .models.bible import DEFAULT_HOOK_SECONDS, MAX_HOOK_SECONDS, MIN_HOOK_SECONDS


class TextRule(Model):
    pattern: str = Field(min_length=1, max_length=200)
    is_regex: bool = False
    reason: str
    source: str = ""

    @model_validator(mode="after")
    def _compiles(self) -> TextRule:
        if self.is_regex:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式无效：{exc}") from exc
        return self

    def matches(self, text: str) -> bool:
        if self.is_regex:
            try:
                return re.search(self.pattern, text) is not None
            except re.error:  # validated on creation; a rule built around validation must not block a review
                return False
        return self.pattern in text


class ChecklistItem(Model):
    code: str
    text: str
    source: str = ""


_TIP_2024 = "总局网络视听司管理提示（2024-11-22）"
_TITLE_TIP = "片名审核管理提示（2024-12）"

DEFAULT_TITLE_RULES: list[TextRule] = [
    TextRule(pattern="霸总", reason="片名不得出现“霸总”", source=_TIP_2024),
    TextRule(pattern="霸道总裁", reason="片名不得出现“霸总/霸道总裁”", source=_TIP_2024),
    TextRule(
        pattern=r"(复仇|报复|虐杀|血洗)", is_regex=True, reason="片名不得渲染复仇、暴戾", source=_TITLE_TIP
    ),
    TextRule(
        pattern=r"(豪门|千亿|亿万|首富|一夜暴富)",
        is_regex=True,
        reason="片名可能宣扬炫富拜金",
        source=_TITLE_TIP,
    ),
    TextRule(
        pattern=r"(幸孕|孕妻|闪婚.*(总裁|大佬))",
        is_regex=True,
        reason="片名可能低俗或滥用谐音",
        source=f"{_TITLE_TIP}，如《一夜幸孕》",
    ),
    TextRule(
        pattern=r"[A-Z]{3,}级", is_regex=True, reason="片名可能夸张离谱（如“SSS级”）", source=_TITLE_TIP
    ),
    TextRule(
        pattern=r"(重生|穿越)",
        is_regex=True,
        reason="穿越/重生题材须把握尺度，提示审核员关注",
        source="管理提示（2025 年首期）",
    ),
    TextRule(
        pattern=r"^.{16,}$",
        is_regex=True,
        reason="片名过长（16 字及以上）",
        source="片名审核管理提示：不使用过长片名",
    ),
    TextRule(
        pattern=r"(傻娘|傻妻|废物|赘婿)", is_regex=True, reason="片名可能低俗或贬损人格", source=_TITLE_TIP
    ),
]

# Applied to every line of dialogue and action: the content side of the same management tips.
DEFAULT_CONTENT_RULES: list[TextRule] = [
    TextRule(pattern=r"(霸总|霸道总裁)", is_regex=True, reason="不塑造“霸总”形象", source=_TIP_2024),
    TextRule(
        pattern=r"(恶婆婆|恶奶奶)",
        is_regex=True,
        reason="不以脸谱化人物制造对立",
        source="总局网络视听司管理提示",
    ),
    TextRule(
        pattern=r"(嫁入豪门|一夜暴富|炫富)",
        is_regex=True,
        reason="爽点不建立在拜金、炫富之上",
        source=_TIP_2024,
    ),
    TextRule(
        pattern=r"(虐杀|血洗|碎尸)",
        is_regex=True,
        reason="不渲染暴力血腥",
        source="《网络视听节目内容审核通则》",
    ),
]

# What a person must confirm before filing: the NRTA checklist items a rule cannot decide.
DEFAULT_CHECKLIST: list[ChecklistItem] = [
    ChecklistItem(
        code="wealth",
        text="不美化“嫁入豪门”，爽点不建立在拜金、炫富、炫权、享乐或一夜暴富之上",
        source=_TIP_2024,
    ),
    ChecklistItem(
        code="timetravel",
        text="“穿越”“重生”不百无禁忌，爽而有度；不以“狗血”“低俗”推动情感线",
        source="管理提示（2025 年首期）",
    ),
    ChecklistItem(
        code="anti_intellect", text="杜绝极端“反智”“雷人”“离谱”的人物和情节", source="管理提示（2025-07-11）"
    ),
    ChecklistItem(
        code="children",
        text="儿童角色不心机、不“腹黑”，不扮演霸道总裁、不涉校园霸凌",
        source="儿童类微短剧管理提示（2026-01-08）",
    ),
    ChecklistItem(
        code="aigc_label",
        text="AI 生成合成内容按《人工智能生成合成内容标识办法》添加显式和隐式标识",
        source="GB 45438-2025",
    ),
]


class ReviewRules(Model):
    """Everything the review stage checks against; the studio fills it from its settings and the
    filing centre's rules, the CLI uses the defaults."""

    hook_seconds: float = Field(default=DEFAULT_HOOK_SECONDS, ge=MIN_HOOK_SECONDS, le=MAX_HOOK_SECONDS)
    chars_per_second: float = Field(default=3.0, gt=0, le=10, description="普通话语速（字/秒）")
    action_seconds: float = Field(default=2.0, gt=0, description="一条动作描写在画面上大约占的秒数")
    max_line_seconds: float = Field(default=7.5, gt=0, description="一句台词最长可占的秒数（一个镜头内）")
    # NRTA: "单集时长从几十秒到15分钟左右"; estimated from the lines, before shots are cut
    episode_seconds_range: tuple[float, float] = (15.0, 900.0)
    max_synopsis_chars: int = 50
    title_rules: list[TextRule] = Field(default_factory=lambda: list(DEFAULT_TITLE_RULES))
    content_rules: list[TextRule] = Field(default_factory=lambda: list(DEFAULT_CONTENT_RULES))
    checklist: list[ChecklistItem] = Field(default_factory=lambda: list(DEFAULT_CHECKLIST))

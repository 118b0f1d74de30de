"""The script review (审稿) report: each finding with its rule, severity, place and a Chinese
message, plus the checklist items only a person can answer."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from .base import Document, Model


class Severity(StrEnum):
    ERROR = "error"  # the script breaks a structural rule: fix before rendering
    WARNING = "warning"  # worth a look (title flags, pacing)
    INFO = "info"


class Finding(Model):
    rule: str = Field(description="规则代码，如 hook_late、unknown_name、title_rule")
    severity: Severity
    message: str
    episode: int | None = None
    scene: str | None = None
    line: int | None = Field(default=None, description="场内第几行（从 1 起）")
    source: str = Field(default="", description="依据")


class ManualCheck(Model):
    """A checklist item a person must confirm (from the NRTA content checklist)."""

    code: str
    text: str
    source: str = ""


class ReviewReport(Document):
    kind: Literal["review"] = "review"
    findings: list[Finding] = Field(default_factory=list)
    manual_checks: list[ManualCheck] = Field(default_factory=list)
    episodes_reviewed: list[int] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    @property
    def passed(self) -> bool:
        return not self.errors

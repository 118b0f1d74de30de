"""Official numbers (备案号 / 发行许可证号): parsing, normalising and validating by tier and year.

Formats from the reference: `(总局|省简称)网微剧审字(年份)第XXX号` for 重点 (a licence),
`(总局|省简称)网微剧备字(年份)第XXX号` for 普通, and `(平台简称)网微剧备字(年份)第XXX号` for dramas a
platform reviews. Full-width and half-width brackets are both accepted; numbers are stored with
half-width brackets so the same number typed two ways is still one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

PROVINCES = set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台")
_PATTERN = re.compile(
    r"^[（(](?P<issuer>[\u4e00-\u9fa5A-Za-z0-9]{1,10})[）)]网微剧(?P<kind>审|备)字"
    r"[（(](?P<year>\d{4})[）)]第(?P<serial>\d{1,8})号$"
)
EXAMPLE = "(赣)网微剧备字(2026)第00123号"


class NumberError(ValueError):
    """The number cannot be recorded; the message says why."""


@dataclass(frozen=True)
class FilingNumber:
    issuer: str
    kind: str  # 审 or 备
    year: int
    serial: str

    @property
    def text(self) -> str:
        return f"({self.issuer})网微剧{self.kind}字({self.year})第{self.serial}号"

    @property
    def issued_by_authority(self) -> bool:
        return self.issuer == "总局" or self.issuer in PROVINCES


def parse(text: str) -> FilingNumber:
    cleaned = re.sub(r"\s+", "", text or "")
    m = _PATTERN.match(cleaned)
    if not m:
        raise NumberError(_("备案号格式不正确。应为如 %(example)s 或 (总局)网微剧审字(2026)第001号 的格式")
                          % {"example": EXAMPLE})
    return FilingNumber(m["issuer"], m["kind"], int(m["year"]), m["serial"])


def validate(text: str, tier: str | None = None, allowed_years: set[int] | None = None) -> FilingNumber:
    """Parse and check the number against the application's tier and the years it could carry."""
    number = parse(text)
    if allowed_years and number.year not in allowed_years:
        years = "、".join(str(y) for y in sorted(allowed_years))
        raise NumberError(_("备案号年份 %(year)s 与审核时间不符，应为 %(years)s 年") % {"year": number.year, "years": years})
    if number.year < 2018 or number.year > 2100:
        raise NumberError(_("备案号年份 %(year)s 不合理") % {"year": number.year})
    if tier == "key":
        if number.kind != "审":
            raise NumberError(_("重点微短剧取得的是网络剧片发行许可证，号码应为“网微剧审字”"))
        if not number.issued_by_authority:
            raise NumberError(_("重点微短剧的许可证由总局或省级广电部门颁发，发号机关“%(issuer)s”无效")
                              % {"issuer": number.issuer})
    elif tier == "ordinary":
        if number.kind != "备":
            raise NumberError(_("普通微短剧取得的是登记备案号，号码应为“网微剧备字”"))
        if not number.issued_by_authority:
            raise NumberError(_("普通微短剧由省级以上广电部门备案，发号机关“%(issuer)s”无效") % {"issuer": number.issuer})
    elif tier == "other":
        if number.kind != "备":
            raise NumberError(_("平台审核的微短剧号码应为“网微剧备字”"))
        if number.issued_by_authority:
            raise NumberError(_("其他类微短剧由播出平台审核，号码括号内应为平台简称"))
    return number

"""Template filters for the copyright-centre pages (monitoring and enforcement): local times,
durations in words, timecodes and rates."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.timespan import format_timecode

register = template.Library()


@register.filter
def local_dt(value, seconds: bool = False) -> str:
    if not value:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


@register.filter
def timecode(value) -> str:
    try:
        return format_timecode(float(value), 1)
    except (TypeError, ValueError):
        return ""


@register.filter
def span(seconds) -> str:
    """A duration in words: 4.2 秒, 3 分 20 秒, 5.2 小时."""
    if seconds is None or seconds == "":
        return "—"
    s = float(seconds)
    if s < 60:
        return _("%(n)s 秒") % {"n": f"{s:.1f}"}
    if s < 3600:
        return _("%(m)d 分 %(s)d 秒") % {"m": s // 60, "s": s % 60}
    return _("%(h)s 小时") % {"h": f"{s / 3600:.1f}"}


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent_of(part, whole) -> float:
    try:
        return max(0.0, min(100.0, float(part) / float(whole) * 100)) if float(whole) else 0.0
    except (TypeError, ValueError):
        return 0.0

"""Template filters for filing pages: status colours, clocks and timecodes."""

from django import template
from django.utils import timezone

from microdrama.timespan import format_timecode

register = template.Library()

_STATE_CSS = {"numbered": "status-ok", "passed": "status-ok", "reported": "status-ok", "rejected": "status-err",
              "needs_revision": "status-warn", "draft": "status-muted", "withdrawn": "status-muted"}
_QC_CSS = {"passed": "status-ok", "warnings": "status-warn", "failed": "status-err", "error": "status-err",
           "running": "status-info", "pending": "status-muted"}
_SEVERITY_CSS = {"error": "status-err", "warning": "status-warn", "info": "status-info", "blocking": "status-err",
                 "major": "status-err", "minor": "status-warn", "note": "status-info"}


@register.filter
def state_css(state: str) -> str:
    return _STATE_CSS.get(state, "status-info")


@register.filter
def qc_css(status: str) -> str:
    return _QC_CSS.get(status, "status-muted")


@register.filter
def severity_css(severity: str) -> str:
    return _SEVERITY_CSS.get(severity, "status-muted")


@register.filter
def timecode(seconds) -> str:
    try:
        return format_timecode(float(seconds))
    except (TypeError, ValueError):
        return ""


@register.filter
def local_dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None

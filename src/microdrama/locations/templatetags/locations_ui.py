"""Template helpers of the shooting base: the section's tabs (by role) and money formatting."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import has_role
from microdrama.accounts.roles import Role

register = template.Library()

STAFF_TABS = [
    ("dashboard", "locations:dashboard", _("概览")),
    ("sets", "locations:sets", _("场景管理")),
    ("bookings", "locations:bookings", _("预订审批")),
    ("calendar", "locations:calendar", _("基地日历")),
    ("search", "locations:search", _("找场景")),
]
CREW_TABS = [
    ("search", "locations:search", _("找场景")),
    ("bookings", "locations:bookings", _("我的预订")),
    ("plans", "locations:plans", _("拍摄计划")),
    ("calendar", "locations:calendar", _("基地日历")),
]


@register.inclusion_tag("locations/_tabs.html", takes_context=True)
def locations_tabs(context, active: str = ""):
    user = context["request"].user
    tabs = (
        STAFF_TABS
        if has_role(user, Role.LOCATION_MANAGER) and not user.has_role(Role.APPLICANT, Role.CREATOR)
        else CREW_TABS
    )
    return {"tabs": [(key, reverse(name), label) for key, name, label in tabs], "active": active}


@register.filter
def yuan(value) -> str:
    """¥12,800 — whole yuan without decimals, otherwise two places."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"¥{text}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def md(value) -> str:
    """A short month-and-day date in the reader's language: 5月3日 / 5/3."""
    if not value:
        return ""
    return gettext("%(m)s月%(d)s日") % {"m": value.month, "d": value.day}


@register.filter
def listing(values) -> str:
    """Items joined the way the language lists them: 甲、乙 / A, B."""
    return pgettext("list separator", "、").join(md(v) if hasattr(v, "month") else str(v) for v in values)

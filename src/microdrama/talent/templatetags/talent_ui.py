"""Template helpers of the talent centre: the section's tabs by role."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models.profiles import is_talent_officer

register = template.Library()

OFFICER_TABS = [
    ("home", "talent:index", _("概览")),
    ("people", "talent:people", _("人才库")),
    ("training", "talent:courses", _("培训")),
    ("completions", "talent:completions", _("结业记录")),
]
CREW_TABS = [
    ("people", "talent:people", _("找人才")),
    ("casting", "talent:casting_index", _("选角")),
]


@register.inclusion_tag("talent/_tabs.html", takes_context=True)
def talent_tabs(context, active: str = ""):
    user = context["request"].user
    tabs = (
        OFFICER_TABS
        if is_talent_officer(user)
        else CREW_TABS
        if user.has_role("applicant", "creator")
        else []
    )
    return {"tabs": [(key, reverse(name), label) for key, name, label in tabs], "active": active}

"""The navigation each person sees, derived from their roles and organisation kind.

One table says which centre is open to whom; the context processor hands the visible part to every
template, and views enforce the same rules with `role_required`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.roles import Role


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    icon: str  # one character shown in a coloured square
    summary: str = ""  # dotted path of `summary(user) -> list[Figure]` for the dashboard card
    also_for: str = ""  # dotted path of `predicate(user) -> bool` opening it to people without a role

    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


SECTIONS: list[Section] = [
    Section("filing", _("备案中心"), "filing:index",
            frozenset({Role.APPLICANT, Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER}), "备",
            "microdrama.filing.dashboard.summary"),
    Section("rights", _("版权中心"), "rights:index",
            frozenset({Role.COPYRIGHT_OFFICER, Role.APPLICANT, Role.PLATFORM_CONTACT}), "权",
            "microdrama.rights.dashboard.summary"),
    Section("locations", _("拍摄基地"), "locations:index",
            frozenset({Role.LOCATION_MANAGER, Role.APPLICANT, Role.CREATOR}), "景"),
    Section("talent", _("人才中心"), "talent:index",
            frozenset({Role.TALENT_OFFICER, Role.APPLICANT, Role.CREATOR}), "才",
            also_for="microdrama.talent.services.profiles.has_own_profile"),
    Section("studio", _("AI 创作实验室"), "studio:index", frozenset({Role.CREATOR}), "创"),
]


@dataclass(frozen=True)
class Figure:
    """One number on a dashboard card, e.g. ("今日到期", 2, "/filing/?…", "warn")."""

    label: str | Promise
    value: int | str
    url: str = ""
    tone: str = ""  # "", "warn" or "err"


def summaries_for(user) -> list[tuple[Section, list[Figure]]]:
    """Each visible section with the figures its app reports for this person."""
    from django.utils.module_loading import import_string

    out = []
    for section in sections_for(user):
        figures = import_string(section.summary)(user) if section.summary else []
        out.append((section, figures))
    return out


def sections_for(user) -> list[Section]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_platform_admin:
        return list(SECTIONS)
    from django.utils.module_loading import import_string

    return [s for s in SECTIONS if user.roles & s.roles or (s.also_for and import_string(s.also_for)(user))]


def can_open(user, key: str) -> bool:
    return any(s.key == key for s in sections_for(user))


def navigation(request) -> dict:
    """Template context: the sections this person may open and which one is current."""
    from .notifications import unread_count

    sections = sections_for(request.user)
    match = getattr(request, "resolver_match", None)
    current = match.namespace.split(":")[0] if match and match.namespace else ""
    return {"nav_sections": sections, "nav_current": current, "unread_notifications": unread_count(request.user)}

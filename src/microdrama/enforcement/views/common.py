"""Helpers shared by the enforcement pages."""

from __future__ import annotations

from django.utils import timezone

from microdrama.accounts.roles import Role

RIGHTS_ROLES = (Role.COPYRIGHT_OFFICER, Role.APPLICANT, Role.PLATFORM_CONTACT)


def is_platform_user(user) -> bool:
    return bool(user.organisation_id) and user.organisation.kind == "platform" and not user.is_platform_admin


def error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def local(value) -> str:
    """A moment as people here read it (Asia/Shanghai), for table cells."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def page(**context) -> dict:
    """Context every enforcement page shares: the rights section stays highlighted in the side nav."""
    return {"nav_current": "rights", **context}

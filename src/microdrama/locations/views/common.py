"""What every shooting-base view shares: who counts as base staff or crew, and month arguments."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from microdrama.accounts.access import has_role
from microdrama.accounts.roles import Role

SECTION_ROLES = (Role.LOCATION_MANAGER, Role.APPLICANT, Role.CREATOR)
CREW_ROLES = (Role.APPLICANT, Role.CREATOR)


def is_base_staff(user) -> bool:
    return has_role(user, Role.LOCATION_MANAGER)


def is_crew(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*CREW_ROLES))


def month_arg(request) -> tuple[int, int]:
    """(year, month) from ?month=2026-05, today's month when absent or malformed."""
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-", 1))
        date(year, month, 1)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        return today.year, today.month
    return year, month

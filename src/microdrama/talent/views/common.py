"""What every talent view shares: who counts as the centre's staff or as a casting company."""

from __future__ import annotations

from microdrama.accounts.roles import Role

from ..models.profiles import is_talent_officer

SECTION_ROLES = (Role.TALENT_OFFICER, Role.APPLICANT, Role.CREATOR)
CREW_ROLES = (Role.APPLICANT, Role.CREATOR)

__all__ = ["CREW_ROLES", "SECTION_ROLES", "is_talent_officer"]

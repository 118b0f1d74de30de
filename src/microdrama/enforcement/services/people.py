"""Who is told about a case, who may act on it, and the links and deadlines they are given."""

from __future__ import annotations

from django.urls import reverse

from microdrama.accounts.models import User
from microdrama.accounts.roles import OrgKind, Role

from ..models import Case, PlatformProfile, Policy
from ..models.access import is_centre


def centre_officers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            organisation__kind=OrgKind.COPYRIGHT_CENTRE,
            role_grants__role=Role.COPYRIGHT_OFFICER,
        ).distinct()
    )


def holder_people(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            organisation=case.work.owner,
            role_grants__role__in=[Role.APPLICANT, Role.COPYRIGHT_OFFICER],
        ).distinct()
    )


def platform_people(org) -> list[User]:
    return (
        list(
            User.objects.filter(
                is_active=True, organisation=org, role_grants__role=Role.PLATFORM_CONTACT
            ).distinct()
        )
        if org
        else []
    )


def case_url(case: Case) -> str:
    return reverse("enforcement:case", args=[case.pk])


def can_review(user, case: Case) -> bool:
    """The copyright centre's officers, and the rights holder's own copyright officers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_platform_admin:
        return True
    if not user.has_role(Role.COPYRIGHT_OFFICER):
        return False
    return is_centre(user) or user.organisation_id == case.work.owner_id


def takedown_hours(case: Case, policy: Policy | None = None) -> float:
    policy = policy or Policy.current()
    profile = PlatformProfile.objects.filter(organisation=case.platform).first() if case.platform else None
    hours = float(policy.takedown_hours)
    return min(hours, float(profile.response_hours)) if profile and profile.response_hours else hours

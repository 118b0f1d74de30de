"""Who sees which case: the copyright centre everything; a rights holder the cases about its own
works; a platform the cases it was sent a notice about (and nothing before that)."""

from __future__ import annotations

from microdrama.accounts.roles import OrgKind


def is_centre(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_platform_admin:
        return True
    org = user.organisation
    return bool(org) and org.kind == OrgKind.COPYRIGHT_CENTRE


def case_scope(user):
    """The cases `user` may see (a queryset)."""
    from django.db.models import Q

    from .cases import Case

    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if is_centre(user):
        return Case.objects.all()
    org = user.organisation
    if org is None:
        return Case.objects.none()
    if org.kind == OrgKind.PLATFORM:
        return Case.objects.filter(notices__recipient=org).distinct()
    return Case.objects.filter(Q(work__owner=org))

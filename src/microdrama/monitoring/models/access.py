"""Who may see monitoring records: the copyright centre (and platform admins). Monitoring shows what
was found on the platforms for every rights holder, so companies see their cases, not the raw feed."""

from __future__ import annotations

from microdrama.accounts.roles import OrgKind, Role


def is_monitoring_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_platform_admin:
        return True
    org = user.organisation
    return bool(org) and org.kind == OrgKind.COPYRIGHT_CENTRE and user.has_role(Role.COPYRIGHT_OFFICER)

"""Who may see what: role checks for whole sections and per-object lookups for single records.

A company's people see only their company's records; centre staff see what their role needs. A
record outside a person's reach answers 404, so a guessed URL reveals nothing about it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from .roles import OrgKind, Role


def has_role(user, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_platform_admin or user.has_role(*roles)


def org_kind(user) -> str | None:
    org = getattr(user, "organisation", None)
    return org.kind if org else None


def is_company_user(user) -> bool:
    return org_kind(user) == OrgKind.PRODUCTION


def role_required(*roles: str) -> Callable:
    """View decorator: logged in and holding one of `roles` (admins pass), else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ScopedQuerySet(QuerySet):
    """The common shape of `visible_to(user)`: nothing for anonymous people or people without an
    organisation, everything for platform admins, and otherwise what the model's `for_member(user,
    org)` allows — the one part each model writes itself."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_platform_admin:
            return self
        org = user.organisation
        if org is None:
            return self.none()
        return self.for_member(user, org)

    def for_member(self, user, org) -> QuerySet:
        return self.none()


def acts_for_company(user, org, *roles: str) -> bool:
    """Whether `user` acts for the production company `org` in one of `roles`."""
    return org.kind == OrgKind.PRODUCTION and user.has_role(*roles)


def get_visible_or_404(queryset: QuerySet, user, **lookup) -> Model:
    """The object if `user` may see it; 404 otherwise (whether it exists or not).

    Each model's queryset provides `visible_to(user)`; this is the one door all views and API
    endpoints use to fetch a single record.
    """
    return get_object_or_404(queryset.visible_to(user), **lookup)


__all__ = [
    "OrgKind", "Role", "ScopedQuerySet", "acts_for_company", "get_visible_or_404", "has_role", "is_company_user",
    "org_kind", "role_required",
]

"""Fixtures shared by every test: organisations and people built through the same code users go through."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from microdrama.accounts.credit_code import make_credit_code
from microdrama.accounts.roles import ROLES_BY_ORG_KIND, OrgKind, Role

_seq = itertools.count(1)


@pytest.fixture
def make_org(db):
    from microdrama.accounts.models import Organisation

    def make(kind: str = OrgKind.PRODUCTION, name: str | None = None, **extra) -> Organisation:
        n = next(_seq)
        fields = {
            "name": name or f"测试机构{n}",
            "kind": kind,
            "credit_code": make_credit_code("91", "360100", f"MA3{n:05d}"),
        }
        if kind == OrgKind.PRODUCTION:
            fields.update(licence_number=f"(赣)字第{n:05d}号", licence_expiry="2030-12-31")
        fields.update(extra)
        org = Organisation(**fields)
        org.full_clean()
        org.save()
        return org

    return make


@pytest.fixture
def make_user(db, make_org):
    from microdrama.accounts.models import User

    def make(*roles: str, org=None, username: str | None = None, password: str = "pass-Word-123"):
        if org is None:  # the first kind of organisation where the first role makes sense
            kind = next((k for k, allowed in ROLES_BY_ORG_KIND.items() if roles and roles[0] in allowed),
                        OrgKind.PRODUCTION)
            org = make_org(kind)
        user = User.objects.create_user(username=username or f"user{next(_seq)}", password=password, organisation=org)
        user.set_roles(list(roles))
        return user

    return make


@pytest.fixture
def applicant(make_user):
    return make_user(Role.APPLICANT)


@pytest.fixture
def make_drama(db):
    """A drama of `user`'s company, made through the filing centre's own service."""
    from microdrama.filing.services import create_drama

    def make(user, title: str | None = None, genre: str = "urban", creators: list[dict] | None = None):
        return create_drama(
            user,
            title=title or f"测试剧{next(_seq)}",
            genre=genre,
            synopsis="一个测试用的故事。",
            episodes=20,
            minutes_per_episode=Decimal("2"),
            total_minutes=Decimal("40"),
            investment=Decimal("500000"),
            creators=creators or [],
        )

    return make


@pytest.fixture
def demo_data(db):
    """The full demo dataset, loaded exactly as `microdrama demo` loads it."""
    from microdrama.hub.demo import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the platform's default language, whatever a request in an earlier test
    activated (the locale middleware leaves its language active on the thread)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Django keeps the serialized database on the connection object, but connections live in a
    context variable, and once Playwright's sync API runs (greenlets) later tests get fresh
    connection objects without it, so their serialized rollback silently restored nothing. Keep it
    on the connection class instead, where every connection object finds it."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database afterwards, which would also wipe the reference data
    the migrations load (calendar, tier rules, checklist). Give every one of them serialized
    rollback, so the next one starts from the migrated state again."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            if not marker.kwargs.get("serialized_rollback"):
                item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)
        elif (marker is None and {"transactional_db", "live_server"} & set(item.fixturenames)
              and "django_db_serialized_rollback" not in item.fixturenames):
            item.fixturenames.append("django_db_serialized_rollback")

"""Shooting-base fixtures: a base with its manager, sets, and production companies with dramas,
all made through the same services people use."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from microdrama.accounts.roles import OrgKind, Role

_codes = itertools.count(1)


@pytest.fixture
def base_org(make_org):
    return make_org(OrgKind.SHOOTING_BASE, name="测试拍摄基地联盟")


@pytest.fixture
def manager(make_user, base_org):
    return make_user(Role.LOCATION_MANAGER, org=base_org, username="base-manager")


@pytest.fixture
def base(base_org):
    from microdrama.locations.models import Base

    return Base.objects.create(operator=base_org, name="测试基地", city="南昌", hold_hours=48)


@pytest.fixture
def make_set(base, manager):
    from microdrama.locations.models import Set, SetKind
    from microdrama.locations.services.sets import save_set

    def make(
        kind: str = SetKind.MODERN, set_type: str = "办公室", day_rate: str = "1000", facilities=(), **extra
    ):
        fields = {
            "base": base,
            "code": f"T-{next(_codes):04d}",
            "name": f"{set_type}{next(_codes)}",
            "kind": kind,
            "set_type": set_type,
            "floor_area": 100,
            "capacity": 20,
            "day_rate": Decimal(day_rate),
        }
        fields.update(extra)
        return save_set(manager, Set(**fields), list(facilities))

    return make


@pytest.fixture
def crew(make_user):
    """An applicant of a production company."""
    return make_user(Role.APPLICANT, username="crew-a")


@pytest.fixture
def other_crew(make_user):
    return make_user(Role.APPLICANT, username="crew-b")


@pytest.fixture
def drama(crew, make_drama):
    return make_drama(crew, title="甲公司的剧")


@pytest.fixture
def other_drama(other_crew, make_drama):
    return make_drama(other_crew, title="乙公司的剧")


@pytest.fixture
def next_week():
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6)


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Each test starts in the default language, whatever an earlier request switched to."""
    with translation.override("zh-hans"):
        yield

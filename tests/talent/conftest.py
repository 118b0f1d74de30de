"""Talent-centre fixtures: an officer, profiles made through the services, and a production company
with a drama to cast."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from microdrama.accounts.roles import OrgKind, Role

_n = itertools.count(1)


@pytest.fixture
def officer(make_user, make_org):
    return make_user(Role.TALENT_OFFICER, org=make_org(OrgKind.TALENT_CENTRE), username="officer")


@pytest.fixture
def make_profile(officer):
    from microdrama.talent.models import TalentProfile
    from microdrama.talent.services.profiles import save_profile

    def make(name: str | None = None, kind: str = "actor", tags: dict | None = None, **fields):
        profile = TalentProfile(name=name or f"演员{next(_n)}", kind=kind, **fields)
        return save_profile(officer, profile, tags or {})

    return make


@pytest.fixture
def producer(make_user):
    return make_user(Role.APPLICANT, username="producer-a")


@pytest.fixture
def other_producer(make_user):
    return make_user(Role.APPLICANT, username="producer-b")


@pytest.fixture
def drama(producer, make_drama):
    return make_drama(
        producer,
        title="滕王阁下",
        genre="costume",
        creators=[
            {"role": "lead", "name": "苏晚", "character": "林画"},
            {"role": "lead", "name": "顾衍", "character": "王子安"},
            {"role": "director", "name": "周远", "character": ""},
        ],
    )


@pytest.fixture
def other_drama(other_producer, make_drama):
    return make_drama(other_producer, title="别家的剧")


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Each test starts in the default language, whatever an earlier request switched to."""
    with translation.override("zh-hans"):
        yield

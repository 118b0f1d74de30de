"""Filing fixtures: a company with an applicant, the centre's staff, and dramas built through services."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing import services
from microdrama.filing.models import Attachment


@pytest.fixture
def ensure_next_year(db):
    """Tests that run near New Year need next year's calendar; load a weekdays-only stand-in (marked
    as such) when the official arrangement is not in the database yet."""
    from microdrama.filing.calendar_import import YearPlan, save_plan
    from microdrama.filing.models import CalendarYear

    year = date.today().year + 1
    if not CalendarYear.objects.filter(year=year).exists():
        save_plan(YearPlan(year), "test stand-in: weekdays only")


@pytest.fixture
def company(make_org):
    return make_org(OrgKind.PRODUCTION, name="南昌映画文化传媒有限公司")


@pytest.fixture
def other_company(make_org):
    return make_org(OrgKind.PRODUCTION, name="赣江星火影视制作有限公司")


@pytest.fixture
def centre(make_org):
    return make_org(OrgKind.FILING_CENTRE, name="赣江新区网络微短剧备案服务中心")


@pytest.fixture
def applicant(make_user, company):
    return make_user(Role.APPLICANT, org=company, username="zhangming")


@pytest.fixture
def case_manager(make_user, centre):
    user = make_user(Role.CASE_MANAGER, org=centre, username="liufang")
    user.email = "liufang@example.cn"
    user.save()
    return user


@pytest.fixture
def lead(make_user, centre):
    return make_user(Role.CASE_MANAGER, Role.CASE_LEAD, org=centre, username="lead")


@pytest.fixture
def reviewers(make_user, centre):
    return [make_user(Role.REVIEWER, org=centre, username=f"reviewer{i}") for i in (1, 2, 3)]


DRAMA = dict(title="逆光而行", genre="comeback", synopsis="一个乡村女孩在城市里打拼的故事。", episodes=3,
             minutes_per_episode=Decimal("2"), total_minutes=Decimal("6"), investment=Decimal("1500000"),
             special_topics=[], production_kind="live")


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def make_drama(applicant):
    def make(user=None, materials=True, **overrides):
        user = user or applicant
        drama = services.create_drama(user, **{**DRAMA, **overrides})
        if materials:
            for kind in (Attachment.Kind.SCRIPT, Attachment.Kind.SCRIPT_PLEDGE, Attachment.Kind.COST_REPORT):
                services.add_attachment(drama, user, kind, pdf(f"{kind}.pdf"))
        return drama

    return make


@pytest.fixture
def drama(make_drama):
    return make_drama()


def text_file(content: str, name="outline.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/plain")


__all__ = ["DRAMA", "io", "pdf", "text_file"]

"""The dashboard reports SLA compliance and the distributions of time to notice and time to takedown
from the cases themselves, scoped to what the viewer may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from microdrama.enforcement import stats
from microdrama.enforcement.models import Case
from tests.monitoring.fixtures import suspect

pytestmark = pytest.mark.django_db


def a_case(source, work, n, *, notice_minutes=None, takedown_hours=None, ago_hours=48):
    detected = timezone.now() - timedelta(hours=ago_hours)
    sent = detected + timedelta(minutes=notice_minutes) if notice_minutes is not None else None
    gone = sent + timedelta(hours=takedown_hours) if sent and takedown_hours is not None else None
    candidate = suspect(source, f"https://p.example.com/v/{n}")
    return Case.objects.create(
        candidate=candidate,
        work=work,
        score=0.9,
        url=candidate.url,
        detected_at=detected,
        notice_due_at=detected + timedelta(hours=2),
        confirmed_at=detected,
        notice_sent_at=sent,
        takedown_due_at=sent + timedelta(hours=24) if sent else None,
        taken_down_at=gone,
        disappeared_at=gone,
        state=Case.State.CLOSED if gone else Case.State.NOTICE_SENT if sent else Case.State.CONFIRMED,
        platform=source.platform,
    )


def test_compliance_and_distributions_come_from_the_cases(web_source, work):
    a_case(web_source, work, 1, notice_minutes=3, takedown_hours=2)
    a_case(web_source, work, 2, notice_minutes=20, takedown_hours=30)  # takedown late
    a_case(web_source, work, 3, notice_minutes=150)  # letter late; takedown overdue
    a_case(web_source, work, 4, notice_minutes=10, ago_hours=1)  # takedown clock still running
    a_case(web_source, work, 5, ago_hours=5)  # letter never went out: counts against the notice clock
    f = stats.figures(Case.objects.all())
    assert (f["notice"]["met"], f["notice"]["due"]) == (3, 5)
    assert (f["takedown"]["met"], f["takedown"]["due"]) == (1, 3)
    assert [b["count"] for b in f["notice"]["histogram"]] == [1, 1, 1, 0, 0, 1]
    assert [b["count"] for b in f["takedown"]["histogram"]] == [0, 1, 0, 0, 0, 1]
    assert f["notice"]["median_minutes"] == 15.0
    assert f["platforms"][0]["overdue"] == 1


def test_the_dashboard_shows_each_viewer_their_own_cases(
    client, web_source, work, officer, make_user, make_org
):
    from microdrama.accounts.roles import OrgKind, Role

    a_case(web_source, work, 1, notice_minutes=3, takedown_hours=2)
    client.force_login(officer)
    page = client.get(reverse("enforcement:dashboard")).content.decode()
    assert 'data-testid="total">1<' in page and 'id="chart-notice"' in page
    client.force_login(make_user(Role.APPLICANT, org=make_org(OrgKind.PRODUCTION)))
    assert 'data-testid="total">0<' in client.get(reverse("enforcement:dashboard")).content.decode()

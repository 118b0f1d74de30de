"""The clock after the letter: the URL is re-checked on a schedule and the case closes when the copy
is gone; an overdue takedown gets a reminder, then the platform's escalation contact; a reported
takedown that the re-check contradicts goes back to waiting; the notice clock warns the officers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from microdrama.enforcement import services
from microdrama.enforcement.models import Case, EvidenceItem, Notice
from microdrama.hub.models import Notification
from microdrama.hub.timetravel import as_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(open_case, profile, fake_platform):
    """A case whose letter went out by mail only (the platform's webhook is down)."""
    fake_platform.webhook_mode = "error"
    case = open_case(score=0.97, clip=None)
    assert case.state == Case.State.NOTICE_SENT and not fake_platform.videos["v1"].removed
    return case


def test_the_copy_still_online_keeps_the_case_open(noticed):
    fake_platform_video_online = services.recheck(noticed.pk)
    noticed.refresh_from_db()
    assert (
        fake_platform_video_online == "online"
        and noticed.still_online
        and noticed.state == Case.State.NOTICE_SENT
    )


def test_the_recheck_sees_the_copy_gone_records_when_and_closes_the_case(noticed, fake_platform, policy):
    fake_platform.videos["v1"].removed = True
    later = noticed.notice_sent_at + timedelta(hours=5)
    with as_of(later):
        assert services.sweep()["rechecks"] == 1  # the sweep queues it (and, eager, runs it)
    noticed.refresh_from_db()
    assert noticed.state == Case.State.CLOSED and noticed.resolution == Case.Resolution.REMOVED
    assert abs((noticed.disappeared_at - later).total_seconds()) < 60
    assert noticed.time_to_takedown == pytest.approx(5 * 3600, abs=60)
    assert noticed.evidence_items.get(kind=EvidenceItem.Kind.RECHECK).data["online"] is False


def test_rechecks_come_at_the_policy_interval_not_every_minute(noticed, policy):
    start = noticed.notice_sent_at + timedelta(minutes=1)
    with as_of(start):
        assert services.sweep()["rechecks"] == 1
    with as_of(start + timedelta(minutes=policy.recheck_minutes - 1)):
        assert services.sweep()["rechecks"] == 0
    with as_of(start + timedelta(minutes=policy.recheck_minutes + 1)):
        assert services.sweep()["rechecks"] == 1


def test_an_overdue_takedown_is_reminded_then_escalated(noticed, policy, django_capture_on_commit_callbacks):
    due = noticed.takedown_due_at
    sent_before = len(mail.outbox)
    with as_of(due - timedelta(minutes=1)):
        assert services.sweep()["reminded"] == 0
    with as_of(due + timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        assert services.sweep()["reminded"] == 1
    noticed.refresh_from_db()
    reminder = noticed.notices.get(kind=Notice.Kind.REMINDER)
    assert noticed.escalation_level == 1 and reminder.recipient == noticed.platform
    assert (
        mail.outbox[sent_before].to == ["takedown@xinghe.example.cn"]
        and "催告函" in mail.outbox[sent_before].subject
    )
    with (
        as_of(due + timedelta(hours=float(policy.escalate_after_hours), minutes=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.sweep()["escalated"] == 1
    noticed.refresh_from_db()
    assert noticed.state == Case.State.ESCALATED
    assert (
        noticed.notices.get(kind=Notice.Kind.ESCALATION).deliveries.get().target == "legal@xinghe.example.cn"
    )
    assert mail.outbox[-1].to == ["legal@xinghe.example.cn"]
    with as_of(due + timedelta(hours=30)):
        assert services.sweep()["escalated"] == 0  # once


def test_a_reported_takedown_that_the_recheck_contradicts_goes_back_to_waiting(
    noticed, platform_user, django_capture_on_commit_callbacks
):
    notice = noticed.notices.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_takedown(notice, platform_user, "已处理")  # re-checked at once: still online
    noticed.refresh_from_db()
    assert noticed.state == Case.State.NOTICE_SENT and noticed.taken_down_at is None
    assert list(noticed.events.values_list("action", flat=True))[-2:] == [
        "takedown_reported",
        "takedown_not_verified",
    ]


def test_a_recheck_that_cannot_reach_the_platform_decides_nothing(noticed, fake_platform):
    from microdrama.monitoring.models import Candidate

    Candidate.objects.filter(pk=noticed.candidate_id).update(url="http://127.0.0.1:9/v/x")
    assert services.recheck(noticed.pk) == "unknown"
    noticed.refresh_from_db()
    assert noticed.state == Case.State.NOTICE_SENT


def test_the_officers_are_warned_before_the_notice_clock_runs_out(open_case, officer, policy):
    case = open_case(score=0.6)  # waiting for review
    with as_of(case.detected_at + timedelta(minutes=10)):
        assert services.sweep()["warned"] == 0
    with as_of(case.notice_due_at - timedelta(minutes=20)):
        assert services.sweep()["warned"] == 1
        assert services.sweep()["warned"] == 0  # once
    assert Notification.objects.filter(user=officer, key=f"case-notice-clock:{case.pk}").exists()

"""A match over the threshold opens a case — one per suspect video and work, enforced by the
database — with its evidence in the log. A high score confirms itself and sends the letter; a
borderline score waits for an officer, who is told."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from microdrama.enforcement import services
from microdrama.enforcement.models import Case, Notice
from microdrama.hub.models import Notification
from microdrama.rights import services as rights
from tests.monitoring.fixtures import match_of, suspect

pytestmark = pytest.mark.django_db


def test_one_case_per_video_and_work_however_often_the_match_is_announced(work, web_source, fake_platform):
    candidate = suspect(web_source, fake_platform.page_url("dup"))
    matches = [
        match_of(candidate, work, 0.9, ref="episode:900"),
        match_of(candidate, work, 0.7, ref="episode:901"),
    ]
    first = services.open_cases(candidate, matches)
    again = services.open_cases(candidate, matches)
    assert len(first) == 1 and again == [] and Case.objects.count() == 1
    assert first[0].score == 0.9  # the best episode of the work stands for the case
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            candidate=candidate,
            work=work,
            score=0.5,
            url="x",
            detected_at=first[0].detected_at,
            notice_due_at=first[0].notice_due_at,
        )


def test_a_compilation_of_two_works_opens_two_cases(work, holder, holder_org, web_source, fake_platform):
    other = rights.create_work(holder, holder_org, "山那边的人")
    candidate = suspect(web_source, fake_platform.page_url("mix"))
    cases = services.open_cases(candidate, [match_of(candidate, work, 0.9), match_of(candidate, other, 0.85)])
    assert {c.work for c in cases} == {work, other}


def test_a_match_below_the_review_threshold_opens_no_case(work, web_source, fake_platform, policy):
    candidate = suspect(web_source, fake_platform.page_url("weak"))
    assert services.open_cases(candidate, [match_of(candidate, work, policy.review_threshold - 0.01)]) == []


def test_a_borderline_score_waits_for_an_officer_who_is_told(open_case, officer, policy):
    case = open_case(score=(policy.review_threshold + policy.confirm_threshold) / 2)
    assert case.state == Case.State.DETECTED and not case.notices.exists()
    assert {"fetch", "match"} <= set(case.evidence_items.values_list("kind", flat=True))
    note = Notification.objects.get(user=officer, key=f"case-review:{case.pk}")
    assert case.number in note.title and note.url.endswith(f"/enforcement/cases/{case.pk}/")
    assert (case.notice_due_at - case.detected_at).total_seconds() == pytest.approx(
        float(policy.notice_hours) * 3600
    )


def test_a_high_score_confirms_itself_and_the_letter_goes_out(open_case, profile, policy):
    case = open_case(score=max(0.95, policy.confirm_threshold))
    assert case.auto_confirmed and case.state == Case.State.NOTICE_SENT
    notice = case.notices.get(kind=Notice.Kind.NOTICE)
    assert notice.recipient == case.platform and notice.sent_at and notice.pdf.read(4) == b"%PDF"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["takedown@xinghe.example.cn"]
    assert mail.outbox[0].attachments[0][0] == f"{notice.number}.pdf"
    assert list(case.events.values_list("action", flat=True))[:4] == [
        "detected",
        "evidence",
        "confirm",
        "notice_sent",
    ]


def test_a_duplicate_of_a_copy_is_noted_on_the_case_of_the_original(open_case, web_source, fake_platform):
    case = open_case(score=0.7)
    twin = suspect(web_source, fake_platform.page_url("twin"), sha256=case.candidate.sha256 + "x")
    services.note_duplicate(twin, case.candidate)
    event = case.events.get(action="duplicate_seen")
    assert event.data["url"] == twin.url

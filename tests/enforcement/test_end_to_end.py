"""The copyright centre end to end, with real parts on 127.0.0.1: an episode is registered; a
pirated, altered copy appears on the test platform; the platform search finds it; a case opens with
its evidence; the warning letter arrives by e-mail (real SMTP server) and by signed webhook; the
platform removes the video; the scheduled re-check sees it gone and closes the case."""

from __future__ import annotations

import email
import json
import time
from pathlib import Path

import pytest

from microdrama.enforcement import services as enforcement
from microdrama.enforcement.models import Case, Delivery, EvidenceItem
from microdrama.monitoring import services as monitoring
from microdrama.monitoring.models import Candidate
from microdrama.rights import evidence
from tests.monitoring.fixtures import TITLE, make_source, publish

pytestmark = pytest.mark.slow
REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "copyright-e2e.json"


def test_a_pirated_copy_is_found_noticed_taken_down_and_closed(
    registered,
    clips,
    fake_platform,
    private_ok,
    eager,
    profile,
    smtp_server,
    platform_org,
    django_capture_on_commit_callbacks,
):
    publish(fake_platform, "x1", clips["pirated"])
    source = make_source(
        "search", platform_org, search_url_template=f"{fake_platform.base}/search?q={{query}}"
    )

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        run = monitoring.run_now(source)
    pipeline_seconds = time.monotonic() - started

    run.refresh_from_db()
    candidate = Candidate.objects.get(url=fake_platform.page_url("x1"))
    assert candidate.status == Candidate.Status.MATCHED, candidate.error
    assert candidate.query == TITLE and candidate.media_url == fake_platform.media_url("x1")
    assert candidate.uploader == "盗版哥"  # from the video page's own metadata
    case = Case.objects.get(candidate=candidate)
    assert case.work == registered.work and case.episode == registered
    assert case.state == Case.State.NOTICE_SENT and case.auto_confirmed

    # evidence: fetch record with the SHA-256 of what was fetched, the match, frame pairs as JPEG
    kinds = set(case.evidence_items.values_list("kind", flat=True))
    assert {"fetch", "match", "frames", "letter"} <= kinds
    fetch = case.evidence_items.get(kind=EvidenceItem.Kind.FETCH)
    assert fetch.data["sha256"] == candidate.sha256 and fetch.data["url"] == candidate.url
    assert fetch.data["uploader"] == "盗版哥" and fetch.data["fetched_at"]
    frames = case.evidence_items.filter(kind=EvidenceItem.Kind.FRAMES)
    assert frames.count() >= 2
    assert all(f.reference_image.read(3) == b"\xff\xd8\xff" for f in frames)

    # the letter arrived by mail, with the PDF attached, and by signed webhook
    assert len(smtp_server.messages) == 1
    message = email.message_from_bytes(smtp_server.messages[0].content)
    assert smtp_server.messages[0].rcpt_tos == ["takedown@xinghe.example.cn"]
    pdfs = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    assert len(fake_platform.webhook_calls) == 1
    hook = fake_platform.webhook_calls[0]["payload"]
    assert hook["infringing_url"] == candidate.url and hook["work"] == TITLE
    assert set(Delivery.objects.filter(notice__case=case).values_list("status", flat=True)) == {"delivered"}
    assert fake_platform.videos["x1"].removed  # the platform's webhook took it down

    # the scheduled re-check finds it gone and closes the case
    with django_capture_on_commit_callbacks(execute=True):
        enforcement.sweep()
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.REMOVED
    assert case.disappeared_at and case.notice_sent_at <= case.notice_due_at
    actions = list(case.events.values_list("action", flat=True))
    assert actions[:4] == ["detected", "evidence", "confirm", "notice_sent"] and actions[-2:] == [
        "disappeared",
        "close",
    ]
    assert evidence.verify_log()["ok"]

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "detection_to_notice_seconds": round(case.time_to_notice, 3),
                "discovery_to_detection_seconds": round(
                    (case.detected_at - candidate.discovered_at).total_seconds(), 3
                ),
                "notice_to_takedown_seconds": round(case.time_to_takedown, 3),
                "whole_pipeline_wall_seconds": round(pipeline_seconds, 3),
                "score": case.score,
            },
            indent=2,
        )
    )
    print(
        f"\ndetection → notice: {case.time_to_notice:.2f} s; discovery → detection: "
        f"{(case.detected_at - candidate.discovered_at).total_seconds():.2f} s"
    )

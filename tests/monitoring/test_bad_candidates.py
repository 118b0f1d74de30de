"""Bad input on a platform never stops monitoring and never loses anything: each candidate that
cannot be used is rejected with the reason in its run's log; a host that does not answer is tried
again with doubling back-off (the candidate waits, queued, with its next attempt time) and given up
only after the last try; the same URL is never taken twice."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from microdrama.hub.timetravel import as_of
from microdrama.monitoring import pipeline, services, tasks
from microdrama.monitoring.discovery import Item
from microdrama.monitoring.models import Candidate, RunLogEntry

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def candidate_for(source, url, media_url=""):
    run = services.start_run(source)
    return services.add_candidate(source, run, Item(url=url, media_url=media_url))[0]


@pytest.mark.parametrize(
    "vid, code, words",
    [
        ("html", "html_not_video", "网页而不是视频"),
        ("huge", "too_large", "超过上限"),
        ("to-private", "private_address", "内网"),
        ("firehose", "too_large", "大小上限"),
    ],
)
def test_unusable_downloads_are_rejected_with_the_reason_in_the_run_log(
    fake_platform, private_ok, vid, code, words
):
    source = make_source("feed", feed_url=fake_platform.base + "/feed.json", max_bytes=3 * 1024 * 1024)
    c = candidate_for(source, fake_platform.page_url(vid), fake_platform.media_url(vid))
    assert pipeline.fetch(c.pk) == "rejected"
    c.refresh_from_db()
    assert c.status == Candidate.Status.REJECTED and c.error_code == code and c.next_attempt_at is None
    line = c.run.log.get(level=RunLogEntry.Level.ERROR)
    assert words in line.message and line.url == c.url and line.code == code
    assert pipeline.fetch(c.pk) == "skipped"  # a second delivery of the task does nothing


def test_a_stream_that_never_ends_is_cut_off_and_logged(fake_platform, private_ok):
    source = make_source(
        "feed", feed_url=fake_platform.base + "/feed.json", fetch_timeout=1, max_bytes=10**12
    )
    c = candidate_for(source, fake_platform.page_url("endless"), fake_platform.media_url("endless"))
    assert pipeline.fetch(c.pk) == "rejected"
    assert "仍未结束" in c.run.log.get(level="error").message


def test_an_unreachable_host_is_retried_with_back_off_then_given_up(private_ok, eager):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    source = make_source("feed", feed_url=f"http://127.0.0.1:{port}/feed.json")
    c = candidate_for(source, f"http://127.0.0.1:{port}/v/1", f"http://127.0.0.1:{port}/m/1.mp4")
    assert pipeline.fetch(c.pk) == "retry"
    c.refresh_from_db()
    waits = [round((c.next_attempt_at - c.claimed_at).total_seconds() / 60)]
    while c.status == Candidate.Status.QUEUED:
        with as_of(c.next_attempt_at + timedelta(seconds=1)):
            assert tasks.retry_candidates.run() == 1  # the periodic sweep takes it up again, at its time
        c.refresh_from_db()
        if c.next_attempt_at:
            waits.append(round((c.next_attempt_at - c.claimed_at).total_seconds() / 60))
    c.refresh_from_db()
    assert c.status == Candidate.Status.FAILED and c.attempts == pipeline.MAX_ATTEMPTS
    assert waits == [2, 4, 8]  # doubling back-off between the tries
    log = list(c.run.log.values_list("level", "message"))
    assert sum(1 for level, _m in log if level == "warning") == pipeline.MAX_ATTEMPTS - 1
    assert "放弃" in log[-1][1] and log[-1][0] == "error"


def test_a_waiting_candidate_is_not_fetched_before_its_time(private_ok):
    source = make_source("feed", feed_url="http://127.0.0.1:9/feed.json")
    c = candidate_for(source, "http://127.0.0.1:9/v/1", "http://127.0.0.1:9/m/1.mp4")
    Candidate.objects.filter(pk=c.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert pipeline.due_for_retry() == []
    assert pipeline.due_for_retry(timezone.now() + timedelta(minutes=6)) == [c.pk]


def test_a_fetch_left_behind_by_a_dead_worker_is_taken_up_again(private_ok):
    source = make_source("feed", feed_url="http://127.0.0.1:9/feed.json", fetch_timeout=60)
    c = candidate_for(source, "http://127.0.0.1:9/v/2", "http://127.0.0.1:9/m/2.mp4")
    Candidate.objects.filter(pk=c.pk).update(
        status=Candidate.Status.FETCHING, claimed_at=timezone.now() - timedelta(hours=2)
    )
    assert pipeline.due_for_retry() == [c.pk]
    c.refresh_from_db()
    assert c.status == Candidate.Status.QUEUED


def test_the_same_url_is_one_candidate_even_when_listed_twice(fake_platform, private_ok):
    source = make_source("feed", feed_url=fake_platform.base + "/feed.json")
    first = candidate_for(source, fake_platform.page_url("x") + "#top")
    second = candidate_for(source, fake_platform.page_url("x").replace("http://", "HTTP://"))
    assert first.pk == second.pk and Candidate.objects.count() == 1

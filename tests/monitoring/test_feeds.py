"""Feeds of video URLs: RSS 2.0, Atom and JSON listings all become candidates with their page, the
video file when named, title, uploader and publication time; a feed we cannot read fails the run
with a clear message and is tried again sooner (doubling back-off), never later than its schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from microdrama.monitoring import services
from microdrama.monitoring.discovery.feed import parse_json, parse_xml
from microdrama.monitoring.models import Candidate, Run

from .fixtures import make_source

pytestmark = pytest.mark.django_db

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
 <entry><title>赣水长流 第2集</title><link rel="alternate" href="/watch/2"/>
  <link rel="enclosure" type="video/mp4" href="https://cdn.example.com/2.mp4"/>
  <author><name>搬运工</name></author><published>2026-03-02T10:00:00Z</published></entry>
</feed>"""


def test_json_rss_and_atom_listings_are_understood():
    items = parse_json(
        '{"videos": [{"link": "/v/1", "file": "/m/1.mp4", "title": "甲", "author": {"name": "乙"},'
        ' "date": "2026-03-01T08:00:00+08:00"}, "https://x.example.com/v/2", {"nothing": 1}]}',
        "https://x.example.com/feed",
    )
    assert [(i.url, i.media_url, i.title, i.uploader) for i in items] == [
        ("https://x.example.com/v/1", "https://x.example.com/m/1.mp4", "甲", "乙"),
        ("https://x.example.com/v/2", "", "", ""),
    ]
    assert items[0].published_at.utcoffset() == timedelta(hours=8)
    atom = parse_xml(ATOM, "https://a.example.com/feed.atom")
    assert [(i.url, i.media_url, i.uploader) for i in atom] == [
        ("https://a.example.com/watch/2", "https://cdn.example.com/2.mp4", "搬运工")
    ]


def test_entity_bombs_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><rss><channel><item><title>&g;&g;&g;&g;&g;&g;</title>'
        "<link>https://x/1</link></item></channel></rss>"
    )
    with pytest.raises(Exception):  # noqa: B017 - expat refuses the amplification, whatever it calls it
        parse_xml(bomb, "https://x/")


@pytest.mark.parametrize("path", ["/feed.json", "/feed.xml"])
def test_a_feed_source_turns_each_entry_into_one_queued_candidate(
    fake_platform, private_ok, platform_org, path, django_capture_on_commit_callbacks
):
    fake_platform.add("a1", "赣水长流 第1集", "搬运工甲", None)
    fake_platform.add("a2", "赣水长流 第2集", "搬运工乙", None)
    source = make_source("feed", platform_org, feed_url=fake_platform.base + path)
    with django_capture_on_commit_callbacks() as queued:
        run = services.execute_run(services.start_run(source))
    assert run.status == Run.Status.OK and (run.found, run.new) == (2, 2)
    assert len(queued) == 2  # one fetch task each
    got = {c.url: c for c in Candidate.objects.filter(source=source)}
    first = got[fake_platform.page_url("a1")]
    assert first.media_url == fake_platform.media_url("a1") and first.uploader == "搬运工甲"
    assert first.platform == platform_org and first.status == Candidate.Status.QUEUED and first.published_at

    again = services.execute_run(services.start_run(source))  # the same URLs next time: nothing new
    assert (again.found, again.new, again.duplicates) == (2, 0, 2)
    assert Candidate.objects.filter(source=source).count() == 2


def test_an_unreachable_feed_fails_the_run_and_backs_off(private_ok):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    source = make_source("feed", feed_url=f"http://127.0.0.1:{port}/feed.json", interval_minutes=60)
    waits = []
    for _ in range(3):
        before = timezone.now()
        run = services.execute_run(services.start_run(source))
        source.refresh_from_db()
        waits.append(round((source.next_run_at - before).total_seconds() / 60))
        assert run.status == Run.Status.FAILED
        error = run.log.get(level="error")
        assert (
            "读取订阅源失败" in error.message and "无法连接" in error.message and error.code == "unreachable"
        )
    assert waits == [1, 2, 4] and source.consecutive_failures == 3


def test_a_feed_in_an_unknown_format_is_a_clear_error(fake_platform, private_ok):
    source = make_source("feed", feed_url=fake_platform.base + "/search?q=x")  # an HTML page, not a feed
    run = services.execute_run(services.start_run(source))
    assert run.status == Run.Status.FAILED
    assert "订阅源格式无法识别" in run.log.get(level="error").message


def test_a_missing_credential_is_named_and_never_guessed(fake_platform, private_ok, monkeypatch):
    source = make_source(
        "feed", feed_url=fake_platform.base + "/feed.json", credential_env="FEED_TOKEN_FOR_TEST"
    )
    monkeypatch.delenv("FEED_TOKEN_FOR_TEST", raising=False)
    run = services.execute_run(services.start_run(source))
    assert run.status == Run.Status.FAILED and "凭据环境变量 FEED_TOKEN_FOR_TEST 未设置" in run.message
    monkeypatch.setenv("FEED_TOKEN_FOR_TEST", "Bearer s3cret")
    run = services.execute_run(services.start_run(source))
    assert run.status == Run.Status.OK
    assert fake_platform.headers_seen[-1].get("Authorization") == "Bearer s3cret"
    assert "s3cret" not in str(source.__dict__)  # only the variable's name is stored

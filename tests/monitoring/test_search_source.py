"""Platform search: the works' titles, aliases and characters' names are searched on the platform's
search page (URL template), video-page links become candidates, and each page is read by yt-dlp's
generic extractor to find the video file, the title and the uploader's page."""

from __future__ import annotations

import pytest

from microdrama.monitoring import pipeline, services
from microdrama.monitoring.discovery.search import keywords, result_links
from microdrama.monitoring.models import Candidate, Run
from microdrama.rights import services as rights

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def test_keywords_are_the_titles_aliases_and_characters_plus_the_sources_own(holder, holder_org):
    rights.create_work(holder, holder_org, "赣水长流", aliases=["赣水", "林秋月"])
    rights.create_work(holder, holder_org, "山那边的人")
    source = make_source(
        "search", search_url_template="https://x.example.com/s?q={query}", keywords=["盗版合集"]
    )
    assert sorted(keywords(source)) == sorted(["赣水长流", "赣水", "林秋月", "山那边的人", "盗版合集"])
    source.works.set([rights.create_work(holder, holder_org, "只搜这一部")])
    assert keywords(source) == ["只搜这一部", "盗版合集"]


def test_only_same_site_links_that_look_like_video_pages_are_results():
    html = (
        '<a href="/v/1">甲</a><a href="/about">关于</a><a href="https://other.example.com/v/2">外站</a>'
        '<a href="/v/1#comments">甲</a><a href="/video/3">丙</a>'
    )
    assert result_links(html, "https://p.example.com/search?q=x", r"/(v|video)/") == [
        ("https://p.example.com/v/1", "甲"),
        ("https://p.example.com/video/3", "丙"),
    ]


def test_a_search_finds_video_pages_and_the_generic_extractor_finds_their_files(
    fake_platform, private_ok, platform_org, holder, holder_org, clips
):
    rights.create_work(holder, holder_org, "赣水长流", aliases=["林秋月"])
    fake_platform.add("p1", "赣水长流 第1集", "搬运工", clips["other"])
    fake_platform.add("p2", "林秋月的秘密 合集", "另一个号", clips["other"])
    fake_platform.add("p3", "无关视频", "路人", clips["other"])
    source = make_source(
        "search", platform_org, search_url_template=f"{fake_platform.base}/search?q={{query}}"
    )
    run = services.execute_run(services.start_run(source))
    assert run.status == Run.Status.OK
    found = {c.url: c for c in Candidate.objects.filter(source=source)}
    assert set(found) == {fake_platform.page_url("p1"), fake_platform.page_url("p2")}
    assert found[fake_platform.page_url("p2")].query == "林秋月"
    assert run.log.filter(code="searched").count() == 2

    candidate = found[fake_platform.page_url("p1")]
    assert pipeline.fetch(candidate.pk) == "fetched"
    candidate.refresh_from_db()
    assert candidate.media_url == fake_platform.media_url("p1")
    assert candidate.status == Candidate.Status.FINGERPRINTING and candidate.duration == pytest.approx(
        8, abs=0.5
    )


def test_a_channel_page_on_the_platform_is_listed_like_a_search(fake_platform, private_ok):
    fake_platform.add("c1", "某剧 第1集", "搬运工", None)
    fake_platform.add("c2", "某剧 第2集", "搬运工", None)
    fake_platform.add("c3", "别人的", "路人", None)
    source = make_source(
        "search",
        search_url_template=f"{fake_platform.base}/search?q={{query}}",
        channel_urls=[f"{fake_platform.base}/channel/搬运工"],
    )
    services.execute_run(services.start_run(source))
    assert set(Candidate.objects.filter(source=source).values_list("url", flat=True)) == {
        fake_platform.page_url("c1"),
        fake_platform.page_url("c2"),
    }


def test_a_video_page_without_a_video_is_rejected_with_the_reason(fake_platform, private_ok):
    source = make_source("search", search_url_template=f"{fake_platform.base}/search?q={{query}}")
    run = services.start_run(source)
    from microdrama.monitoring.discovery import Item

    candidate, _ = services.add_candidate(source, run, Item(url=fake_platform.base + "/about"))
    assert pipeline.fetch(candidate.pk) in ("rejected", "retry")
    candidate.refresh_from_db()
    assert candidate.error and run.log.filter(url=candidate.url).exists()


def test_a_search_source_needs_something_to_search(private_ok):
    run = services.execute_run(services.start_run(make_source("search")))
    assert run.status == Run.Status.FAILED and "未配置" in run.message

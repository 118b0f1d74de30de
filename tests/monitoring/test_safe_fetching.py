"""Downloads cannot be turned against the platform or flood it: private addresses are refused (also
after a redirect), HTML is not taken for video, a 10 GB "video" and a stream that never ends are cut
off, an unreachable host is an error worth retrying."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdrama.monitoring.download import Limits, download
from microdrama.monitoring.net import AddressPolicy, FetchError, fetch_text

MB = 1024 * 1024
LIMITS = Limits(max_bytes=5 * MB, max_duration=600, max_seconds=2.0, read_timeout=5)


def fetch(platform, vid, tmp_path, policy=None, limits=LIMITS):
    return download(
        platform.media_url(vid), tmp_path / "v.mp4", policy or AddressPolicy.for_source(True), limits
    )


@given(st.ip_addresses(v=4))
def test_without_an_opt_in_only_global_addresses_are_ever_permitted(ip):
    assert AddressPolicy().permits(ip) == (ip.is_global and not ip.is_multicast)


@given(st.ip_addresses(v=6))
def test_ipv6_and_mapped_ipv4_addresses_follow_the_same_rule(ip):
    mapped = ip.ipv4_mapped
    expected = (mapped or ip).is_global and not (mapped or ip).is_multicast
    assert AddressPolicy().permits(ip) == expected


def test_loopback_is_refused_unless_the_source_opts_in_and_the_settings_allow_it(fake_platform, settings):
    settings.MONITORING_PRIVATE_NETWORKS = []
    with pytest.raises(FetchError) as refused:
        fetch_text(fake_platform.base + "/feed.json", AddressPolicy.for_source(True))
    assert refused.value.code == "private_address" and "127.0.0.1" in str(refused.value)
    settings.MONITORING_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    with pytest.raises(FetchError, match="内网"):
        fetch_text(fake_platform.base + "/feed.json", AddressPolicy.for_source(False))
    text, _url, _type = fetch_text(fake_platform.base + "/feed.json", AddressPolicy.for_source(True))
    assert text.startswith("{")


def test_the_allow_list_is_exact_a_neighbouring_network_stays_closed(settings):
    settings.MONITORING_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    policy = AddressPolicy.for_source(True)
    assert policy.permits(ipaddress.ip_address("127.0.0.1"))
    assert not policy.permits(ipaddress.ip_address("10.0.0.1"))
    assert not policy.permits(ipaddress.ip_address("169.254.169.254"))


def test_a_redirect_to_a_private_address_is_refused(fake_platform, private_ok, tmp_path):
    with pytest.raises(FetchError) as refused:
        fetch(fake_platform, "to-private", tmp_path)
    assert refused.value.code == "private_address" and "169.254.169.254" in str(refused.value)
    assert not refused.value.retry


@pytest.mark.parametrize("vid", ["html", "html-as-mp4"])
def test_html_where_a_video_was_promised_is_refused(fake_platform, private_ok, tmp_path, vid):
    with pytest.raises(FetchError, match="网页而不是视频") as refused:
        fetch(fake_platform, vid, tmp_path)
    assert refused.value.code == "html_not_video" and not (tmp_path / "v.mp4").exists()


def test_a_10_gb_video_is_refused_from_its_declared_length_without_downloading(
    fake_platform, private_ok, tmp_path
):
    with pytest.raises(FetchError, match=r"10\.0 GB 超过上限") as refused:
        fetch(fake_platform, "huge", tmp_path)
    assert refused.value.code == "too_large" and not (tmp_path / "v.mp4").exists()


def test_a_stream_without_a_length_is_cut_off_at_the_size_cap(fake_platform, private_ok, tmp_path):
    with pytest.raises(FetchError, match="超过大小上限") as refused:
        fetch(fake_platform, "firehose", tmp_path, limits=Limits(2 * MB, 600, 60.0))
    assert refused.value.code == "too_large" and not (tmp_path / "v.mp4").exists()


def test_a_stream_that_never_ends_is_cut_off_by_time(fake_platform, private_ok, tmp_path):
    with pytest.raises(FetchError, match="仍未结束") as refused:
        fetch(fake_platform, "endless", tmp_path, limits=Limits(10**12, 600, 1.0))
    assert refused.value.code == "too_slow"


def test_an_unreachable_host_is_an_error_worth_retrying(private_ok, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(FetchError) as failed:
        download(f"http://127.0.0.1:{port}/v.mp4", tmp_path / "v.mp4", AddressPolicy.for_source(True), LIMITS)
    assert failed.value.code == "unreachable" and failed.value.retry


def test_a_real_video_arrives_hashed_and_probed(fake_platform, private_ok, tmp_path, clips):
    import hashlib

    fake_platform.add("ok", "t", "u", clips["other"])
    got = fetch(fake_platform, "ok", tmp_path)
    assert got.sha256 == hashlib.sha256(clips["other"].read_bytes()).hexdigest()
    assert got.info.duration == pytest.approx(8, abs=0.5)


def test_a_video_longer_than_the_limit_is_refused(fake_platform, private_ok, tmp_path, clips):
    fake_platform.add("long", "t", "u", clips["other"])
    with pytest.raises(FetchError, match="超过上限") as refused:
        fetch(fake_platform, "long", tmp_path, limits=Limits(5 * MB, 5, 10.0))
    assert refused.value.code == "too_long" and not (tmp_path / "v.mp4").exists()

"""A marked copy names its payload after the attacks a leak goes through; an unmarked one does not."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microdrama.timespan import Span
from microdrama.watermark import detect

from .conftest import PAYLOAD
from .synthetic import transform


def test_the_marked_copy_reads_back_its_payload(marked_video):
    found = detect(marked_video[0])
    assert found.present
    assert found.payload == PAYLOAD
    assert found.payload_int == int(PAYLOAD, 16)
    assert found.confidence > 0.999999
    assert found.log10_false_positive < -6
    assert found.mirrored is False


def test_the_unmarked_source_is_absent(source_video):
    found = detect(source_video)
    assert not found.present
    assert found.log10_false_positive > -6


def test_another_key_does_not_see_the_mark(marked_video):
    found = detect(marked_video[0], key="some-other-deployment-key")
    assert not found.present


def test_an_excerpt_of_the_copy_is_enough(marked_video):
    found = detect(marked_video[0], span=Span(1.0, 5.0))
    assert found.present and found.payload == PAYLOAD
    assert 90 <= found.frames <= 110  # 4 s at 25 fps


@pytest.mark.parametrize(
    ("name", "attack"),
    [
        ("h264-crf28", dict(crf=28)),
        ("h265-crf28", dict(codec="libx265", crf=28)),
        ("brighter-and-contrastier", dict(gain=1.2, offset=12, crf=26)),
        ("mirrored", dict(mirror=True, crf=26)),
    ],
)
def test_the_payload_survives_a_single_attack(tmp_path, marked_video, name, attack):
    found = detect(transform(marked_video[0], tmp_path / f"{name}.mp4", **attack))
    assert found.present, name
    assert found.payload == PAYLOAD
    assert found.mirrored is bool(attack.get("mirror"))


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    left=st.floats(0.0, 0.07),
    top=st.floats(0.0, 0.05),
    right=st.floats(0.0, 0.03),
    bottom=st.floats(0.0, 0.05),
    mirror=st.booleans(),
)
def test_the_payload_survives_off_centre_crops_with_or_without_mirroring(
    tmp_path, marked_video, left, top, right, bottom, mirror
):
    out = transform(
        marked_video[0], tmp_path / "crop.mp4", crop=(left, top, right, bottom), mirror=mirror, crf=24
    )
    found = detect(out)
    assert found.present and found.payload == PAYLOAD
    assert found.mirrored is mirror


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(scale=st.floats(0.8, 1.5))
def test_the_payload_survives_rescaling(tmp_path, marked_video, scale):
    found = detect(transform(marked_video[0], tmp_path / "scaled.mp4", scale=scale, crf=22))
    assert found.present and found.payload == PAYLOAD
    assert found.scale is not None


def test_a_registry_of_issued_payloads_is_used_and_reported(marked_video, source_video):
    issued = {PAYLOAD, "00000000000000ff", 12345}
    found = detect(marked_video[0], issued=issued)
    assert found.present and found.issued is True
    # Judged against three candidates instead of 2^64: a far smaller bound for the same evidence.
    assert found.log10_false_positive < detect(marked_video[0]).log10_false_positive - 10
    assert not detect(source_video, issued=issued).present


def test_a_payload_outside_the_registry_is_not_helped_by_it(marked_video):
    blind = detect(marked_video[0])
    found = detect(marked_video[0], issued={0x1111111111111111})
    assert found.issued is False
    assert found.log10_false_positive == blind.log10_false_positive

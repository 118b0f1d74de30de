"""Black and frozen stretches are found where they are, with start and end; short fades at the
edges are not complaints; a picture black or still throughout is an error."""

from __future__ import annotations

from functools import cache

import pytest

from microdrama.media.qc import QCSpec, check_cut

from . import qc_media

NO_TEXT = QCSpec(text_reader="off")
STEP = 1 / QCSpec().analysis_fps  # spans are measured on frames sampled this far apart


@cache
def episode_report():
    return qc_media.checked(qc_media.episode)


def test_a_three_second_black_stretch_is_found_with_its_start_and_end():
    (black,) = episode_report().black
    assert black.start == pytest.approx(qc_media.EPISODE_BLACK[0], abs=STEP)
    assert black.end == pytest.approx(qc_media.EPISODE_BLACK[1], abs=STEP)
    (finding,) = [f for f in episode_report().findings if f.code == "black_stretch"]
    assert finding.severity == "warning"
    assert finding.spans == (black,)
    assert "黑场" in finding.message and "00:05" in finding.message


def test_a_frozen_stretch_is_found_with_its_start_and_end():
    (frozen,) = episode_report().frozen
    assert frozen.start == pytest.approx(qc_media.EPISODE_FROZEN[0], abs=STEP)
    assert frozen.end == pytest.approx(qc_media.EPISODE_FROZEN[1], abs=STEP)
    assert "frozen_stretch" in episode_report().codes()


def test_black_is_not_also_reported_as_frozen():
    for frozen in episode_report().frozen:
        for black in episode_report().black:
            assert frozen.overlap(black) < STEP


def test_a_moving_picture_has_no_black_or_frozen_stretch():
    report = qc_media.checked(qc_media.clean)
    assert report.black == () and report.frozen == ()


def test_a_black_stretch_shorter_than_the_minimum_is_not_a_finding():
    report = check_cut(qc_media.episode(), spec=QCSpec(text_reader="off", black_min_s=4.0))
    assert "black_stretch" not in report.codes()


def test_a_short_fade_to_black_at_the_very_end_is_fine_but_a_longer_one_is_not():
    fade = qc_media.black_tail()  # the last 1.5 s are black
    relaxed = qc_media.checked(qc_media.black_tail)
    assert len(relaxed.black) == 1 and relaxed.black[0].end == pytest.approx(11.0, abs=STEP)
    assert "black_stretch" not in relaxed.codes()
    strict = check_cut(fade, spec=QCSpec(text_reader="off", edge_black_allowance_s=0.5))
    assert "black_stretch" in strict.codes()


def test_a_black_picture_throughout_is_an_error():
    report = qc_media.checked(qc_media.black_and_mute)
    assert "all_black" in {f.code for f in report.errors}
    assert not report.passed


def test_a_still_image_held_as_a_video_is_an_error():
    report = qc_media.checked(qc_media.still_image)
    assert "all_frozen" in {f.code for f in report.errors}


def test_phone_footage_with_a_rotation_flag_is_judged_as_displayed():
    report = qc_media.checked(qc_media.rotated)
    assert report.media.display_size == (540, 960)
    assert report.media.orientation == "portrait"
    assert "orientation_unexpected" not in report.codes()


def test_one_core_and_full_decoding_find_the_same_stretches():
    report = check_cut(
        qc_media.episode(), spec=QCSpec(text_reader="off", decoder_threads=1, fast_decode=False)
    )
    assert len(report.black) == len(episode_report().black) == 1
    assert report.black[0].iou(episode_report().black[0]) > 0.85
    assert report.frozen[0].iou(episode_report().frozen[0]) > 0.85

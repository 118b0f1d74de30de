"""Container, codec, resolution, frame rate, orientation and duration against the spec."""

from __future__ import annotations

import pytest

from microdrama.media.qc import QCSpec, check_cut

from . import qc_media

NO_TEXT = QCSpec(text_reader="off")


def test_a_cut_that_meets_the_spec_passes_without_warnings():
    report = check_cut(qc_media.clean(), declared_duration=qc_media.CLEAN_SECONDS, spec=NO_TEXT)
    assert report.passed
    assert report.errors == () and report.warnings == ()
    assert report.container == "mp4"
    assert report.duration == pytest.approx(qc_media.CLEAN_SECONDS, abs=0.05)


def test_container_codec_and_frame_rate_outside_the_spec_are_errors():
    report = qc_media.checked(qc_media.avi_mpeg4)
    errors = {f.code: f for f in report.errors}
    assert report.container == "avi"
    assert {"container_not_allowed", "video_codec_not_allowed", "frame_rate_out_of_range"} <= set(errors)
    assert errors["video_codec_not_allowed"].measured == "mpeg4"
    assert errors["frame_rate_out_of_range"].measured == pytest.approx(15.0)


def test_a_spec_can_allow_what_the_default_refuses():
    spec = QCSpec(text_reader="off", containers=("avi",), video_codecs=("mpeg4",), min_fps=10)
    codes = check_cut(qc_media.avi_mpeg4(), spec=spec).codes()
    assert not {"container_not_allowed", "video_codec_not_allowed", "frame_rate_out_of_range"} & codes


def test_a_small_landscape_picture_is_too_low_and_the_wrong_way_round():
    report = qc_media.checked(qc_media.landscape_no_audio)
    (low,) = [f for f in report.findings if f.code == "resolution_too_low"]
    assert low.severity == "error" and low.measured == "640x360"
    (turned,) = [f for f in report.findings if f.code == "orientation_unexpected"]
    assert turned.severity == "warning" and "横屏" in turned.message


def test_orientation_expectation_is_configurable():
    spec = QCSpec(text_reader="off", orientation="landscape", min_short_side=360)
    report = check_cut(qc_media.landscape_no_audio(), spec=spec)
    assert not {"orientation_unexpected", "resolution_too_low"} & report.codes()
    portrait = check_cut(qc_media.clean(), spec=QCSpec(text_reader="off", orientation="landscape"))
    assert "orientation_unexpected" in portrait.codes()
    assert (
        "orientation_unexpected"
        not in check_cut(qc_media.clean(), spec=QCSpec(text_reader="off", orientation=None)).codes()
    )


def test_a_duration_within_the_tolerance_of_the_declared_one_passes():
    report = check_cut(qc_media.clean(), declared_duration=qc_media.CLEAN_SECONDS + 1.5, spec=NO_TEXT)
    assert "duration_mismatch" not in report.codes()


def test_a_duration_far_from_the_declared_one_is_an_error_saying_by_how_much():
    report = check_cut(qc_media.clean(), declared_duration=60.0, spec=NO_TEXT)
    (mismatch,) = [f for f in report.findings if f.code == "duration_mismatch"]
    assert mismatch.severity == "error"
    assert "短 49.0 秒" in mismatch.message
    assert not report.passed


def test_a_declared_duration_must_be_positive():
    with pytest.raises(ValueError):
        check_cut(qc_media.clean(), declared_duration=0)


def test_a_very_short_episode_is_a_warning():
    report = qc_media.checked(qc_media.rotated)
    assert "duration_too_short" in {f.code for f in report.warnings}


def test_an_episode_longer_than_the_spec_allows_is_a_warning():
    report = check_cut(qc_media.clean(), spec=QCSpec(text_reader="off", min_duration_s=1, max_duration_s=10))
    (long,) = [f for f in report.findings if f.code == "duration_too_long"]
    assert long.severity == "warning" and long.measured == pytest.approx(qc_media.CLEAN_SECONDS, abs=0.05)

"""Sound: loudness per BS.1770 from the decoded track matches the theory of the tone we wrote,
silent stretches are found, and a missing or mute track is an error."""

from __future__ import annotations

import pytest

from microdrama.media.qc import QCSpec, check_cut

from . import qc_media

NO_TEXT = QCSpec(text_reader="off")


def test_a_stereo_tone_at_minus_15_dbfs_measures_minus_15_lufs_after_aac():
    report = qc_media.checked(qc_media.clean)
    loudness = report.loudness
    assert loudness.integrated_lufs == pytest.approx(-15.0, abs=0.3)
    assert loudness.loudness_range_lu == pytest.approx(0.0, abs=0.5)  # a steady tone has no range
    assert loudness.sample_peak_dbfs == pytest.approx(-15.0, abs=0.5)
    assert loudness.true_peak_dbtp >= loudness.sample_peak_dbfs
    assert "loudness_out_of_range" not in report.codes()


def test_a_quieter_programme_is_flagged_against_the_target_with_its_level():
    report = qc_media.checked(qc_media.episode)
    # the gates drop the silent stretch, so the tone's own level remains
    assert report.loudness.integrated_lufs == pytest.approx(-20.0, abs=0.3)
    (finding,) = [f for f in report.findings if f.code == "loudness_out_of_range"]
    assert finding.severity == "warning"
    assert finding.measured == pytest.approx(-20.0, abs=0.3)
    assert "LUFS" in finding.message


def test_the_loudness_target_is_configurable():
    spec = QCSpec(text_reader="off", loudness_target_lufs=-20.0, loudness_tolerance_lu=1.0)
    assert "loudness_out_of_range" not in check_cut(qc_media.episode(), spec=spec).codes()


def test_a_true_peak_above_the_ceiling_is_a_warning():
    spec = QCSpec(text_reader="off", true_peak_max_dbtp=-18.0)
    report = check_cut(qc_media.clean(), spec=spec)
    assert "true_peak_too_high" in {f.code for f in report.warnings}


def test_a_silent_stretch_is_found_with_its_start_and_end():
    report = qc_media.checked(qc_media.episode)
    (silent,) = report.silent
    assert silent.start == pytest.approx(qc_media.EPISODE_SILENT[0], abs=0.15)
    assert silent.end == pytest.approx(qc_media.EPISODE_SILENT[1], abs=0.15)
    (finding,) = [f for f in report.findings if f.code == "silence_stretch"]
    assert finding.spans == (silent,)


def test_a_cut_without_an_audio_track_is_an_error_unless_the_spec_allows_it():
    report = qc_media.checked(qc_media.landscape_no_audio)
    assert report.loudness is None
    assert "audio_missing" in {f.code for f in report.errors}
    relaxed = check_cut(qc_media.landscape_no_audio(), spec=QCSpec(text_reader="off", require_audio=False))
    assert "audio_missing" not in {f.code for f in relaxed.errors}


def test_an_audio_track_of_digital_silence_is_an_error():
    report = qc_media.checked(qc_media.black_and_mute)
    assert report.loudness.integrated_lufs is None
    assert "audio_silent" in {f.code for f in report.errors}


def test_sound_that_stops_before_the_picture_is_a_warning_with_where_it_stops():
    report = qc_media.checked(qc_media.sound_stops_early)
    (shorter,) = [f for f in report.findings if f.code == "audio_shorter"]
    assert shorter.severity == "warning"
    assert shorter.spans[0].start == pytest.approx(3.0, abs=0.1)
    assert shorter.spans[0].end == pytest.approx(8.0, abs=0.1)
    assert "truncated" not in report.codes()

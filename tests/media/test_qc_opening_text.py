"""The opening seconds: OCR reads the burned-in filing number so the filing app can compare it
with the recorded one; a cut without text in its opening gets a warning; without OCR the
heuristic still tells text from picture."""

from __future__ import annotations

import numpy as np
import pytest

from microdrama.media import text_detect
from microdrama.media.qc import QCSpec, check_cut
from microdrama.media.text_detect import HeuristicTextDetector

from . import qc_media

pytest.importorskip("rapidocr", reason="OCR package not installed")
OCR = QCSpec(text_reader="ocr")


def test_ocr_reads_the_filing_number_burned_into_the_opening():
    report = qc_media.checked(qc_media.clean, OCR)
    assert report.text_method == "ocr:rapidocr"
    assert report.opening_has_text is True
    assert report.shows_text(qc_media.FILING_NUMBER)
    assert report.shows_text("（赣）网微剧备字（2026）第00123号")  # full-width brackets, as often typed
    assert not report.shows_text("(赣)网微剧备字(2026)第00124号")
    (found,) = [f for f in report.findings if f.code == "opening_filing_number"]
    assert found.severity == "info" and found.measured == qc_media.FILING_NUMBER  # as read, brackets kept
    assert qc_media.FILING_NUMBER in found.message


def test_rotated_phone_footage_is_read_upright():
    report = qc_media.checked(qc_media.rotated, OCR)
    assert report.shows_text(qc_media.FILING_NUMBER)


def test_an_opening_without_text_gets_a_warning():
    report = qc_media.checked(qc_media.landscape_no_audio, OCR)
    assert report.opening_has_text is False
    assert report.opening_text == ()
    (warning,) = [f for f in report.findings if f.code == "opening_no_text"]
    assert warning.severity == "warning" and "备案号" in warning.message
    assert warning.spans[0].start == 0.0 and warning.spans[0].end == pytest.approx(5.0)


def test_the_opening_window_is_configurable():
    # a window shorter than one sampling step still reads the very first frame, and only that
    report = check_cut(qc_media.clean(), spec=QCSpec(text_reader="ocr", opening_s=0.01))
    assert report.shows_text(qc_media.FILING_NUMBER)
    assert "opening_no_text" not in report.codes()


def test_the_heuristic_tells_a_title_from_a_moving_picture():
    detector = HeuristicTextDetector()
    overlay_rgb, alpha = qc_media.text_overlay(540, 960)
    for t in (0.0, 1.3, 2.7):
        picture = qc_media.moving_picture(t, 540, 960)
        titled = (picture * (1 - alpha) + overlay_rgb * alpha).astype(np.uint8)
        assert detector.read(titled), f"title missed at t={t}"
        assert not detector.read(picture), f"texture taken for text at t={t}"


def test_without_ocr_the_report_falls_back_to_the_heuristic_and_says_so(monkeypatch):
    monkeypatch.setitem(text_detect._cached, "ocr", ImportError("No module named 'rapidocr'"))
    with_text = check_cut(qc_media.clean(), spec=QCSpec(text_reader="auto"))
    assert with_text.text_method == "heuristic"
    assert with_text.opening_has_text is True and with_text.opening_text == ()
    assert "text_reader_fallback" in with_text.codes()
    without = check_cut(qc_media.landscape_no_audio(), spec=QCSpec(text_reader="auto"))
    assert without.opening_has_text is False
    assert "opening_no_text" in without.codes()


def test_the_text_check_can_be_switched_off():
    report = qc_media.checked(qc_media.clean)
    assert report.opening_has_text is None and report.text_method == "off"
    assert not {"opening_no_text", "opening_filing_number"} & report.codes()

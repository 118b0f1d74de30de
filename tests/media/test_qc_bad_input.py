"""Uploads that are not usable video are refused with a specific Chinese message and a stable
code; a cut damaged part-way still gets a report that says where it breaks."""

from __future__ import annotations

import os

import pytest

from microdrama.media.qc import MediaError, QCSpec, check_cut
from microdrama.timespan import format_timecode

from . import qc_media

NO_TEXT = QCSpec(text_reader="off")


def refuse(path) -> MediaError:
    with pytest.raises(MediaError) as error:
        check_cut(path, spec=NO_TEXT)
    message = str(error.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), "the message is for a Chinese-speaking user"
    return error.value


def test_a_zero_byte_file_is_refused_as_empty(tmp_path):
    path = tmp_path / "episode01.mp4"
    path.touch()
    error = refuse(path)
    assert error.code == "empty"


def test_a_text_file_named_mp4_is_called_a_text_file(tmp_path):
    path = tmp_path / "episode01.mp4"
    path.write_text("第一集 剧本\n女主角走进办公室。\n" * 200, encoding="utf-8")
    error = refuse(path)
    assert error.code == "not_video_text"
    assert "文本文件" in str(error)


def test_random_bytes_are_an_unrecognised_format(tmp_path):
    path = tmp_path / "episode01.mp4"
    path.write_bytes(os.urandom(256 * 1024))
    error = refuse(path)
    assert error.code == "not_video"
    assert "无法识别" in str(error)


def test_a_picture_renamed_to_mp4_is_called_a_picture(tmp_path):
    from PIL import Image

    path = tmp_path / "poster.mp4"
    Image.fromarray(qc_media.moving_picture(0.0, 200, 300)).save(path, format="PNG")
    error = refuse(path)
    assert error.code.startswith("not_video")
    assert "图片" in str(error)


def test_a_document_renamed_to_mp4_says_what_it_is(tmp_path):
    path = tmp_path / "script.mp4"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    error = refuse(path)
    assert error.code == "not_video_document"
    assert "PDF" in str(error)


def test_sound_without_picture_is_refused_as_audio_only():
    error = refuse(qc_media.audio_only())
    assert error.code == "no_video"
    assert "只有声音" in str(error)


def test_an_mp4_cut_off_before_its_index_is_refused_as_truncated():
    # the default MP4 layout puts the index (moov) at the end: half a file has none
    half = qc_media.truncated_copy(qc_media.small_with_moov_at_end(), 0.5, "moov-missing.mp4")
    error = refuse(half)
    assert error.code == "truncated"
    assert "moov" in str(error) and "不完整" in str(error)


def test_an_mp4_whose_moov_box_was_removed_is_refused_as_truncated(tmp_path):
    data = qc_media.small_with_moov_at_end().read_bytes()
    at = data.index(b"moov") - 4
    path = tmp_path / "no-moov.mp4"
    path.write_bytes(data[:at])  # everything but the trailing index
    error = refuse(path)
    assert error.code == "truncated"


def test_a_cut_truncated_half_way_gets_a_report_that_says_where_it_breaks():
    half = qc_media.truncated_copy(qc_media.clean(), 0.5, "half.mp4")
    report = check_cut(half, declared_duration=qc_media.CLEAN_SECONDS, spec=NO_TEXT)
    assert not report.passed
    (truncated,) = [f for f in report.findings if f.code == "truncated"]
    assert truncated.severity == "error"
    stop = truncated.spans[0].start
    assert 2.0 < stop < qc_media.CLEAN_SECONDS - 2.0
    assert report.decoded_duration == pytest.approx(stop, abs=0.05)
    assert "截断" in truncated.message and format_timecode(stop, 1) in truncated.message
    assert "duration_mismatch" in report.codes()  # what plays is shorter than what was declared


def test_garbage_in_the_middle_of_a_cut_gives_a_report_not_a_crash(tmp_path):
    data = bytearray(qc_media.clean().read_bytes())
    middle = len(data) // 2
    data[middle : middle + 40_000] = os.urandom(40_000)
    path = tmp_path / "damaged.mp4"
    path.write_bytes(bytes(data))
    report = check_cut(path, spec=NO_TEXT)
    damaged = [f for f in report.findings if f.code in ("decode_errors", "truncated")]
    assert damaged, report.codes()
    assert 1.0 < damaged[0].spans[0].start < qc_media.CLEAN_SECONDS - 1.0  # where the bytes were hit


def test_sound_that_runs_on_after_the_picture_is_a_warning_not_a_truncation():
    report = qc_media.checked(qc_media.sound_outlasts_picture)
    assert "truncated" not in report.codes()
    (shorter,) = [f for f in report.findings if f.code == "picture_shorter"]
    assert shorter.severity == "warning"
    assert shorter.spans[0].start == pytest.approx(3.0, abs=0.1)
    assert shorter.spans[0].end == pytest.approx(6.0, abs=0.1)

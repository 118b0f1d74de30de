"""Bad input gets a clear error in Chinese and leaves nothing behind."""

from __future__ import annotations

import pytest

from microdrama.media.errors import MediaError
from microdrama.watermark import detect, embed


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: None, "missing"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("这不是视频 " * 100, encoding="utf-8"), "not_video"),
    ],
)
def test_files_that_are_not_video_are_refused_by_both(tmp_path, make, code):
    path = tmp_path / "input.mp4"
    make(path)
    with pytest.raises(MediaError) as err:
        detect(path)
    assert err.value.code == code
    with pytest.raises(MediaError):
        embed(path, tmp_path / "out.mp4", "0123456789abcdef")
    assert not (tmp_path / "out.mp4").exists()


def test_a_truncated_video_is_refused(tmp_path, marked_video):
    data = marked_video[0].read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(MediaError) as err:
        detect(cut)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


@pytest.mark.parametrize("payload", ["0123", "xyz456789abcdef0", "0123456789abcdef00", -5, 2**64])
def test_a_payload_that_is_not_64_bits_is_refused_before_any_work(tmp_path, source_video, payload):
    with pytest.raises(ValueError, match="载荷"):
        embed(source_video, tmp_path / "out.mp4", payload)
    assert not (tmp_path / "out.mp4").exists()


def test_strength_and_quality_out_of_range_are_refused(tmp_path, source_video):
    with pytest.raises(ValueError, match="强度"):
        embed(source_video, tmp_path / "a.mp4", "0123456789abcdef", strength=0)
    with pytest.raises(ValueError, match="CRF"):
        embed(source_video, tmp_path / "b.mp4", "0123456789abcdef", crf=60)


def test_the_output_may_not_overwrite_the_input(source_video):
    with pytest.raises(ValueError, match="相同"):
        embed(source_video, source_video, "0123456789abcdef")


def test_an_output_folder_that_does_not_exist_is_refused(tmp_path, source_video):
    with pytest.raises(MediaError) as err:
        embed(source_video, tmp_path / "nope" / "out.mp4", "0123456789abcdef")
    assert err.value.code == "bad_output"


def test_a_window_of_no_length_is_refused(source_video):
    with pytest.raises(ValueError, match="窗口"):
        detect(source_video, window=0)

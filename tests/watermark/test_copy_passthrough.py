"""A distribution copy is the same programme: picture size, timing, sound and metadata pass through."""

from __future__ import annotations

import av
import numpy as np

from .conftest import PAYLOAD


def _packets(path, kind):
    with av.open(str(path)) as c:
        stream = c.streams.audio[0] if kind == "audio" else c.streams.video[0]
        return [bytes(p) for p in c.demux(stream) if p.size]


def test_audio_packets_are_copied_byte_for_byte(source_video, marked_video):
    assert _packets(marked_video[0], "audio") == _packets(source_video, "audio")
    assert marked_video[1].audio == "copied"


def test_container_metadata_and_picture_shape_are_kept(source_video, marked_video):
    with av.open(str(source_video)) as a, av.open(str(marked_video[0])) as b:
        assert b.metadata.get("title") == a.metadata.get("title") == "测试片"
        va, vb = a.streams.video[0], b.streams.video[0]
        assert (vb.codec_context.width, vb.codec_context.height) == (
            va.codec_context.width,
            va.codec_context.height,
        )
        assert vb.codec_context.name == "h264"
        assert vb.average_rate == va.average_rate
        fa = [f.time for f in a.decode(va)]
        fb = [f.time for f in b.decode(vb)]
    assert len(fa) == len(fb)
    assert np.allclose(fa, fb, atol=1e-3)


def test_the_report_describes_the_copy(marked_video):
    report = marked_video[1]
    assert report.payload == PAYLOAD
    assert report.frames == 150
    assert (report.width, report.height) == (360, 640)
    assert abs(report.duration - 6.0) < 0.05
    assert report.psnr_db >= 42.0  # the mark alone
    assert report.min_frame_psnr_db >= 41.5


def test_the_mark_is_invisible_in_numbers(source_video, marked_video):
    # Delivered picture against the source: the distribution encode plus the mark stay close.
    with av.open(str(source_video)) as a, av.open(str(marked_video[0])) as b:
        ya = [f.to_ndarray(format="gray").astype(np.float64) for f in a.decode(video=0)][:40]
        yb = [f.to_ndarray(format="gray").astype(np.float64) for f in b.decode(video=0)][:40]
    mse = np.mean([(x - y) ** 2 for x, y in zip(ya, yb, strict=True)])
    assert 10 * np.log10(255**2 / mse) > 38.0


def test_odd_sizes_are_cut_to_even_and_half_rows_of_chroma_are_handled(tmp_path):
    from microdrama.watermark import embed

    from .synthetic import make_video

    # 322 × 266: the chroma planes are 133 rows high, which do not fill whole rows of PyAV's array.
    src = make_video(tmp_path / "odd.mp4", width=322, height=266, seconds=1.0, audio=False, title=None)
    report = embed(src, tmp_path / "odd-marked.mp4", "0123456789abcdef", preset="ultrafast")
    assert (report.width, report.height) == (322, 266)
    with av.open(str(tmp_path / "odd-marked.mp4")) as c:
        assert (c.streams.video[0].codec_context.width, c.streams.video[0].codec_context.height) == (322, 266)
        assert report.psnr_db > 40

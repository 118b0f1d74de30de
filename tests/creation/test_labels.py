"""AIGC labels (GB 45438-2025): the visible label, the implicit metadata label with an integrity
hash, the C2PA manifest (embedded, or a sidecar when signing fails) and the watermark hook — and
the checker that says yes on a labelled file and no on an unlabelled one."""

from __future__ import annotations

import json
import shutil

import av
import numpy as np

from microdrama.creation.labels import (
    check_labels,
    implicit_label,
    provenance,
    read_implicit_label,
    write_implicit_label,
)
from microdrama.creation.labels.implicit import LABEL_FIELDS, LabelPolicy
from microdrama.creation.labels.provenance import SigningCredentials, self_signed_credentials
from microdrama.creation.labels.watermark import apply_watermark, payload_for
from microdrama.media.probe import probe


def _plain_video(path, frames=50, audio=True):
    """A textured, moving, unlabelled clip."""
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (960, 540, 3), dtype=np.uint8)
    with av.open(str(path), "w") as out:
        v = out.add_stream("libx264", rate=25)
        v.width, v.height, v.pix_fmt = 540, 960, "yuv420p"
        a = out.add_stream("aac", rate=48000) if audio else None
        if a is not None:
            a.layout = "mono"
        for i in range(frames):
            for p in v.encode(av.VideoFrame.from_ndarray(np.roll(base, 4 * i, axis=1), format="rgb24")):
                out.mux(p)
        for p in v.encode():
            out.mux(p)
        if a is not None:
            tone = (np.sin(np.arange(frames * 1920) / 9) * 8000).astype(np.int16)[None, :]
            frame = av.AudioFrame.from_ndarray(tone, format="s16", layout="mono")
            frame.sample_rate = 48000
            for p in a.encode(frame):
                out.mux(p)
            for p in a.encode(None):
                out.mux(p)
    return path


def test_the_checker_finds_every_label_on_a_rendered_episode(rendered):
    project, *_ = rendered
    episode = project.renders().episodes[0]
    report = check_labels(project.root / episode.video)
    assert report.visible.present and "AI生成" in report.visible.detail
    assert report.implicit.present and "完整性校验通过" in report.implicit.detail
    assert report.c2pa.present and report.labelled
    assert report.watermark.present is None  # no reader given


def test_a_rendered_shot_carries_the_labels_too(rendered):
    project, *_ = rendered
    shot = project.renders().shots[1]
    report = check_labels(project.root / shot.video)
    assert report.labelled and report.c2pa.present


def test_the_checker_says_no_on_an_unlabelled_video(tmp_path):
    report = check_labels(_plain_video(tmp_path / "plain.mp4"))
    assert report.visible.present is False
    assert report.implicit.present is False and report.c2pa.present is False
    assert not report.labelled


def test_the_implicit_label_has_the_seven_elements_of_the_standard(rendered):
    project, *_ = rendered
    label = read_implicit_label(project.root / project.renders().episodes[1].video)
    assert list(label) == list(LABEL_FIELDS)
    assert label["Label"] == "1" and label["ContentProducer"] == LabelPolicy().producer
    assert label["ProduceID"].startswith("testseries01-E02-")
    assert project.renders().episodes[1].labels.implicit == label


def test_changing_the_pictures_after_labelling_fails_the_integrity_check(tmp_path, rendered):
    project, *_ = rendered
    label = read_implicit_label(project.root / project.renders().shots[0].video)
    other = _plain_video(tmp_path / "other.mp4")
    forged = write_implicit_label(other, tmp_path / "forged.mp4", label)  # a label copied onto other content
    assert "完整性校验不符" in check_labels(forged, ocr=lambda image: []).implicit.detail


def test_the_c2pa_manifest_declares_ai_generation_and_is_signed_offline(tmp_path):
    src = _plain_video(tmp_path / "in.mp4")
    credentials = self_signed_credentials(tmp_path / "keys")
    aigc = implicit_label(LabelPolicy(), "P-1")
    result = provenance.sign(src, tmp_path / "signed.mp4", title="测试", aigc=aigc, credentials=credentials)
    assert result.mode == "embedded" and result.sidecar is None
    reading = provenance.read(tmp_path / "signed.mp4")
    assert reading.embedded and reading.ai_generated and reading.aigc == aigc
    assert reading.validation_state in ("Valid", "Trusted")
    assert self_signed_credentials(tmp_path / "keys") == credentials  # the project's test chain is reused


def test_when_signing_fails_a_clearly_named_sidecar_manifest_is_written(tmp_path):
    src = _plain_video(tmp_path / "in.mp4")
    broken = SigningCredentials(b"not a certificate", b"not a key")
    result = provenance.sign(
        src, tmp_path / "out.mp4", title="测试", aigc=implicit_label(LabelPolicy(), "P-2"), credentials=broken
    )
    assert result.mode == "sidecar" and "签名失败" in result.note
    assert result.sidecar.name == "out.mp4.c2pa-sidecar.json"
    assert json.loads(result.sidecar.read_text(encoding="utf-8"))["unsigned_manifest"]["title"] == "测试"
    finding = check_labels(tmp_path / "out.mp4", ocr=lambda image: []).c2pa
    assert finding.present and "旁路清单" in finding.detail


def test_the_watermark_hook_gets_the_payload_of_the_content(rendered):
    project, _, hook, _ = rendered
    episodes = project.renders().episodes
    assert len(hook.calls) == len(episodes)
    for episode, (_, _, payload) in zip(episodes, hook.calls, strict=True):
        assert payload == payload_for(episode.labels.implicit["ProduceID"])
        assert episode.labels.watermark_payload == f"{payload:016x}"


def test_a_watermark_hook_that_drops_the_sound_gets_it_back(tmp_path):
    src = _plain_video(tmp_path / "in.mp4")

    def video_only(a, b, payload):
        with av.open(str(a)) as inp, av.open(str(b), "w") as out:
            stream = out.add_stream_from_template(inp.streams.video[0])
            for packet in inp.demux(inp.streams.video[0]):
                if packet.dts is not None:
                    packet.stream = stream
                    out.mux(packet)

    apply_watermark(video_only, src, tmp_path / "marked.mp4", 42)
    assert probe(tmp_path / "marked.mp4").has_audio


def test_the_checker_reads_the_watermark_through_the_reader_it_is_given(tmp_path):
    src = _plain_video(tmp_path / "in.mp4", frames=10)
    assert check_labels(src, ocr=lambda i: [], watermark_reader=lambda p: 0xABC).watermark.detail.endswith(
        "0000000000000abc"
    )
    assert check_labels(src, ocr=lambda i: [], watermark_reader=lambda p: None).watermark.present is False
    shutil.rmtree(tmp_path)

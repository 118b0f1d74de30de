"""With the watermark engine installed, its `embed` is the hook that labels episodes and its
`detect` lets `aigc-check` read the payload back (the CLI glues the two engines together)."""

from __future__ import annotations

import pytest

from microdrama.cli.studio import watermark_engine
from microdrama.creation.labels import check_labels
from microdrama.creation.labels.watermark import apply_watermark, payload_for


@pytest.mark.slow
def test_the_watermark_engine_embeds_the_payload_and_the_checker_reads_it(rendered, tmp_path):
    embed, reader = watermark_engine()
    if embed is None or reader is None:
        pytest.skip("microdrama.watermark does not offer embed/detect here")
    project, *_ = rendered
    shot = project.root / project.renders().shots[0].video
    payload = payload_for("testseries01-E01S001")
    marked = apply_watermark(embed, shot, tmp_path / "marked.mp4", payload)
    report = check_labels(marked, ocr=lambda image: [], watermark_reader=reader)
    assert report.watermark.present, report.watermark.detail
    assert report.watermark.detail.endswith(f"{payload:016x}")
    unmarked = check_labels(shot, ocr=lambda image: [], watermark_reader=reader)
    assert unmarked.watermark.present is False

"""The report as the filing app uses it: JSON round trip, pass/fail, summaries, progress."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdrama.media.qc import FINDING_CODES, Finding, QCReport, QCSpec, check_cut
from microdrama.media.qc_report import normalise_text
from microdrama.timespan import Span

from . import qc_media


def test_a_report_survives_a_json_round_trip():
    report = qc_media.checked(qc_media.episode)
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    again = QCReport.from_dict(json.loads(text))
    assert again == report
    assert again.as_dict() == report.as_dict()


def test_the_stored_form_carries_what_a_page_needs_to_render():
    data = qc_media.checked(qc_media.episode).as_dict()
    assert data["passed"] is True
    assert data["counts"] == {"error": 0, "warning": 4, "info": 0}
    assert data["media"]["orientation"] == "portrait" and data["media"]["display_size"] == [540, 960]
    assert data["black"][0]["label"].startswith("00:05")
    assert set(data["loudness"]) == {
        "integrated_lufs",
        "loudness_range_lu",
        "true_peak_dbtp",
        "sample_peak_dbfs",
        "duration",
    }
    for finding in data["findings"]:
        assert set(finding) == {"code", "severity", "message", "message_en", "spans", "measured", "expected"}
        assert finding["message"] and finding["message_en"]
    assert data["spec"]["min_short_side"] == 540


def test_errors_fail_the_cut_and_warnings_do_not():
    failing = qc_media.checked(qc_media.landscape_no_audio)
    assert not failing.passed and failing.errors
    warned = qc_media.checked(qc_media.episode)
    assert warned.passed and warned.warnings


def test_errors_come_first_in_the_findings_and_the_summary():
    report = qc_media.checked(qc_media.landscape_no_audio)
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert report.summary_zh.startswith("技术预检未通过（2 项错误")
    assert "分辨率" in report.summary_zh.splitlines()[1]
    assert report.summary_en.startswith("Technical pre-check failed (2 errors")


def test_progress_runs_from_zero_to_one_without_going_back():
    seen: list[float] = []
    check_cut(qc_media.episode(), spec=QCSpec(text_reader="off"), progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(a <= b for a, b in itertools.pairwise(seen))
    assert len(seen) >= 10  # a bar that moves, not one that jumps from 0 to 1


def test_an_impossible_spec_is_refused():
    with pytest.raises(ValueError):
        QCSpec(orientation="diagonal")
    with pytest.raises(ValueError):
        QCSpec(min_fps=30, max_fps=24)
    with pytest.raises(ValueError):
        QCSpec(text_reader="magic")


def test_a_spec_round_trips_and_ignores_keys_it_does_not_know():
    spec = QCSpec(containers=("mp4",), loudness_target_lufs=-23.0, orientation=None)
    data = json.loads(json.dumps(spec.as_dict()))
    data["from_a_newer_version"] = True
    assert QCSpec.from_dict(data) == spec


def test_a_finding_with_an_unknown_severity_is_refused():
    with pytest.raises(ValueError):
        Finding("x", "fatal", "消息", "message")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["error", "warning", "info"]),
            st.floats(min_value=0, max_value=900, allow_nan=False),
            st.floats(min_value=0, max_value=60, allow_nan=False),
        ),
        max_size=8,
    )
)
def test_findings_round_trip_with_their_spans(items):
    findings = [
        Finding(
            f"code{i}", severity, "中文说明", "English", spans=(Span(start, start + length),), measured=length
        )
        for i, (severity, start, length) in enumerate(items)
    ]
    for finding in findings:
        again = Finding.from_dict(json.loads(json.dumps(finding.as_dict())))
        assert again.code == finding.code and again.severity == finding.severity
        assert again.spans[0].start == pytest.approx(finding.spans[0].start, abs=1e-3)
        assert again.spans[0].end == pytest.approx(finding.spans[0].end, abs=1e-3)


def test_text_comparison_ignores_width_spaces_and_brackets():
    assert normalise_text("（赣）网微剧备字 (2026) 第00123号") == normalise_text(
        "(赣)网微剧备字(2026)第00123号"
    )


def test_every_finding_code_the_rules_can_emit_is_registered_with_a_title():
    import ast
    import inspect

    from microdrama.media import qc_rules_content, qc_rules_file

    trees = [ast.parse(inspect.getsource(module)) for module in (qc_rules_file, qc_rules_content)]
    emitted = {
        node.args[0].value
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "Finding"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert len(emitted) > 20
    assert emitted == set(FINDING_CODES)
    assert all(FINDING_CODES.values())

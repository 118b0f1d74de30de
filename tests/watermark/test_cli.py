"""`microdrama watermark embed / detect`: results on stdout, JSON on request, clear errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from microdrama.cli import main

from .conftest import PAYLOAD


def test_embed_then_detect_from_the_command_line(tmp_path, source_video):
    runner = CliRunner()
    out = tmp_path / "copy.mp4"
    result = runner.invoke(
        main,
        [
            "watermark",
            "embed",
            str(source_video),
            str(out),
            "--payload",
            "FEDCBA9876543210",
            "--preset",
            "veryfast",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "fedcba9876543210" in result.stdout
    assert out.exists()
    result = runner.invoke(main, ["watermark", "detect", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["present"] is True
    assert data["payload"] == "fedcba9876543210"
    assert data["confidence"] > 0.999999
    assert {"windows", "log10_false_positive", "mirrored"} <= set(data)


def test_detect_prints_a_readable_decision(marked_video):
    result = CliRunner().invoke(
        main, ["watermark", "detect", str(marked_video[0]), "--start", "00:01", "--end", "00:05"]
    )
    assert result.exit_code == 0, result.output
    assert "present" in result.stdout and PAYLOAD in result.stdout


def test_detect_on_unmarked_video_says_absent(source_video):
    result = CliRunner().invoke(main, ["watermark", "detect", str(source_video), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["present"] is False


def test_a_bad_payload_is_a_usage_error(tmp_path, source_video):
    result = CliRunner().invoke(
        main, ["watermark", "embed", str(source_video), str(tmp_path / "x.mp4"), "--payload", "12345"]
    )
    assert result.exit_code == 2
    assert "十六进制" in result.output and "16 hexadecimal" in result.output
    assert not (tmp_path / "x.mp4").exists()


def test_a_missing_file_fails_with_both_languages(tmp_path):
    result = CliRunner().invoke(main, ["watermark", "detect", str(tmp_path / "none.mp4")])
    assert result.exit_code == 1
    assert "文件不存在" in result.output and "file not found" in result.output


def test_an_excerpt_that_ends_before_it_starts_is_refused(marked_video):
    result = CliRunner().invoke(
        main, ["watermark", "detect", str(marked_video[0]), "--start", "00:05", "--end", "00:02"]
    )
    assert result.exit_code == 1
    assert "终点" in result.output

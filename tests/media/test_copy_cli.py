"""The copy-detection commands: fingerprint, index add/info/search/remove, match, --json keys."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from microdrama.cli import main

from .copy_media import write_video

KEYS = {"reference", "ref_start", "ref_end", "query_start", "query_end", "speed", "score"}


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    return {
        "ref": write_video(d / "ep1.mp4", seconds=10.0, seed=31),
        "other": write_video(d / "ep2.mp4", seconds=6.0, seed=32),
        "copy": write_video(d / "copy.mp4", seconds=6.0, seed=31, start=2.0, frame=lambda f: f[:, ::-1]),
    }


def test_match_prints_json_segments_with_the_documented_keys(videos):
    result = CliRunner().invoke(main, ["match", str(videos["ref"]), str(videos["copy"]), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 1 and set(rows[0]) == KEYS
    assert rows[0]["reference"] == "ep1"
    assert abs(rows[0]["ref_start"] - 2.0) < 1.0


def test_index_add_search_info_and_remove(videos, tmp_path):
    runner = CliRunner()
    idx = str(tmp_path / "idx")
    assert (
        runner.invoke(
            main, ["index", "add", "--index", idx, str(videos["ref"]), str(videos["other"])]
        ).exit_code
        == 0
    )
    result = runner.invoke(main, ["index", "search", "--index", idx, str(videos["copy"])])
    assert result.exit_code == 0 and "ep1" in result.stdout and "ep2" not in result.stdout
    info = runner.invoke(main, ["index", "info", "--index", idx, "--json"])
    assert json.loads(info.stdout)["references"] == 2
    assert runner.invoke(main, ["index", "remove", "--index", idx, "ep1"]).exit_code == 0
    result = runner.invoke(main, ["index", "search", "--index", idx, "--json", str(videos["copy"])])
    assert json.loads(result.stdout) == []


def test_fingerprint_file_can_be_used_in_place_of_the_video(videos, tmp_path):
    runner = CliRunner()
    out = tmp_path / "ep1.fp"
    assert runner.invoke(main, ["fingerprint", str(videos["ref"]), "-o", str(out)]).exit_code == 0
    result = runner.invoke(main, ["match", str(out), str(videos["copy"]), "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1


def test_an_unreadable_file_is_a_clear_error_with_non_zero_exit(tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 1000)
    result = CliRunner().invoke(main, ["fingerprint", str(bad), "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "bad.mp4" in result.output and "not a usable video" in result.output

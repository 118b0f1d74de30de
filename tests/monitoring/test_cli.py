"""`microdrama monitor run SOURCE` runs a source here and prints its log; `microdrama evidence verify`
checks the whole evidence log and exits 1 when anything was tampered with."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from microdrama.cli import main
from microdrama.monitoring.models import Candidate
from microdrama.rights import evidence
from microdrama.rights.models import EvidenceEntry

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def test_evidence_verify_passes_on_an_intact_log_and_fails_on_a_tampered_one():
    evidence.append("test", {"a": 1})
    evidence.append("test", {"a": 2})
    ok = CliRunner().invoke(main, ["evidence", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    EvidenceEntry.objects.filter(index=0).update(
        data=EvidenceEntry.objects.get(index=0).data.replace("1", "9")
    )
    bad = CliRunner().invoke(main, ["evidence", "verify", "--json"])
    assert bad.exit_code == 1 and "tampered" in bad.output


def test_monitor_run_runs_a_source_here_and_prints_its_log(
    watch_root, clips, index_dir, eager, django_capture_on_commit_callbacks
):
    shutil.copy(clips["other"], watch_root / "one.mp4")
    os.utime(watch_root / "one.mp4", (1, 1))
    source = make_source("folder", folder_path=str(watch_root))
    with django_capture_on_commit_callbacks(execute=True):  # what autocommit does outside the test
        result = CliRunner().invoke(main, ["monitor", "run", source.name])
    assert result.exit_code == 0, result.output
    assert "列出 1 个视频" in result.output and "new 1" in result.output
    assert (
        Candidate.objects.get(source=source).status == Candidate.Status.CLEAR
    )  # fetched, fingerprinted, matched


def test_monitor_run_of_an_unknown_source_is_a_clear_error():
    result = CliRunner().invoke(main, ["monitor", "run", "没有这个源"])
    assert result.exit_code != 0 and "no such source" in result.output

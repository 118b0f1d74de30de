"""A watched folder: its video files become candidates once settled; a copy of the same file under
another name is a duplicate (same SHA-256) and is not matched again; folders outside the allowed
roots and links pointing out of the folder are refused."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from microdrama.monitoring import pipeline, services
from microdrama.monitoring.models import Candidate, Run

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def settled(path):
    old = time.time() - 60
    os.utime(path, (old, old))
    return path


def test_settled_video_files_become_candidates_and_fresh_ones_wait(watch_root, clips):
    settled(shutil.copy(clips["other"], watch_root / "a.mp4"))
    shutil.copy(clips["other"], watch_root / "b.mp4")  # still being written
    (watch_root / "notes.txt").write_text("not a video")
    source = make_source("folder", folder_path=str(watch_root))
    run = services.execute_run(services.start_run(source))
    assert [c.title for c in Candidate.objects.filter(source=source)] == ["a.mp4"]
    assert run.log.filter(code="settling").exists()


def test_a_duplicate_upload_is_recognised_by_its_content_and_not_matched_again(watch_root, clips):
    settled(shutil.copy(clips["other"], watch_root / "first.mp4"))
    settled(shutil.copy(clips["other"], watch_root / "搬运 第1集.mp4"))  # names in any script
    source = make_source("folder", folder_path=str(watch_root))
    services.execute_run(services.start_run(source))
    first, second = Candidate.objects.filter(source=source).order_by("pk")
    assert second.url.endswith("%E6%90%AC%E8%BF%90%20%E7%AC%AC1%E9%9B%86.mp4")
    assert pipeline.fetch(first.pk) == "fetched"
    assert pipeline.fetch(second.pk) == "duplicate"
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Candidate.Status.DUPLICATE and second.duplicate_of == first
    assert second.sha256 == first.sha256 and not second.matches.exists()
    assert second.run.log.filter(code="duplicate_content").exists()


def test_a_folder_outside_the_allowed_roots_is_refused(watch_root, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    run = services.execute_run(services.start_run(make_source("folder", folder_path=str(outside))))
    assert run.status == Run.Status.FAILED and "不在允许监控的目录内" in run.message


def test_links_out_of_the_folder_are_not_followed(watch_root, tmp_path, clips):
    secret = tmp_path / "private.mp4"
    shutil.copy(clips["other"], secret)
    (watch_root / "link.mp4").symlink_to(secret)
    services.execute_run(services.start_run(source := make_source("folder", folder_path=str(watch_root))))
    assert not Candidate.objects.filter(source=source).exists()


def test_a_missing_folder_fails_the_run_with_its_name(watch_root):
    run = services.execute_run(
        services.start_run(make_source("folder", folder_path=str(watch_root / "gone")))
    )
    assert run.status == Run.Status.FAILED and "文件夹不存在" in run.message

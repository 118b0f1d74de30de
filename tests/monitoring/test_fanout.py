"""Matching fans out over the reference index shards — one task per shard, on that shard's queue —
and the gathered results are merged: a copy is found whichever shard holds its episode, and the
candidate records which shards were searched."""

from __future__ import annotations

import pytest

from microdrama.media.index import ReferenceIndex
from microdrama.monitoring import fanout, pipeline, services
from microdrama.monitoring.discovery import Item
from microdrama.monitoring.models import Candidate
from microdrama.rights import services as rights

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def test_each_shard_has_its_queue_and_the_queues_wrap_around(settings):
    settings.MONITORING_SHARD_QUEUES = ["shard-0", "shard-1"]
    assert [fanout.queue_for(f"shard-{k:04d}.mdx") for k in range(4)] == [
        "shard-0",
        "shard-1",
        "shard-0",
        "shard-1",
    ]
    settings.MONITORING_SHARD_QUEUES = []
    assert fanout.queue_for("shard-0003.mdx") == "default"


@pytest.fixture
def two_shards(holder, holder_org, clips, eager, index_dir, django_capture_on_commit_callbacks):
    ReferenceIndex.create(index_dir, max_shard_seconds=10.0)  # every episode gets a shard of its own
    episodes = []
    for title, clip in (("赣水长流", clips["episode"]), ("山那边的人", clips["other"])):
        work = rights.create_work(holder, holder_org, title)
        with django_capture_on_commit_callbacks(execute=True):
            episodes.append(rights.add_episode_file(work, 1, clip, f"{title}.mp4"))
    assert len(ReferenceIndex.open(index_dir).shards) == 2
    return episodes


def test_a_copy_is_found_in_whichever_shard_holds_its_episode(
    two_shards, watch_root, clips, django_capture_on_commit_callbacks
):
    import os
    import shutil

    shutil.copy(clips["pirated"], watch_root / "suspect.mp4")
    os.utime(watch_root / "suspect.mp4", (1, 1))
    source = make_source("folder", folder_path=str(watch_root))
    run = services.start_run(source)
    candidate, _ = services.add_candidate(source, run, Item(url=(watch_root / "suspect.mp4").as_uri()))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.fetch(candidate.pk)
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.MATCHED
    shards = candidate.match_report["shards"]
    assert sorted(s["shard"] for s in shards) == ["shard-0000.mdx", "shard-0001.mdx"]
    assert all(s["seconds"] is not None and not s.get("error") for s in shards)
    match = candidate.matches.get()
    assert match.episode == two_shards[0] and match.work == two_shards[0].work and match.score >= 0.5
    assert candidate.lag_seconds is not None and run.log.filter(code="matched").exists()

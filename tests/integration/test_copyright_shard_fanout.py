"""Copy matching scales out over the reference index shards: on PostgreSQL and Redis, with two real
workers — one consuming only queue shard-0, the other only shard-1 — each candidate's search fans
out into one task per shard, each runs on the worker of its shard, and the chord gathers and merges
what they found. Skipped with the reason when PostgreSQL or Redis is not reachable."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.monitoring.clips import make_pirated
from tests.monitoring.fixtures import clips  # noqa: F401  (session fixture)

from .conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.slow]

SETUP = """
import os, shutil
from pathlib import Path
from django.conf import settings
from microdrama.accounts.models import Organisation
from microdrama.media.index import ReferenceIndex
from microdrama.rights import services
from microdrama.rights.models import Work
ReferenceIndex.create(settings.MICRODRAMA["index_dir"], max_shard_seconds=10.0)  # one episode per shard
owner = Organisation.objects.create(name="南昌映画文化传媒有限公司", kind="production",
                                    credit_code="91360100MA35TEST0X")
for n, (title, path) in enumerate([("赣水长流", {episode!r}), ("山那边的人", {other!r})]):
    work = Work.objects.create(owner=owner, title=title, source="manual")
    services.add_episode_file(work, 1, Path(path), title + ".mp4")
"""

STATE = """
import json
from microdrama.monitoring.models import Candidate
from microdrama.rights.models import RegisteredEpisode
print(json.dumps({{"episodes": list(RegisteredEpisode.objects.values_list("status", flat=True)),
    "candidates": [{{"title": c.title, "status": c.status, "report": c.match_report, "error": c.error,
                    "matches": [m.work.title for m in c.matches.all() if m.work]}}
                   for c in Candidate.objects.order_by("title")]}}))
"""


def state(deployment) -> dict:
    return json.loads(deployment.python(STATE.format()).splitlines()[-1])


def test_matching_fans_out_over_two_shards_each_on_its_own_worker(
    deployment_factory,
    postgres_url,
    redis_url,
    tmp_path,
    clips,  # noqa: F811 - the session fixture imported above
):
    deployment = deployment_factory(
        postgres_url, redis_url, MICRODRAMA_SHARD_QUEUES="2", MICRODRAMA_WATCH_ROOTS=str(tmp_path / "watch")
    )
    # worker a: shard-0 (and the rest of the pipeline); worker b: nothing but shard-1
    deployment.start_worker("a", "shard-0,default,monitoring,media,mail")
    deployment.start_worker("b", "shard-1")
    deployment.python(SETUP.format(episode=str(clips["episode"]), other=str(clips["other"])))
    wait_for(
        lambda: state(deployment)["episodes"] == ["registered", "registered"],
        180,
        "both episodes to be registered by worker a",
        interval=2,
    )

    watch = tmp_path / "watch"
    watch.mkdir()
    shutil.copy(clips["pirated"], watch / "a-first.mp4")
    make_pirated(clips["other"], watch / "b-second.mp4", crop=0.1)
    for f in watch.iterdir():
        os.utime(f, (1, 1))
    deployment.python(
        "from microdrama.monitoring import services\nfrom microdrama.monitoring.models import Source\n"
        f"s = Source.objects.create(name='watched', kind='folder', folder_path={str(watch)!r})\n"
        "services.run_now(s)"
    )
    final = wait_for(
        lambda: (
            (s := state(deployment))
            and len(s["candidates"]) == 2
            and all(c["status"] in ("matched", "clear", "rejected", "failed") for c in s["candidates"])
            and s
        ),
        240,
        "both candidates to be matched",
        interval=2,
    )

    first, second = final["candidates"]
    assert (first["status"], second["status"]) == ("matched", "matched"), final
    assert first["matches"] == ["赣水长流"] and second["matches"] == ["山那边的人"]
    for candidate in (first, second):
        shards = {s["shard"]: s for s in candidate["report"]["shards"]}
        assert set(shards) == {"shard-0000.mdx", "shard-0001.mdx"}
        assert shards["shard-0000.mdx"]["queue"] == "shard-0" and shards["shard-0000.mdx"][
            "worker"
        ].startswith("a@")
        assert shards["shard-0001.mdx"]["queue"] == "shard-1" and shards["shard-0001.mdx"][
            "worker"
        ].startswith("b@")
    ran_on_b = deployment.log("b")
    assert "Task microdrama.monitoring.tasks.search_shard[" in ran_on_b
    assert "Task microdrama.monitoring.tasks.collect_matches[" not in ran_on_b  # b only ever searched shard 1

"""Scatter-gather matching over the reference index shards with Celery: one `search_shard` task per
shard, each on the queue of its shard (``shard-k``; a machine holding shard k runs a worker with
``-Q shard-k``), gathered by a chord into `collect_matches`, which merges them (match.merge)."""

from __future__ import annotations

import re

from celery import chord
from django.conf import settings


def queue_for(shard_name: str) -> str:
    queues = list(getattr(settings, "MONITORING_SHARD_QUEUES", [])) or ["default"]
    found = re.search(r"(\d+)", shard_name)
    return queues[(int(found.group(1)) if found else 0) % len(queues)]


def start(candidate_id: int) -> None:
    from microdrama.rights.reference_index import shard_paths

    from .tasks import collect_matches, search_shard

    shards = [p.name for p in shard_paths()]
    if not shards:
        collect_matches.delay([], candidate_id)
        return
    header = [search_shard.s(candidate_id, name).set(queue=queue_for(name)) for name in shards]
    chord(header)(collect_matches.s(candidate_id))

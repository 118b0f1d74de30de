"""Background work of monitoring: run due sources, fetch and fingerprint candidates, search each
index shard and collect the results. Every task is safe to run again (see pipeline.py)."""

from __future__ import annotations

import time
from pathlib import Path

from celery import shared_task

from . import pipeline, services
from .models import Candidate, Run


@shared_task(name="microdrama.monitoring.tasks.run_due_sources", acks_late=True)
def run_due_sources() -> int:
    runs = services.claim_due_sources()
    for run in runs:
        run_source.delay(run.pk)
    return len(runs)


@shared_task(name="microdrama.monitoring.tasks.run_source", acks_late=True)
def run_source(run_id: int) -> str:
    run = Run.objects.select_related("source").filter(pk=run_id, finished_at__isnull=True).first()
    if run is None:
        return "done"
    return services.execute_run(run).status


@shared_task(name="microdrama.monitoring.tasks.fetch_candidate", acks_late=True)
def fetch_candidate(candidate_id: int) -> str:
    return pipeline.fetch(candidate_id)


@shared_task(name="microdrama.monitoring.tasks.fingerprint_candidate", acks_late=True)
def fingerprint_candidate(candidate_id: int) -> str:
    return pipeline.fingerprint_step(candidate_id)


@shared_task(bind=True, name="microdrama.monitoring.tasks.search_shard", acks_late=True)
def search_shard(self, candidate_id: int, shard_name: str) -> dict:
    """Search one shard for one candidate (routed to that shard's queue by fanout.start)."""
    from microdrama.media.errors import MediaError
    from microdrama.media.fingerprint import VideoFingerprint
    from microdrama.media.match import search_shard as search
    from microdrama.rights.reference_index import index_dir

    started = time.monotonic()
    queue = (self.request.delivery_info or {}).get("routing_key") or ""
    result = {"shard": shard_name, "queue": queue, "worker": self.request.hostname or "local", "matches": []}
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None or not candidate.fp_file:
        return {**result, "error": "候选视频或其指纹不存在"}
    try:
        fp = VideoFingerprint.from_bytes(Path(candidate.fp_file.path).read_bytes())
        matches = search(index_dir() / shard_name, fp)
    except (MediaError, OSError, ValueError) as exc:
        return {**result, "error": str(exc)[:300], "seconds": round(time.monotonic() - started, 3)}
    return {
        **result,
        "matches": [m.as_dict() for m in matches],
        "seconds": round(time.monotonic() - started, 3),
    }


@shared_task(name="microdrama.monitoring.tasks.collect_matches", acks_late=True)
def collect_matches(results: list[dict], candidate_id: int) -> str:
    from microdrama.media.match import THRESHOLD

    return pipeline.collect(candidate_id, list(results or []), THRESHOLD)


@shared_task(name="microdrama.monitoring.tasks.retry_candidates", acks_late=True)
def retry_candidates() -> int:
    due = pipeline.due_for_retry()
    for pk in due:
        fetch_candidate.delay(pk)
    return len(due)

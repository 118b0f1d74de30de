"""A candidate's way from URL to match decision, one step per task (tasks.py calls these):

fetch (download with limits, hash, de-duplicate by content) → fingerprint → search every index shard
(fanout.py) → collect the matches and announce them (signals.copies_found).

Each step claims the candidate by moving its status forward in one UPDATE, so a task delivered twice
does the work once. Failures that may pass (network, 5xx, timeouts) are retried with back-off;
failures that will not (HTML instead of video, too large, a private address) reject the candidate.
Everything is written to the run log of the run that found the candidate.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from microdrama.media.errors import MediaError

from . import services, ytdlp
from .discovery.base import SourceError, credentials
from .discovery.folder import allowed_root
from .download import Fetched, Limits, copy_file, download
from .models import Candidate, Match
from .net import AddressPolicy, FetchError
from .signals import copies_found, duplicate_found

MAX_ATTEMPTS = 4
RETRY_BASE_MINUTES = 2.0
S = Candidate.Status


def _claim(candidate_id: int, from_statuses, to_status) -> Candidate | None:
    with transaction.atomic():
        updated = Candidate.objects.filter(pk=candidate_id, status__in=list(from_statuses)).update(
            status=to_status, claimed_at=timezone.now()
        )
    return Candidate.objects.select_related("source", "run").get(pk=candidate_id) if updated else None


def limits_for(source) -> Limits:
    return Limits(
        max_bytes=source.max_bytes,
        max_duration=float(source.max_duration),
        max_seconds=float(source.fetch_timeout),
    )


def candidate_dir(candidate: Candidate) -> Path:
    return Path(settings.MEDIA_ROOT) / "monitoring" / "candidates" / str(candidate.pk)


def _relative(path: Path) -> str:
    return str(path.relative_to(Path(settings.MEDIA_ROOT)))


def fetch(candidate_id: int) -> str:
    """Download (or copy) the candidate's video within its source's limits."""
    candidate = _claim(candidate_id, [S.QUEUED], S.FETCHING)
    if candidate is None:
        return "skipped"
    _source, _run = candidate.source, candidate.run
    attempt = candidate.attempts + 1
    Candidate.objects.filter(pk=candidate.pk).update(attempts=attempt)
    try:
        fetched, info = _download(candidate)
    except (FetchError, SourceError) as exc:
        return _failed(candidate, attempt, str(exc), exc.code, getattr(exc, "retry", False))
    return _accept(candidate, fetched, info)


def _download(candidate: Candidate) -> tuple[Fetched, dict]:
    source = candidate.source
    limits = limits_for(source)
    dest_dir = candidate_dir(candidate)
    if candidate.is_file:
        path = candidate.local_path
        if not allowed_root(path.resolve()):
            raise FetchError("文件不在允许监控的目录内", "folder_not_allowed")
        if not path.is_file():
            raise FetchError("文件已不存在", "gone")
        return copy_file(path, dest_dir / f"video{path.suffix.lower()}", limits), {}
    policy = AddressPolicy.for_source(source.allow_private_network)
    headers = credentials(source)
    info: dict = {}
    media_url = candidate.media_url
    if not media_url:
        info = ytdlp.extract(candidate.url, policy, headers=headers)
        media_url, format_headers = ytdlp.choose_format(info, source.max_bytes)
        headers = {**format_headers, **headers}
    return download(media_url, dest_dir / "video.mp4", policy, limits, headers=headers), info


def _failed(candidate: Candidate, attempt: int, message: str, code: str, retry: bool) -> str:
    run = candidate.run
    if retry and attempt < MAX_ATTEMPTS:
        wait = services.backoff(attempt, RETRY_BASE_MINUTES)
        Candidate.objects.filter(pk=candidate.pk).update(
            status=S.QUEUED, next_attempt_at=timezone.now() + wait, error=message[:500], error_code=code
        )
        services.log(
            run,
            "warning",
            f"第 {attempt} 次下载失败：{message}；{int(wait.total_seconds() // 60)} 分钟后重试",
            candidate.url,
            code,
        )
        return "retry"
    status = S.FAILED if retry else S.REJECTED
    Candidate.objects.filter(pk=candidate.pk).update(
        status=status, next_attempt_at=None, error=message[:500], error_code=code
    )
    suffix = f"（已尝试 {attempt} 次，放弃）" if retry else ""
    services.log(run, "error", f"{message}{suffix}", candidate.url, code)
    return "failed" if retry else "rejected"


def _accept(candidate: Candidate, fetched: Fetched, info: dict) -> str:
    """Record what was fetched; the same content seen before is a duplicate (not matched again)."""
    now = timezone.now()
    fields = {
        "size": fetched.size,
        "sha256": fetched.sha256,
        "content_type": fetched.content_type[:100],
        "duration": fetched.info.duration,
        "fetched_at": now,
        "file": _relative(fetched.path),
        "error": "",
        "error_code": "",
        "next_attempt_at": None,
    }
    if info:
        fields["media_url"] = (fetched.final_url or "")[:1000]
        fields["title"] = (candidate.title or info.get("title") or "")[:300]
        fields["uploader"] = (candidate.uploader or info.get("uploader") or info.get("channel") or "")[:200]
        fields["uploader_url"] = (candidate.uploader_url or info.get("uploader_url") or "")[:1000]
    original = (
        Candidate.objects.filter(sha256=fetched.sha256, duplicate_of__isnull=True)
        .exclude(pk=candidate.pk)
        .order_by("pk")
        .first()
    )
    try:
        with transaction.atomic():
            if original is None:
                Candidate.objects.filter(pk=candidate.pk).update(status=S.FINGERPRINTING, **fields)
                from .tasks import fingerprint_candidate

                transaction.on_commit(lambda: fingerprint_candidate.delay(candidate.pk))
            else:
                _mark_duplicate(candidate, original, fields, fetched)
    except IntegrityError:  # the same content committed by a parallel fetch a moment ago
        original = (
            Candidate.objects.filter(sha256=fetched.sha256, duplicate_of__isnull=True)
            .exclude(pk=candidate.pk)
            .order_by("pk")
            .first()
        )
        with transaction.atomic():
            _mark_duplicate(candidate, original, fields, fetched)
    services.log(
        candidate.run,
        "info",
        f"已下载 {fetched.size} 字节，{fetched.info.duration:.1f} 秒，SHA-256 {fetched.sha256[:16]}…",
        candidate.url,
        "fetched",
    )
    return "duplicate" if original else "fetched"


def _mark_duplicate(candidate: Candidate, original: Candidate, fields: dict, fetched: Fetched) -> None:
    fetched.path.unlink(missing_ok=True)  # the original's copy is the evidence
    fields = {**fields, "file": original.file.name}
    Candidate.objects.filter(pk=candidate.pk).update(
        status=S.DUPLICATE, duplicate_of=original, matched_at=timezone.now(), **fields
    )
    services.log(
        candidate.run,
        "info",
        f"与候选 #{original.pk} 内容相同（SHA-256 一致），不再重复比对",
        candidate.url,
        "duplicate_content",
    )
    candidate.refresh_from_db()
    duplicate_found.send(sender=Candidate, candidate=candidate, original=original)


def fingerprint_step(candidate_id: int) -> str:
    from microdrama.media.fingerprint import fingerprint

    candidate = (
        Candidate.objects.select_related("source", "run")
        .filter(pk=candidate_id, status=S.FINGERPRINTING)
        .first()
    )
    if candidate is None:
        return "skipped"
    try:
        fp = fingerprint(candidate.file.path)
    except (MediaError, OSError) as exc:
        Candidate.objects.filter(pk=candidate.pk).update(
            status=S.REJECTED, error=str(exc)[:500], error_code="fingerprint"
        )
        services.log(candidate.run, "error", f"无法提取指纹：{exc}", candidate.url, "fingerprint")
        return "rejected"
    path = candidate_dir(candidate) / "suspect.mdfp"
    path.write_bytes(fp.to_bytes(include_media=True))  # the shard workers need the suspect's pictures too
    updated = Candidate.objects.filter(pk=candidate.pk, status=S.FINGERPRINTING).update(
        status=S.MATCHING, fp_file=_relative(path), fp_digest=fp.digest
    )
    if updated:
        from . import fanout

        fanout.start(candidate.pk)
    return "matching"


def collect(candidate_id: int, results: list[dict], threshold: float) -> str:
    """Merge what every shard found, store the matches, announce them (exactly once)."""
    from microdrama.hub.jobs import run_once
    from microdrama.media.match import CopyMatch, merge

    candidate = Candidate.objects.select_related("run").get(pk=candidate_id)
    parts = [[CopyMatch.from_dict(m) for m in r.get("matches", [])] for r in results]
    merged = [m for m in merge(parts) if m.score >= threshold]
    report = {
        "shards": [{k: r.get(k) for k in ("shard", "queue", "worker", "seconds", "error")} for r in results],
        "references_matched": len(merged),
    }

    def effects():
        from microdrama.rights.models import RegisteredEpisode

        rows = []
        for m in merged:
            episode = None
            if m.reference.startswith("episode:") and m.reference[8:].isdigit():
                episode = (
                    RegisteredEpisode.objects.select_related("work").filter(pk=int(m.reference[8:])).first()
                )
            row, _created = Match.objects.get_or_create(
                candidate=candidate,
                ref_id=m.reference,
                defaults={
                    "episode": episode,
                    "work": episode.work if episode else None,
                    "score": m.score,
                    "data": m.as_dict(),
                },
            )
            rows.append(row)
        Candidate.objects.filter(pk=candidate.pk).update(
            status=S.MATCHED if rows else S.CLEAR, matched_at=timezone.now(), match_report=report
        )
        candidate.refresh_from_db()
        errors = [r for r in results if r.get("error")]
        for r in errors:
            services.log(
                candidate.run,
                "error",
                f"分片 {r.get('shard')} 比对失败：{r['error']}",
                candidate.url,
                "shard_failed",
            )
        if rows:
            names = "、".join(f"{r.episode or r.ref_id}（{r.score:.2f}）" for r in rows[:5])
            services.log(candidate.run, "warning", f"疑似盗版：{names}", candidate.url, "matched")
            copies_found.send(sender=Candidate, candidate=candidate, matches=rows)
        else:
            services.log(
                candidate.run, "info", f"已比对 {len(results)} 个分片，未发现匹配", candidate.url, "clear"
            )
        return len(rows)

    done, _ = run_once(f"monitoring-collect:{candidate.pk}", effects)
    return "collected" if done else "already collected"


def due_for_retry(now=None) -> list[int]:
    """Candidates waiting for another try whose time has come, and ones a dead worker left behind."""
    now = now or timezone.now()
    waiting = list(
        Candidate.objects.filter(status=S.QUEUED, next_attempt_at__lte=now).values_list("pk", flat=True)
    )
    # a fetch that has been "fetching" far longer than its source allows was lost with its worker
    stale = []
    for c in Candidate.objects.filter(status=S.FETCHING).select_related("source"):
        if c.claimed_at and c.claimed_at < now - timedelta(seconds=c.source.fetch_timeout + 600):
            stale.append(c.pk)
    if stale:
        Candidate.objects.filter(pk__in=stale, status=S.FETCHING).update(status=S.QUEUED)
    return waiting + stale


def timed(fn, *args):
    started = time.monotonic()
    result = fn(*args)
    return result, round(time.monotonic() - started, 3)

"""What the copyright centre does with monitoring: define sources, run them (on their schedule or
now), and take in what they list as candidates — each URL once, each logged."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .discovery import Context, Item, SourceError, discover
from .discovery.base import credentials
from .models import Candidate, Run, RunLogEntry, Source
from .net import AddressPolicy

MAX_BACKOFF_MINUTES = 24 * 60


def url_key(url: str) -> str:
    """Same URL, same key: scheme and host in lower case, no fragment."""
    parts = urlsplit(url.strip())
    normal = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return hashlib.sha256(normal.encode()).hexdigest()


def log(run: Run | None, level: str, message: str, url: str = "", code: str = "") -> None:
    if run is None:
        return
    RunLogEntry.objects.create(
        run=run, at=timezone.now(), level=level, message=message[:4000], url=url[:1000], code=code[:40]
    )
    if level == RunLogEntry.Level.ERROR:
        Run.objects.filter(pk=run.pk).update(errors=F("errors") + 1)
        # a candidate of a finished run failing later makes that run "partly failed"
        Run.objects.filter(pk=run.pk, status=Run.Status.OK).update(status=Run.Status.PARTIAL)


def backoff(failures: int, base_minutes: float = 1.0, cap_minutes: float = MAX_BACKOFF_MINUTES) -> timedelta:
    """1, 2, 4, 8 … minutes (doubling), capped."""
    return timedelta(minutes=min(cap_minutes, base_minutes * 2 ** max(0, failures - 1)))


def start_run(source: Source, trigger: str = "schedule") -> Run:
    return Run.objects.create(source=source, trigger=trigger, started_at=timezone.now())


def run_now(source: Source, trigger: str = "manual") -> Run:
    """Start a run in the background (the web's "run now" button)."""
    with transaction.atomic():
        run = start_run(source, trigger)
        from .tasks import run_source

        transaction.on_commit(lambda: run_source.delay(run.pk))
    return run


def claim_due_sources(now=None) -> list[Run]:
    """Runs for every enabled source whose time has come; each source is claimed once."""
    now = now or timezone.now()
    runs = []
    for source in Source.objects.filter(enabled=True).exclude(next_run_at__gt=now):
        with transaction.atomic():
            claimed = (
                Source.objects.filter(pk=source.pk, enabled=True)
                .exclude(next_run_at__gt=now)
                .update(next_run_at=now + timedelta(minutes=max(1, source.interval_minutes)))
            )
            if claimed:
                runs.append(start_run(source))
    return runs


def context_for(source: Source, run: Run) -> Context:
    return Context(
        policy=AddressPolicy.for_source(source.allow_private_network),
        headers=credentials(source),
        log=lambda level, message, url="", code="": log(run, level, message, url, code),
        limit=source.max_items,
    )


def execute_run(run: Run) -> Run:
    """Discover what the source lists now and queue every new URL for download."""
    source = run.source
    try:
        context = context_for(source, run)
        items = discover(source, context)
    except SourceError as exc:
        return finish_run(run, failed=str(exc), code=exc.code, retry=exc.retry)
    log(run, "info", f"列出 {len(items)} 个视频", source.target, "listed")
    new = duplicates = 0
    for item in items[: source.max_items]:
        _candidate, created = add_candidate(source, run, item)
        if created:
            new += 1
        else:
            duplicates += 1
    Run.objects.filter(pk=run.pk).update(found=len(items), new=new, duplicates=duplicates)
    if duplicates:
        log(run, "info", f"{duplicates} 个地址此前已收录，跳过", "", "known_urls")
    return finish_run(run)


def add_candidate(source: Source, run: Run, item: Item) -> tuple[Candidate, bool]:
    """A candidate for this URL (created and queued if new; the same URL is never taken twice)."""
    key = url_key(item.url)
    existing = Candidate.objects.filter(url_key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                source=source,
                run=run,
                platform=source.platform,
                url=item.url[:1000],
                url_key=key,
                media_url=item.media_url[:1000],
                title=item.title[:300],
                uploader=item.uploader[:200],
                uploader_url=item.uploader_url[:1000],
                published_at=item.published_at,
                query=item.query[:200],
                discovered_at=timezone.now(),
            )
            from .tasks import fetch_candidate

            transaction.on_commit(lambda: fetch_candidate.delay(candidate.pk))
    except IntegrityError:  # another run took the same URL at the same moment
        return Candidate.objects.get(url_key=key), False
    return candidate, True


def finish_run(run: Run, failed: str = "", code: str = "", retry: bool = True) -> Run:
    now = timezone.now()
    source = run.source
    if failed:
        log(run, "error", failed, source.target, code)
        failures = source.consecutive_failures + 1
        # retry sooner than the schedule while the failure may pass (doubling), never later
        wait = (
            min(backoff(failures), timedelta(minutes=max(1, source.interval_minutes)))
            if retry
            else timedelta(minutes=max(1, source.interval_minutes))
        )
        Source.objects.filter(pk=source.pk).update(
            consecutive_failures=failures, last_run_at=now, next_run_at=now + wait
        )
        Run.objects.filter(pk=run.pk).update(status=Run.Status.FAILED, finished_at=now, message=failed[:500])
        if retry:
            log(
                run,
                "info",
                f"将在 {int(wait.total_seconds() // 60)} 分钟后重试（第 {failures} 次连续失败）",
                "",
                "retry",
            )
    else:
        Source.objects.filter(pk=source.pk).update(consecutive_failures=0, last_run_at=now)
        run.refresh_from_db()
        status = (
            Run.Status.PARTIAL if run.errors or run.log.filter(level="warning").exists() else Run.Status.OK
        )
        Run.objects.filter(pk=run.pk).update(status=status, finished_at=now)
    run.refresh_from_db()
    return run

"""Background work of rights registration: fingerprint and index an episode, make a watermarked
distribution copy, read the watermark of a suspect clip. Each is safe to run again."""

from __future__ import annotations

import tempfile
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from microdrama.hub.jobs import run_once

from . import evidence, reference_index
from .models import DistributionCopy, LeakTrace, RegisteredEpisode


def _throttled(update):
    """A progress callback that writes at most every 2 %."""
    last = [-1.0]

    def progress(fraction: float) -> None:
        if fraction - last[0] >= 0.02 or fraction >= 1.0:
            last[0] = fraction
            update(round(fraction, 3))

    return progress


@shared_task(name="microdrama.rights.tasks.register_episode", acks_late=True, max_retries=2)
def register_episode(episode_id: int) -> str:
    from microdrama.media.errors import MediaError
    from microdrama.media.fingerprint import fingerprint

    ep = RegisteredEpisode.objects.select_related("work__owner").filter(pk=episode_id).first()
    if ep is None or ep.status == RegisteredEpisode.Status.REGISTERED:
        return "done"
    RegisteredEpisode.objects.filter(pk=ep.pk).update(status=RegisteredEpisode.Status.FINGERPRINTING, progress=0.0)
    progress = _throttled(lambda f: RegisteredEpisode.objects.filter(pk=ep.pk).update(progress=f))
    try:
        fp = fingerprint(ep.file.path, progress=progress)
    except MediaError as exc:
        RegisteredEpisode.objects.filter(pk=ep.pk).update(status=RegisteredEpisode.Status.FAILED, error=str(exc)[:300])
        return "failed"
    reference_index.add(ep.ref_id, fp)  # idempotent: adding a ref id again replaces it

    def record() -> None:
        entry = evidence.append("registration", {
            "episode_id": ep.pk, "certificate": str(ep.certificate_code), "owner": ep.work.owner.name,
            "owner_credit_code": ep.work.owner.credit_code, "work": ep.work.title, "episode": ep.number,
            "filing_number": ep.work.filing_number, "sha256": ep.sha256, "fingerprint": fp.digest,
            "duration": round(ep.duration or fp.duration, 3), "registered_at": timezone.now().isoformat(),
        })
        RegisteredEpisode.objects.filter(pk=ep.pk).update(
            status=RegisteredEpisode.Status.REGISTERED, progress=1.0, fingerprint=fp.to_bytes(), fp_digest=fp.digest,
            evidence=entry, registered_at=entry.created_at, error="")

    run_once(f"register-episode:{ep.pk}", record)
    return "registered"


@shared_task(name="microdrama.rights.tasks.make_distribution_copy", acks_late=True, max_retries=2)
def make_distribution_copy(copy_id: int) -> str:
    from microdrama.media.errors import MediaError
    from microdrama.watermark import embed

    copy = DistributionCopy.objects.select_related("episode__work", "recipient").filter(pk=copy_id).first()
    if copy is None or copy.status == DistributionCopy.Status.READY:
        return "done"
    DistributionCopy.objects.filter(pk=copy.pk).update(status=DistributionCopy.Status.EMBEDDING, progress=0.0)
    progress = _throttled(lambda f: DistributionCopy.objects.filter(pk=copy.pk).update(progress=f))
    tmp_dir = Path(settings.VAR_DIR) / "tmp"
    tmp_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as tmp:
        out = Path(tmp) / f"{copy.payload}.mp4"
        try:
            report = embed(copy.episode.file.path, out, copy.payload, progress=progress)
        except (MediaError, ValueError) as exc:
            DistributionCopy.objects.filter(pk=copy.pk).update(status=DistributionCopy.Status.FAILED,
                                                               error=str(exc)[:300])
            return "failed"
        with transaction.atomic():
            locked = DistributionCopy.objects.select_for_update().get(pk=copy.pk)
            if locked.status == DistributionCopy.Status.READY:
                return "done"
            with out.open("rb") as fh:
                name = f"{copy.episode.work.title}-第{copy.episode.number}集-{copy.recipient.short_name or 'copy'}.mp4"
                locked.file.save(name, File(fh), save=False)
            entry = evidence.append("distribution_copy", {
                "copy_id": copy.pk, "payload": copy.payload, "episode_id": copy.episode_id,
                "work": copy.episode.work.title, "episode": copy.episode.number, "recipient": copy.recipient.name,
                "recipient_credit_code": copy.recipient.credit_code, "issued_at": copy.issued_at.isoformat(),
                "source_sha256": copy.episode.sha256,
            })
            locked.status, locked.progress, locked.psnr, locked.evidence = (
                DistributionCopy.Status.READY, 1.0, report.psnr_db, entry)
            locked.save()
    return "ready"


@shared_task(name="microdrama.rights.tasks.trace_leak", acks_late=True)
def trace_leak(trace_id: int) -> str:
    from microdrama.media.errors import MediaError
    from microdrama.watermark import detect

    trace = LeakTrace.objects.filter(pk=trace_id).first()
    if trace is None or trace.status == "done":
        return "done"
    LeakTrace.objects.filter(pk=trace.pk).update(status="running")
    try:
        found = detect(trace.file.path)
    except MediaError as exc:
        LeakTrace.objects.filter(pk=trace.pk).update(status="failed", result={"error": str(exc)})
        return "failed"
    copy = DistributionCopy.objects.filter(payload=found.payload).first() if found.present else None
    LeakTrace.objects.filter(pk=trace.pk).update(
        status="done", copy=copy,
        result={"present": found.present, "payload": found.payload, "confidence": found.confidence,
                "log10_false_positive": found.log10_false_positive, "known_copy": bool(copy)})
    return "found" if copy else "none"


@shared_task(name="microdrama.rights.tasks.requeue_stuck_work", acks_late=True)
def requeue_stuck_work(minutes: int = 20) -> int:
    """Registrations and copies whose worker died are queued again (both tasks are idempotent)."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(minutes=minutes)
    episodes = list(RegisteredEpisode.objects.filter(
        status__in=[RegisteredEpisode.Status.PENDING, RegisteredEpisode.Status.FINGERPRINTING],
        created_at__lt=cutoff).values_list("pk", flat=True))
    copies = list(DistributionCopy.objects.filter(
        status__in=[DistributionCopy.Status.PENDING, DistributionCopy.Status.EMBEDDING],
        issued_at__lt=cutoff).values_list("pk", flat=True))
    for pk in episodes:
        register_episode.delay(pk)
    for pk in copies:
        make_distribution_copy.delay(pk)
    return len(episodes) + len(copies)

"""Platform-level tasks: the beat heartbeat and the broker round-trip self-test."""

from __future__ import annotations

import time

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .heartbeat import record_beat
from .jobs import run_once
from .models import SelfTestRun


@shared_task(name="microdrama.hub.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Scheduled by beat every 30 s; proves beat and at least one worker are both running."""
    record_beat()


@shared_task(name="microdrama.hub.tasks.self_test", bind=True)
def self_test(self, token: str, hold_seconds: float = 0.0) -> dict:
    """Round trip through broker and worker. `hold_seconds` keeps the task in flight, which is how
    operators (and the tests) check that a worker killed mid-task loses nothing."""
    SelfTestRun.objects.filter(token=token).update(attempts=F("attempts") + 1)
    if hold_seconds:
        time.sleep(hold_seconds)
    hostname = self.request.hostname or "eager"

    def complete() -> int:
        return SelfTestRun.objects.filter(token=token).update(
            completed_by=hostname, completed_at=timezone.now()
        )

    applied, _ = run_once(f"self-test:{token}", complete)
    run = SelfTestRun.objects.get(token=token)
    return {"token": token, "applied": applied, "completed_by": run.completed_by, "attempts": run.attempts}


@shared_task(name="microdrama.hub.tasks.send_notification_email", bind=True, max_retries=5,
             default_retry_delay=60)
def send_notification_email(self, notification_id: int) -> bool:
    """Send one notification by e-mail; idempotent (`emailed_at`), retried with back-off on SMTP errors."""
    from django.core.mail import send_mail

    from .models import Notification
    from .notifications import absolute_url

    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or note.emailed_at or not note.user.email:
        return False
    body = note.body + (f"\n\n{absolute_url(note.url)}" if note.url else "")
    try:
        send_mail(f"[微短剧产业服务平台] {note.title}", body, None, [note.user.email])
    except OSError as exc:
        Notification.objects.filter(pk=note.pk).update(email_error=str(exc)[:300])
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(emailed_at=timezone.now(), email_error="")
    return True

"""Notifying people: in-app notifications and e-mail, each exactly once per key and person.

Any app calls `notify(...)`; the e-mail goes out from a Celery task after the transaction commits,
so a rolled-back operation never sends mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Notification

_mail_off: ContextVar[bool] = ContextVar("notifications_mail_off", default=False)


@contextmanager
def without_email():
    """Record in-app notifications but send no mail (loading demo histories, bulk imports)."""
    token = _mail_off.set(True)
    try:
        yield
    finally:
        _mail_off.reset(token)


def notify(users: Iterable, key: str, title: str, body: str = "", url: str = "", *, level: str = "info",
           email: bool = True) -> list[Notification]:
    created = []
    for user in {u for u in users if u is not None and u.is_active}:
        try:
            with transaction.atomic():
                note = Notification.objects.create(user=user, key=key, title=title[:200], body=body, url=url,
                                                   level=level, email=email and bool(user.email) and not _mail_off.get())
        except IntegrityError:
            continue  # already notified under this key
        created.append(note)
        if note.email:
            from .tasks import send_notification_email

            transaction.on_commit(lambda pk=note.pk: send_notification_email.delay(pk))
    return created


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path

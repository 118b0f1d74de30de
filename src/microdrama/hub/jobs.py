"""Exactly-once effects for at-least-once tasks.

Celery with `acks_late` may deliver a task again after a worker dies. A task wraps its database
effects in `run_once(key)`: the effects and the ledger row commit in one transaction, so a second
delivery of the same job finds the key and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from .models import CompletedJob

T = TypeVar("T")


def already_done(key: str) -> bool:
    return CompletedJob.objects.filter(key=key).exists()


def run_once(key: str, effects: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `effects` in a transaction with the ledger entry for `key`.

    Returns (True, result) when this call applied the effects, (False, None) when another delivery
    already had. Two deliveries racing each other: one commits, the other rolls back on the
    unique key.
    """
    if already_done(key):
        return False, None
    try:
        with transaction.atomic():
            result = effects()
            CompletedJob.objects.create(key=key)
    except IntegrityError:
        if already_done(key):
            return False, None
        raise
    return True, result

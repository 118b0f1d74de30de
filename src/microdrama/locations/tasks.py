"""Background work of the shooting base: the periodic sweep that expires undecided holds."""

from __future__ import annotations

from celery import shared_task

from .services.bookings import expire_lapsed_holds


@shared_task(name="microdrama.locations.tasks.expire_holds", acks_late=True)
def expire_holds() -> int:
    """Idempotent: a hold that is already expired is not touched again, so a redelivery is harmless."""
    return expire_lapsed_holds()

"""Background work of enforcement: fix a case's evidence, read its watermark, deliver notices,
re-check URLs and run the clock. Each task is safe to run again."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="microdrama.enforcement.tasks.collect_evidence", acks_late=True)
def collect_evidence(case_id: int) -> str:
    return services.collect_evidence(case_id)


@shared_task(name="microdrama.enforcement.tasks.check_watermark", acks_late=True)
def check_watermark(case_id: int) -> str:
    return services.check_watermark(case_id)


@shared_task(name="microdrama.enforcement.tasks.deliver", acks_late=True)
def deliver(delivery_id: int) -> str:
    return services.deliver(delivery_id)


@shared_task(name="microdrama.enforcement.tasks.recheck_case", acks_late=True)
def recheck_case(case_id: int) -> str:
    return services.recheck(case_id)


@shared_task(name="microdrama.enforcement.tasks.sweep", acks_late=True)
def sweep() -> dict:
    return services.sweep()

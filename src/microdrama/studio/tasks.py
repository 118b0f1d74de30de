"""The AI lab's one Celery task: run a studio job (on the "studio" queue).

Acknowledged late and rejected when its worker is lost, so a job whose worker dies is delivered
again and resumes from the engine's caches (`services.jobs.execute` is safe to repeat).
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="microdrama.studio.tasks.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> str:
    from .services.jobs import execute

    return execute(job_id)

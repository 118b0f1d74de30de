"""The one Celery app. Tasks are idempotent and acknowledged late, so a worker that dies mid-task
hands the task back to the broker and another run finishes it exactly once.
"""

from __future__ import annotations

import os

from celery import Celery, bootsteps
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microdrama.hub.settings")

app = Celery("microdrama")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class HeartbeatStep(bootsteps.StartStopStep):
    """Writes this worker's heartbeat every few seconds, so /api/v1/health can tell it is alive
    on any broker (the filesystem transport has no broadcast, so `control.ping` cannot)."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        from .heartbeat import record_worker

        record_worker(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            settings.HEARTBEAT_SECONDS, record_worker, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref:
            self.tref.cancel()


app.steps["worker"].add(HeartbeatStep)


@worker_process_init.connect
def _one_thread_per_task(**kwargs) -> None:
    """Parallelism comes from worker processes; FAISS's own OpenMP threads would only contend."""
    try:
        import faiss

        faiss.omp_set_num_threads(1)
    except ImportError:  # pragma: no cover - faiss is a dependency
        pass

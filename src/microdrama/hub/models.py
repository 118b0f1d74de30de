"""Liveness records of background processes (workers and beat)."""

from django.db import models


class Heartbeat(models.Model):
    """Last sign of life of one background process, keyed by its name."""

    class Kind(models.TextChoices):
        WORKER = "worker", "worker"
        BEAT = "beat", "beat"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class CompletedJob(models.Model):
    """Idempotency ledger: a background job whose key is here has had its effects committed."""

    key = models.CharField(max_length=255, unique=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class SelfTestRun(models.Model):
    """One `microdrama check` round trip through the broker; `attempts` counts deliveries."""

    token = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    completed_by = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"self-test {self.token}"

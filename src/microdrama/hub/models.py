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


class Notification(models.Model):
    """An in-app notification (and, when `email` is set, an e-mail) for one person.

    `key` makes sending idempotent: the same key for the same person is stored once, so a task that
    runs twice never notifies twice.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=10, default="info")  # info | warning | danger
    email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.title


class Upload(models.Model):
    """A resumable upload (tus 1.0 core protocol): bytes land in a part file, then a handler for the
    upload's `purpose` validates and files them (an episode of a cut, a work to register, …)."""

    id = models.UUIDField(primary_key=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="uploads")
    purpose = models.CharField(max_length=40)
    meta = models.JSONField(default=dict)
    filename = models.CharField(max_length=255)
    length = models.PositiveBigIntegerField()
    offset = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.filename} {self.offset}/{self.length}"

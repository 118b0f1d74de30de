"""The tamper-evident evidence log: append-only entries (Merkle leaves) and signed tree heads."""

from __future__ import annotations

from django.db import models


class EvidenceEntry(models.Model):
    """One leaf of the log. `data` is the canonical JSON the leaf hash was computed from."""

    index = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=40)
    data = models.TextField()
    leaf_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["index"]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}"


class TreeHead(models.Model):
    """A signed statement "the log had `size` leaves with this root at this time" (Ed25519)."""

    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    timestamp = models.DateTimeField()
    signature = models.CharField(max_length=128)
    key_id = models.CharField(max_length=16)

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"STH size={self.size} root={self.root_hash[:12]}…"

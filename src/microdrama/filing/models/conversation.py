"""The one-to-one conversation between a company and its 剧管家 about a drama, with read receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dramas import Drama


def message_path(instance: Message, filename: str) -> str:
    return f"filing/dramas/{instance.drama_id}/messages/{filename}"


class Message(models.Model):
    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"), max_length=5000)
    attachment = models.FileField(upload_to=message_path, blank=True, max_length=300)
    attachment_name = models.CharField(max_length=200, blank=True)
    missing_items = models.JSONField(default=list, blank=True)  # a revision request's checklist
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class MessageRead(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="one_read_per_user")]

    def __str__(self) -> str:
        return f"{self.user} read {self.message_id}"

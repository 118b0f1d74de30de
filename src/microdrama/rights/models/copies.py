"""Per-recipient watermarked distribution copies, and leak traces that read a payload back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import ScopedQuerySet
from microdrama.accounts.models import Organisation

from .evidence import EvidenceEntry
from .works import RegisteredEpisode, Work


class CopyQuerySet(ScopedQuerySet):
    def for_member(self, user, org):
        """The rights holder and the copyright centre see every copy; a recipient sees its own."""
        return self.filter(Q(episode__work__in=Work.objects.visible_to(user)) | Q(recipient=org))


def copy_path(instance: DistributionCopy, filename: str) -> str:
    return f"rights/copies/{instance.episode_id}/{instance.payload}-{filename}"


class DistributionCopy(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("等待生成")
        EMBEDDING = "embedding", _("嵌入水印中")
        READY = "ready", _("可下载")
        FAILED = "failed", _("生成失败")

    episode = models.ForeignKey(RegisteredEpisode, on_delete=models.PROTECT, related_name="copies")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="received_copies",
                                  verbose_name=_("接收方"))
    payload = models.CharField(_("水印编号"), max_length=16, unique=True)  # 64-bit id, hex
    file = models.FileField(upload_to=copy_path, max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.FloatField(default=0.0)
    error = models.CharField(max_length=300, blank=True)
    psnr = models.FloatField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    evidence = models.OneToOneField(EvidenceEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = CopyQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.episode} → {self.recipient} [{self.payload}]"


def trace_path(instance: LeakTrace, filename: str) -> str:
    return f"rights/traces/{filename}"


class LeakTrace(models.Model):
    """A suspect clip checked for a watermark: which distribution copy it came from, if any."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=trace_path, max_length=300)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, default="pending")
    result = models.JSONField(default=dict, blank=True)
    copy = models.ForeignKey(DistributionCopy, null=True, blank=True, on_delete=models.SET_NULL, related_name="traces")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"trace {self.original_name}"

"""Episodes of the finished cut uploaded with an online filing, with their technical pre-check."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application


def episode_path(instance: Episode, filename: str) -> str:
    return f"filing/applications/{instance.application_id}/episodes/{instance.number:03d}-{filename}"


class Episode(models.Model):
    class QC(models.TextChoices):
        PENDING = "pending", _("等待检测")
        RUNNING = "running", _("检测中")
        PASSED = "passed", _("检测通过")
        WARNINGS = "warnings", _("有提示")
        FAILED = "failed", _("未通过")
        ERROR = "error", _("无法检测")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField(_("集数"))
    file = models.FileField(upload_to=episode_path, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    duration = models.FloatField(_("时长（秒）"), null=True, blank=True)
    probe = models.JSONField(default=dict, blank=True)
    qc_status = models.CharField(_("技术检测"), max_length=20, choices=QC.choices, default=QC.PENDING)
    qc_progress = models.FloatField(default=0.0)
    qc_report = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="unique_episode_number")]

    def __str__(self) -> str:
        return f"{self.application.drama} 第{self.number}集"

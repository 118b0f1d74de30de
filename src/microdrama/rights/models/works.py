"""Registered works (确权) and their episodes, each fingerprinted into the reference index."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import ScopedQuerySet
from microdrama.accounts.models import Organisation

from .evidence import EvidenceEntry


class WorkQuerySet(ScopedQuerySet):
    def for_member(self, user, org):
        """Rights holders see their own works; the copyright centre sees all."""
        return self if org.kind == Organisation.Kind.COPYRIGHT_CENTRE else self.filter(owner=org)


class Work(models.Model):
    class Source(models.TextChoices):
        FILING = "filing", _("上线备案通过后自动登记")
        MANUAL = "manual", _("手动登记")

    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="works", verbose_name=_("权利人"))
    title = models.CharField(_("作品名称"), max_length=60)
    filing_number = models.CharField(_("备案号"), max_length=60, blank=True)
    drama_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)  # filing.Drama, by id only
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    aliases = models.JSONField(_("别名与角色名"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("登记作品")
        verbose_name_plural = _("登记作品")

    def __str__(self) -> str:
        return f"《{self.title}》"


class EpisodeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(work__in=Work.objects.visible_to(user))


def episode_path(instance: RegisteredEpisode, filename: str) -> str:
    return f"rights/works/{instance.work_id}/{instance.number:03d}-{filename}"


class RegisteredEpisode(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("等待登记")
        FINGERPRINTING = "fingerprinting", _("提取指纹中")
        REGISTERED = "registered", _("已登记")
        FAILED = "failed", _("登记失败")

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="episodes")
    number = models.PositiveSmallIntegerField(_("集数"))
    file = models.FileField(upload_to=episode_path, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    duration = models.FloatField(null=True, blank=True)
    fingerprint = models.BinaryField(null=True, blank=True)
    fp_digest = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.FloatField(default=0.0)
    error = models.CharField(max_length=300, blank=True)
    certificate_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evidence = models.OneToOneField(EvidenceEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["work", "number"]
        constraints = [models.UniqueConstraint(fields=["work", "number"], name="unique_registered_episode")]

    def __str__(self) -> str:
        return f"{self.work} 第{self.number}集"

    @property
    def ref_id(self) -> str:
        """The id of this episode in the reference index."""
        return f"episode:{self.pk}"

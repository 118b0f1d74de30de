"""Candidate videos found by the sources (downloaded with limits, hashed, fingerprinted) and the
matches the copy-detection engine found for them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .access import is_monitoring_staff
from .sources import Run, Source


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_monitoring_staff(user) else self.none()


def candidate_path(instance: Candidate, filename: str) -> str:
    return f"monitoring/candidates/{instance.pk or 'new'}/{filename}"


class Candidate(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("等待下载")
        FETCHING = "fetching", _("下载中")
        FINGERPRINTING = "fingerprinting", _("提取指纹中")
        MATCHING = "matching", _("比对中")
        MATCHED = "matched", _("疑似盗版")
        CLEAR = "clear", _("未发现匹配")
        DUPLICATE = "duplicate", _("重复内容")
        REJECTED = "rejected", _("无法使用")
        FAILED = "failed", _("多次失败")

    OPEN = (Status.QUEUED, Status.FETCHING, Status.FINGERPRINTING, Status.MATCHING)

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="candidates")
    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates")
    platform = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    url = models.CharField(_("地址"), max_length=1000)  # the page (or file) as the source listed it
    url_key = models.CharField(max_length=64, unique=True)  # same URL = same candidate
    media_url = models.CharField(max_length=1000, blank=True)  # the video file actually downloaded
    title = models.CharField(_("标题"), max_length=300, blank=True)
    uploader = models.CharField(_("上传者"), max_length=200, blank=True)
    uploader_url = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    query = models.CharField(max_length=200, blank=True)  # the keyword that found it, if any

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker took the current step

    file = models.FileField(upload_to=candidate_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    content_type = models.CharField(max_length=100, blank=True)
    duration = models.FloatField(null=True, blank=True)
    fp_file = models.FileField(upload_to=candidate_path, max_length=300, blank=True)
    fp_digest = models.CharField(max_length=64, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_report = models.JSONField(default=dict, blank=True)  # shards searched, by which worker, how long

    discovered_at = models.DateTimeField()
    fetched_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            # one original per content: a second copy of the same bytes is a duplicate of the first
            models.UniqueConstraint(
                fields=["sha256"],
                condition=Q(duplicate_of__isnull=True) & ~Q(sha256=""),
                name="one_original_per_content",
            ),
        ]
        verbose_name = _("候选视频")
        verbose_name_plural = _("候选视频")

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def lag_seconds(self) -> float | None:
        """From discovery to a match decision."""
        return (self.matched_at - self.discovered_at).total_seconds() if self.matched_at else None

    @property
    def is_file(self) -> bool:
        return self.url.startswith("file://")

    @property
    def local_path(self) -> Path:
        """The file a watched-folder candidate names (its URL is percent-encoded)."""
        return Path(unquote(urlsplit(self.url).path))


class Match(models.Model):
    """One registered episode that a candidate copies (CopyMatch.as_dict() in `data`)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="matches")
    ref_id = models.CharField(max_length=100)
    episode = models.ForeignKey(
        "rights.RegisteredEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work = models.ForeignKey(
        "rights.Work", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField()
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["candidate", "ref_id"], name="unique_candidate_match")]

    def __str__(self) -> str:
        return f"{self.candidate_id} ~ {self.ref_id} ({self.score:.2f})"

    @property
    def segments(self) -> list[dict]:
        return self.data.get("segments", [])

"""Infringement cases (one per suspect video and work), their events (who, when, why) and their
evidence items, each entered in the rights evidence log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .access import case_scope


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pk__in=case_scope(user).values("pk"))


class Case(models.Model):
    class State(models.TextChoices):
        DETECTED = "detected", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        NOTICE_SENT = "notice_sent", _("已发预警函")
        TAKEN_DOWN = "taken_down", _("已下架")
        DISPUTED = "disputed", _("平台异议")
        ESCALATED = "escalated", _("已升级")
        CLOSED = "closed", _("已结案")

    class Resolution(models.TextChoices):
        NONE = "", _("—")
        REMOVED = "removed", _("已下架")
        NOT_INFRINGING = "not_infringing", _("经复核不构成侵权")
        DISPUTE_ACCEPTED = "dispute_accepted", _("采纳平台异议")
        WITHDRAWN = "withdrawn", _("撤回")

    OPEN_STATES = (
        State.DETECTED,
        State.CONFIRMED,
        State.NOTICE_SENT,
        State.TAKEN_DOWN,
        State.DISPUTED,
        State.ESCALATED,
    )
    WATCHED_STATES = (State.NOTICE_SENT, State.TAKEN_DOWN, State.DISPUTED, State.ESCALATED)  # re-checked

    candidate = models.ForeignKey("monitoring.Candidate", on_delete=models.PROTECT, related_name="cases")
    work = models.ForeignKey(
        "rights.Work", on_delete=models.PROTECT, related_name="cases", verbose_name=_("作品")
    )
    episode = models.ForeignKey(
        "rights.RegisteredEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    platform = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("平台"),
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DETECTED)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True, default="")
    score = models.FloatField(_("比对评分"))
    auto_confirmed = models.BooleanField(default=False)

    url = models.CharField(_("侵权地址"), max_length=1000)
    media_url = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    uploader = models.CharField(_("上传者"), max_length=200, blank=True)

    detected_at = models.DateTimeField(_("发现时间"))
    notice_due_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    takedown_due_at = models.DateTimeField(null=True, blank=True)
    taken_down_at = models.DateTimeField(null=True, blank=True)  # reported by the platform or seen gone
    disappeared_at = models.DateTimeField(null=True, blank=True)  # when our re-check found it gone
    closed_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)  # 0 none, 1 reminded, 2 escalated
    last_checked_at = models.DateTimeField(null=True, blank=True)
    still_online = models.BooleanField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "work"], name="one_case_per_video_and_work")
        ]
        verbose_name = _("侵权案件")
        verbose_name_plural = _("侵权案件")

    def __str__(self) -> str:
        return f"{self.number} {self.work}"

    @property
    def number(self) -> str:
        return f"QQ{self.detected_at:%Y}-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    @property
    def time_to_notice(self) -> float | None:
        return (self.notice_sent_at - self.detected_at).total_seconds() if self.notice_sent_at else None

    @property
    def time_to_takedown(self) -> float | None:
        gone = self.taken_down_at or self.disappeared_at
        return (gone - self.notice_sent_at).total_seconds() if gone and self.notice_sent_at else None


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True, choices=Case.State.choices)
    to_state = models.CharField(max_length=20, blank=True, choices=Case.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    evidence = models.ForeignKey(
        "rights.EvidenceEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"


def evidence_path(instance: EvidenceItem, filename: str) -> str:
    return f"enforcement/evidence/{instance.case_id}/{filename}"


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        FETCH = "fetch", _("取证记录")
        MATCH = "match", _("比对结果")
        FRAMES = "frames", _("画面对照")
        WATERMARK = "watermark", _("水印检测")
        LETTER = "letter", _("预警函")
        RECHECK = "recheck", _("复查记录")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    data = models.JSONField(default=dict)
    reference_image = models.ImageField(upload_to=evidence_path, max_length=300, blank=True)
    suspect_image = models.ImageField(upload_to=evidence_path, max_length=300, blank=True)
    entry = models.ForeignKey("rights.EvidenceEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.entry.index}"

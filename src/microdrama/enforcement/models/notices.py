"""Platform profiles (where notices go and how fast the platform agreed to act), warning letters
(预警函) and reminders/escalations, and each attempt to deliver them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .access import case_scope, is_centre


class PlatformProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="enforcement_profile",
        verbose_name=_("平台"),
        limit_choices_to={"kind": "platform"},
    )
    notice_email = models.EmailField(_("通知邮箱"), blank=True)
    webhook_url = models.URLField(_("Webhook 地址"), max_length=500, blank=True)
    webhook_secret_env = models.CharField(
        _("Webhook 密钥环境变量名"),
        max_length=80,
        blank=True,
        help_text=_("签名密钥从该环境变量读取，不保存在数据库中"),
    )
    api_enabled = models.BooleanField(_("通过 API 接收通知"), default=True)
    contact_name = models.CharField(_("对接人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("对接电话"), max_length=40, blank=True)
    escalation_name = models.CharField(_("升级联系人"), max_length=60, blank=True)
    escalation_email = models.EmailField(_("升级联系人邮箱"), blank=True)
    response_hours = models.PositiveSmallIntegerField(_("约定下架时限（小时）"), default=24)
    allow_private_network = models.BooleanField(
        _("Webhook 允许内网地址"), default=False, help_text=_("仅对 MONITORING_PRIVATE_NETWORKS 中的网段生效")
    )

    class Meta:
        verbose_name = _("平台维权档案")
        verbose_name_plural = _("平台维权档案")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def channels(self) -> list[str]:
        return [c for c, on in (("email", self.notice_email), ("webhook", self.webhook_url)) if on]


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The centre sees all; a rights holder the notices about its works; a platform those sent to it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_centre(user):
            return self
        org = user.organisation
        if org is None:
            return self.none()
        return self.filter(Q(recipient=org) | Q(case__in=case_scope(user))).distinct()


def notice_path(instance: Notice, filename: str) -> str:
    return f"enforcement/notices/{instance.case_id}/{filename}"


class Notice(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("预警函")
        REMINDER = "reminder", _("催告函")
        ESCALATION = "escalation", _("升级通知")

    class Response(models.TextChoices):
        NONE = "", _("未答复")
        TAKEN_DOWN = "taken_down", _("已下架")
        DISPUTED = "disputed", _("提出异议")

    case = models.ForeignKey("enforcement.Case", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    number = models.CharField(_("函号"), max_length=40, unique=True)
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="received_notices")
    pdf = models.FileField(upload_to=notice_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)  # first successful delivery
    deadline = models.DateTimeField(null=True, blank=True)  # takedown expected by
    response = models.CharField(max_length=20, choices=Response.choices, blank=True, default="")
    response_note = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_notice_of_each_kind_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        RETRYING = "retrying", _("等待重试")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("发送失败")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    target = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_code = models.IntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    log = models.JSONField(default=list, blank=True)  # one line per attempt: at, ok, code, error, seconds

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel", "target"], name="one_delivery_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.target} ({self.status})"

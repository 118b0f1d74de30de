"""Regulatory rules as data with effective dates: tier classification and SLA policies.

Rules are never edited in place: a change is a new version that supersedes the old one, so every
application keeps pointing at the exact rule that classified it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SPECIAL_TOPICS = [
    ("politics", _("政治")), ("military", _("军事")), ("diplomacy", _("外交")), ("national_security", _("国家安全")),
    ("united_front", _("统战")), ("ethnicity", _("民族")), ("religion", _("宗教")), ("judiciary", _("司法")),
    ("public_security", _("公安")),
]


class Tier(models.TextChoices):
    KEY = "key", _("重点")
    ORDINARY = "ordinary", _("普通")
    OTHER = "other", _("其他")


class TierRule(models.Model):
    """One version of the 分类分层 rule: thresholds, which conditions make a drama 重点, and the route
    each tier takes (who reviews it, which number it gets, how many reviewers)."""

    name = models.CharField(_("规则名称"), max_length=120)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    key_threshold = models.DecimalField(_("重点投资额门槛（元）"), max_digits=14, decimal_places=2)
    ordinary_threshold = models.DecimalField(_("普通投资额门槛（元）"), max_digits=14, decimal_places=2)
    special_topics_make_key = models.BooleanField(_("特殊题材列为重点"), default=True)
    recommended_makes_key = models.BooleanField(_("平台招商主推/首页首屏列为重点"), default=False)
    opt_in_makes_key = models.BooleanField(_("制作方申请可列为重点"), default=False)
    routes = models.JSONField(_("各类别审核路径"), default=dict)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by")
    retired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-created_at"]
        verbose_name = _("分类规则")
        verbose_name_plural = _("分类规则")

    def __str__(self) -> str:
        return f"{self.name} v{self.pk} ({self.valid_from}–{self.valid_to or '…'})"

    @property
    def version_label(self) -> str:
        return f"{self.name} · #{self.pk}"

    def route(self, tier: str) -> dict:
        return self.routes.get(tier, {})

    def min_reviewers(self, tier: str) -> int:
        return int(self.route(tier).get("min_reviewers", 1))

    def number_kind(self, tier: str) -> str:
        """审 (licence), 备 (registration) or 平台 (platform number)."""
        return self.route(tier).get("number_kind", "备")

    @staticmethod
    def yuan(value) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))


class SlaPolicy(models.Model):
    """Working-day target for one stage, with the pause policy and warning thresholds."""

    class OnResubmit(models.TextChoices):
        RESUME = "resume", _("补正后继续计时")
        RESTART = "restart", _("补正后重新计时")

    stage = models.CharField(_("阶段"), max_length=20)
    name = models.CharField(_("名称"), max_length=60)
    working_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    on_resubmit = models.CharField(_("补正后"), max_length=10, choices=OnResubmit.choices, default=OnResubmit.RESUME)
    warn_percentages = models.JSONField(_("提醒阈值（%）"), default=list)
    open_time = models.TimeField(_("上班时间"), default="09:00")
    close_time = models.TimeField(_("下班时间"), default="17:30")
    valid_from = models.DateField(_("生效日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage", "-valid_from", "-created_at"]
        verbose_name = _("时限规则")
        verbose_name_plural = _("时限规则")

    def __str__(self) -> str:
        return f"{self.name}: {self.working_days} WD ({self.get_on_resubmit_display()})"

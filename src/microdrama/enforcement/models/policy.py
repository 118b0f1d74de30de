"""The enforcement policy as data with an effective date: the notice and takedown clocks, the
escalation steps, the re-check interval and the two score thresholds. Never constants in code."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    effective_from = models.DateField(_("生效日期"), unique=True)
    notice_hours = models.DecimalField(
        _("发现后发出预警函时限（小时）"), max_digits=5, decimal_places=2, default=2
    )
    takedown_hours = models.DecimalField(
        _("预警函后下架时限（小时）"), max_digits=5, decimal_places=2, default=24
    )
    escalate_after_hours = models.DecimalField(
        _("催告后升级时限（小时）"),
        max_digits=5,
        decimal_places=2,
        default=4,
        help_text=_("下架逾期即催告；催告后仍未下架，过此时限上报平台升级联系人"),
    )
    recheck_minutes = models.PositiveIntegerField(_("复查间隔（分钟）"), default=30)
    review_threshold = models.FloatField(
        _("立案阈值"), default=0.5, help_text=_("比对评分达到此值即立案（引擎校准阈值 0.5 ≈ 误报概率 1e-5）")
    )
    confirm_threshold = models.FloatField(
        _("自动确认阈值"), default=0.8, help_text=_("达到此值自动确认并发函；介于两者之间的由版权专员复核")
    )
    note = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("维权规则")
        verbose_name_plural = _("维权规则")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.notice_hours} h / {self.takedown_hours} h"

    @classmethod
    def current(cls, on: date | None = None) -> Policy:
        on = on or timezone.localdate()
        policy = cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
        return policy or cls(effective_from=date(2000, 1, 1))

"""Shooting plans (拍摄计划): a drama's scene list grouped by set into strips of a stripboard.

Scenes come typed in, pasted from a spreadsheet, or from the AI lab's shot list through
`services.plans.plan_from_scenes`. Scenes that need the same kind and type of set form one strip
(`PlanGroup`); a strip occupies consecutive half-days and, once booked, points at its booking.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import ScopedQuerySet, acts_for_company
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import Role
from microdrama.filing.models import Drama

from .bookings import ACTIVE_STATUSES, Slot
from .sets import Set, SetKind


class PlanQuerySet(ScopedQuerySet):
    def for_member(self, user, org):
        """A plan is the production company's own working paper."""
        if not acts_for_company(user, org, Role.APPLICANT, Role.CREATOR):
            return self.none()
        return self.filter(company=org)


class ShootingPlan(models.Model):
    class Source(models.TextChoices):
        TYPED = "typed", _("手工录入")
        AI_LAB = "ai_lab", _("AI 创作实验室")

    drama = models.ForeignKey(
        Drama, on_delete=models.CASCADE, related_name="shooting_plans", verbose_name=_("剧目")
    )
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("计划名称"), max_length=60)
    start_date = models.DateField(_("开机日期"))
    preferred_city = models.CharField(_("优先城市"), max_length=20, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.TYPED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("拍摄计划")
        verbose_name_plural = _("拍摄计划")

    def __str__(self) -> str:
        return self.title


class PlanGroup(models.Model):
    """One strip: every scene that shoots on the same kind and type of set, in one block of half-days."""

    plan = models.ForeignKey(ShootingPlan, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("类别"), max_length=20, choices=SetKind.choices, blank=True)
    set_type = models.CharField(_("场景类型"), max_length=30)
    half_days = models.PositiveSmallIntegerField(
        _("所需半天数"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    start_date = models.DateField(_("开始日期"))
    start_slot = models.CharField(_("开始时段"), max_length=2, choices=Slot.choices, default=Slot.AM)
    chosen_set = models.ForeignKey(
        Set, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("选定场景")
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or ''}{self.set_type}"

    @property
    def slots(self) -> list[tuple[date, str]]:
        """The consecutive half-days this strip occupies, from its start slot on."""
        out: list[tuple[date, str]] = []
        day, slot = self.start_date, self.start_slot
        for _n in range(self.half_days):
            out.append((day, slot))
            if slot == Slot.AM:
                slot = Slot.PM
            else:
                day, slot = day + timedelta(days=1), Slot.AM
        return out

    @property
    def end_date(self) -> date:
        return self.slots[-1][0]

    @property
    def active_booking(self):
        return next((b for b in self.bookings.all() if b.effective_status in ACTIVE_STATUSES), None)

    @property
    def scene_total(self) -> int:
        return sum(s.scene_count for s in self.scenes.all())


class PlanScene(models.Model):
    plan = models.ForeignKey(ShootingPlan, on_delete=models.CASCADE, related_name="scenes")
    group = models.ForeignKey(
        PlanGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="scenes"
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("类别"), max_length=20, choices=SetKind.choices, blank=True)
    set_type = models.CharField(_("场景类型"), max_length=30)
    description = models.CharField(_("场景描述"), max_length=200, blank=True)
    scene_count = models.PositiveSmallIntegerField(_("场次"), default=1, validators=[MinValueValidator(1)])
    minutes = models.DecimalField(
        _("成片时长（分钟）"), max_digits=6, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.set_type} {self.description}"

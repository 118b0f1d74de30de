"""Casting (选角): the roles a drama needs and the shortlist of profiles for each role.

Roles come from the drama's filed creators (主演 with the character they play), are typed in, or
arrive from the AI lab's character bible through `services.casting.set_roles_from_dicts`. The
shortlist belongs to the drama's production company and nobody else sees it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama

from .profiles import Gender, TalentKind, TalentProfile


def _company_filter(user, field: str) -> dict | None:
    """The lookup for the production company a user casts for, or None when they cast for none."""
    if not getattr(user, "is_authenticated", False):
        return None
    org = user.organisation
    if org is None or org.kind != OrgKind.PRODUCTION or not user.has_role(Role.APPLICANT, Role.CREATOR):
        return None
    return {field: org}


class CastingQuerySet(models.QuerySet):
    company_field = "drama__company"

    def visible_to(self, user):
        """Only the drama's production company (and admins) see its roles and shortlist."""
        if getattr(user, "is_authenticated", False) and user.is_platform_admin:
            return self
        lookup = _company_filter(user, self.company_field)
        return self.filter(**lookup) if lookup else self.none()


class ShortlistQuerySet(CastingQuerySet):
    company_field = "company"


class EntryQuerySet(CastingQuerySet):
    company_field = "role__drama__company"


class CastingRole(models.Model):
    class Source(models.TextChoices):
        FILING = "filing", _("备案主创")
        TYPED = "typed", _("手工录入")
        AI_LAB = "ai_lab", _("AI 人物小传")

    drama = models.ForeignKey(
        Drama, on_delete=models.CASCADE, related_name="casting_roles", verbose_name=_("剧目")
    )
    name = models.CharField(_("角色名"), max_length=40)
    kind = models.CharField(
        _("所需人才"), max_length=20, choices=TalentKind.choices, default=TalentKind.ACTOR
    )
    description = models.CharField(_("人物描述"), max_length=300, blank=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("年龄（起）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("年龄（止）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    languages = models.JSONField(_("语言"), default=list, blank=True)
    dialects = models.JSONField(_("方言"), default=list, blank=True)
    specialities = models.JSONField(_("特长"), default=list, blank=True)
    filed_name = models.CharField(
        _("备案人选"), max_length=40, blank=True, help_text=_("备案材料中已填报的主创姓名")
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.TYPED)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CastingQuerySet.as_manager()

    class Meta:
        ordering = ["drama", "order", "pk"]
        verbose_name = _("角色需求")
        verbose_name_plural = _("角色需求")
        constraints = [models.UniqueConstraint(fields=["drama", "name"], name="unique_role_per_drama")]

    def __str__(self) -> str:
        return self.name

    @property
    def age_range(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        return f"{self.age_min if self.age_min is not None else ''}–{self.age_max if self.age_max is not None else ''}"


class Shortlist(models.Model):
    """The drama's casting sheet: its shooting window (for availability) and notes."""

    drama = models.OneToOneField(Drama, on_delete=models.CASCADE, related_name="shortlist")
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    shoot_start = models.DateField(_("开机日期"), null=True, blank=True)
    shoot_end = models.DateField(_("杀青日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("选角名单")
        verbose_name_plural = _("选角名单")

    def __str__(self) -> str:
        return f"{self.drama} 选角"


class ShortlistEntry(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候选")
        CONTACTED = "contacted", _("已联系")
        AUDITION = "audition", _("试镜")
        CONFIRMED = "confirmed", _("已确定")
        DROPPED = "dropped", _("不合适")

    role = models.ForeignKey(CastingRole, on_delete=models.CASCADE, related_name="entries")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="shortlisted")
    status = models.CharField(_("进展"), max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    score = models.PositiveSmallIntegerField(_("匹配分"), default=0)
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["role", "-score", "pk"]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        constraints = [models.UniqueConstraint(fields=["role", "profile"], name="one_entry_per_role_profile")]

    def __str__(self) -> str:
        return f"{self.role} · {self.profile.name}"

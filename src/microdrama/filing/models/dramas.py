"""Dramas (剧目) as a production company declares them, their creators and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import ScopedQuerySet
from microdrama.accounts.models import Organisation

from .rules import SPECIAL_TOPICS

TITLE_MAX_LENGTH = 30


class DramaQuerySet(ScopedQuerySet):
    def for_member(self, user, org):
        """Company people see their company's dramas; filing-centre staff see all."""
        if org.kind == Organisation.Kind.FILING_CENTRE:
            return self
        if org.kind == Organisation.Kind.PRODUCTION:
            return self.filter(company=org)
        return self.none()


class Drama(models.Model):
    class Genre(models.TextChoices):
        URBAN = "urban", _("都市")
        ROMANCE = "romance", _("甜宠")
        COMEBACK = "comeback", _("逆袭")
        FAMILY = "family", _("家庭伦理")
        SUSPENSE = "suspense", _("悬疑")
        COSTUME = "costume", _("古装")
        HISTORY = "history", _("历史")
        YOUTH = "youth", _("青春校园")
        RURAL = "rural", _("乡村振兴")
        FANTASY = "fantasy", _("奇幻")
        SCIFI = "scifi", _("科幻")
        COMEDY = "comedy", _("喜剧")
        REALISM = "realism", _("现实题材")
        CRIME = "crime", _("刑侦")
        MILITARY = "military", _("军旅")
        OTHER = "other", _("其他")

    class Kind(models.TextChoices):
        LIVE = "live", _("真人")
        ANIMATION = "animation", _("动画")
        AIGC = "aigc", _("AIGC")
        DIGITAL_HUMAN = "digital_human", _("数字人")

    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dramas", verbose_name=_("制作机构"))
    title = models.CharField(_("剧名"), max_length=TITLE_MAX_LENGTH)
    genre = models.CharField(_("题材"), max_length=20, choices=Genre.choices)
    synopsis = models.TextField(_("内容概要"), max_length=3000)
    episodes = models.PositiveSmallIntegerField(_("集数"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    minutes_per_episode = models.DecimalField(
        _("单集时长（分钟）"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.2")), MaxValueValidator(Decimal("20"))],
    )
    total_minutes = models.DecimalField(
        _("总时长（分钟）"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.2"))]
    )
    investment = models.DecimalField(
        _("总投资（元）"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("1000")), MaxValueValidator(Decimal("2000000000"))],
    )
    special_topics = models.JSONField(_("特殊题材"), default=list, blank=True)
    production_kind = models.CharField(_("制作类型"), max_length=20, choices=Kind.choices, default=Kind.LIVE)
    platform_recommended = models.BooleanField(_("平台招商主推或首页首屏推荐"), default=False)
    producer_opt_in = models.BooleanField(_("制作方申请按重点剧目管理"), default=False)
    planned_platforms = models.ManyToManyField(
        Organisation, blank=True, related_name="planned_dramas", verbose_name=_("拟播出平台"),
        limit_choices_to={"kind": Organisation.Kind.PLATFORM},
    )
    prefilled = models.BooleanField(_("待补充（由 AI 创作实验室预填）"), default=False)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_dramas",
        verbose_name=_("剧管家"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DramaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("剧目")
        verbose_name_plural = _("剧目")
        constraints = [models.UniqueConstraint(fields=["company", "title"], name="unique_title_per_company",
                                               violation_error_message=_("本机构已有同名剧目"))]

    def __str__(self) -> str:
        return f"《{self.title}》"

    @property
    def special_topic_labels(self) -> list[str]:
        labels = dict(SPECIAL_TOPICS)
        return [str(labels.get(code, code)) for code in self.special_topics]

    @property
    def investment_wan(self) -> Decimal:
        return (self.investment / Decimal(10000)).quantize(Decimal("0.01"))


class DramaCreator(models.Model):
    class Role(models.TextChoices):
        WRITER = "writer", _("编剧")
        DIRECTOR = "director", _("导演")
        LEAD = "lead", _("主演")
        PRODUCER = "producer", _("制片人")

    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="creators")
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices)
    name = models.CharField(_("姓名"), max_length=40)
    character = models.CharField(_("饰演角色"), max_length=40, blank=True)

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"filing/dramas/{instance.drama_id}/attachments/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SCRIPT = "script", _("剧本")
        OUTLINE = "outline", _("分集大纲")
        SCRIPT_PLEDGE = "script_pledge", _("剧本创作承诺书")
        COST_REPORT = "cost_report", _("成本配置报告")
        FEE_PLEDGE = "fee_pledge", _("片酬承诺书")
        RIGHTS_PLEDGE = "rights_pledge", _("权利声明及不侵权承诺函")
        AI_DECLARATION = "ai_declaration", _("AI 生成内容声明")
        OTHER = "other", _("其他")

    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

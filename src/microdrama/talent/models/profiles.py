"""Talent profiles (人才档案): who a person is, what they can do (tags), what they made (credits,
linked to dramas filed in the hub), when they are busy, and how to reach them.

Contact details are shown only to *verified* organisations (see `can_see_contact`). A profile may be
linked to a user account; that person edits their own profile, the talent officer keeps the pool.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama

# Organisations whose people may see a talent's phone, e-mail and WeChat (besides admins and the
# person themself): production companies that hire, the filing centre and the talent centre itself.
VERIFIED_ORG_KINDS = {OrgKind.PRODUCTION, OrgKind.FILING_CENTRE, OrgKind.TALENT_CENTRE}


def is_talent_officer(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_platform_admin or user.has_role(Role.TALENT_OFFICER))
    )


def is_verified(user) -> bool:
    """A verified viewer: an admin, or a member of an active production company, filing centre or
    talent centre."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_platform_admin:
        return True
    org = user.organisation
    return bool(org is not None and org.is_active and org.kind in VERIFIED_ORG_KINDS)


class TalentKind(models.TextChoices):
    ACTOR = "actor", _("演员")
    DIRECTOR = "director", _("导演")
    SCREENWRITER = "screenwriter", _("编剧")
    CINEMATOGRAPHER = "cinematographer", _("摄影")
    EDITOR = "editor", _("剪辑")
    POST_PRODUCTION = "post_production", _("后期制作")
    PRODUCER = "producer", _("制片")
    MAKEUP = "makeup", _("化妆造型")
    SOUND = "sound", _("录音")
    ART = "art", _("美术")
    AI_CREATOR = "ai_creator", _("AI 创作")
    REVIEWER = "reviewer", _("审核")


class Gender(models.TextChoices):
    FEMALE = "female", _("女")
    MALE = "male", _("男")


class TagCategory(models.TextChoices):
    LANGUAGE = "language", _("语言")
    DIALECT = "dialect", _("方言")
    SPECIALITY = "speciality", _("特长")
    GENRE = "genre", _("擅长题材")


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Talent officers and admins see the whole pool; production companies the published
        profiles; a linked person always sees their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_talent_officer(user):
            return self
        own = models.Q(user=user)
        if user.has_role(Role.APPLICANT, Role.CREATOR):
            return self.filter(own | models.Q(status=TalentProfile.Status.PUBLISHED))
        return self.filter(own)

    def editable_by(self, user):
        if is_talent_officer(user):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(user=user)
        return self.none()

    def published(self):
        return self.filter(status=TalentProfile.Status.PUBLISHED)


def headshot_path(instance: TalentProfile, filename: str) -> str:
    return f"talent/profiles/{instance.number}/{filename}"


class TalentProfile(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("公开")
        HIDDEN = "hidden", _("暂不公开")
        ARCHIVED = "archived", _("已归档")

    number = models.CharField(_("人才编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    kind = models.CharField(_("类别"), max_length=20, choices=TalentKind.choices, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), null=True, blank=True, validators=[MinValueValidator(1930), MaxValueValidator(2025)]
    )
    age_min = models.PositiveSmallIntegerField(
        _("可饰年龄（起）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("可饰年龄（止）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    height_cm = models.PositiveSmallIntegerField(
        _("身高（厘米）"), null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(250)]
    )
    city = models.CharField(_("常驻城市"), max_length=20, blank=True, db_index=True)
    school = models.CharField(_("毕业院校"), max_length=60, blank=True)
    headline = models.CharField(_("一句话介绍"), max_length=80, blank=True)
    bio = models.TextField(_("个人简介"), blank=True, max_length=3000)
    photo = models.ImageField(_("形象照"), upload_to=headshot_path, max_length=300, blank=True)
    photo_thumb = models.ImageField(upload_to=headshot_path, max_length=300, blank=True)
    showreel = models.FileField(_("作品片段（视频）"), upload_to=headshot_path, max_length=300, blank=True)
    showreel_url = models.URLField(_("作品片段链接"), blank=True)
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    wechat = models.CharField(_("微信"), max_length=40, blank=True)
    agent = models.CharField(_("经纪人"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_profile",
        verbose_name=_("本人账户"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("人才档案")
        verbose_name_plural = _("人才档案")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="talent_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def tags_of(self, category: str) -> list[str]:
        return [t.value for t in self.tags.all() if t.category == category]

    @property
    def languages(self) -> list[str]:
        return self.tags_of(TagCategory.LANGUAGE)

    @property
    def dialects(self) -> list[str]:
        return self.tags_of(TagCategory.DIALECT)

    @property
    def specialities(self) -> list[str]:
        return self.tags_of(TagCategory.SPECIALITY)

    @property
    def genres(self) -> list[str]:
        return self.tags_of(TagCategory.GENRE)

    @property
    def genre_labels(self) -> list[str]:
        labels = dict(Drama.Genre.choices)
        return [str(labels.get(g, g)) for g in self.genres]

    @property
    def age(self) -> int | None:
        return date.today().year - self.birth_year if self.birth_year else None

    @property
    def age_range(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        return f"{self.age_min if self.age_min is not None else ''}–{self.age_max if self.age_max is not None else ''}"


class ProfileTag(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="tags")
    category = models.CharField(_("类别"), max_length=20, choices=TagCategory.choices)
    value = models.CharField(_("标签"), max_length=30)

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "category", "value"], name="unique_profile_tag")
        ]
        indexes = [models.Index(fields=["category", "value"], name="talent_tag_lookup")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.category == TagCategory.GENRE:
            return str(dict(Drama.Genre.choices).get(self.value, self.value))
        return self.value


class Credit(models.Model):
    """One work in a portfolio; `drama` links it to a drama filed in the hub when there is one."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="credits")
    drama = models.ForeignKey(
        Drama,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_credits",
        verbose_name=_("备案剧目"),
    )
    title = models.CharField(_("作品名"), max_length=60)
    position = models.CharField(_("担任"), max_length=30)
    character = models.CharField(_("饰演角色"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(
        _("年份"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("作品")
        verbose_name_plural = _("作品")

    def __str__(self) -> str:
        return f"《{self.title}》{self.position}"


class Unavailability(models.Model):
    """A stretch of days the person is not available (档期已满)."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="busy")
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束"))
    note = models.CharField(_("说明"), max_length=80, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("档期占用")
        verbose_name_plural = _("档期占用")
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="talent_busy_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and self.end >= first

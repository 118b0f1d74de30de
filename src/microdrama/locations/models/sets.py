"""Bases (拍摄基地) of the scene alliance, their sets (场景), facilities and photos.

A base is operated by a shooting-base organisation; its location managers list and edit its sets.
Crews of production companies see every set that is not retired. Bookings live in `bookings.py`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import Role

# Without a half-day rate of its own, half a day costs this share of the day rate.
DEFAULT_HALF_DAY_SHARE = Decimal("0.6")


class SetKind(models.TextChoices):
    COSTUME = "costume", _("古装")
    PERIOD = "period", _("年代")
    MODERN = "modern", _("现代")
    VIRTUAL = "virtual", _("虚拟")
    OVERSEAS = "overseas", _("海外")


class Facility(models.TextChoices):
    POWER = "power", _("大功率电力")
    LIGHTING_GRID = "lighting_grid", _("灯光棚架")
    GREEN_SCREEN = "green_screen", _("绿幕")
    LED_VOLUME = "led_volume", _("LED 虚拟拍摄屏")
    SOUNDPROOF = "soundproof", _("隔音")
    DRESSING_ROOM = "dressing_room", _("化妆间")
    WARDROBE = "wardrobe", _("服装道具库")
    AIR_CONDITIONING = "air_conditioning", _("空调")
    PARKING = "parking", _("停车场")
    CATERING = "catering", _("餐饮")
    ACCOMMODATION = "accommodation", _("住宿")
    WIFI = "wifi", _("无线网络")


def is_manager(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.LOCATION_MANAGER)
        and user.organisation_id
    )


class BaseQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The bases whose sets `user` may edit: their organisation's; every base for admins."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_platform_admin:
            return self
        if is_manager(user):
            return self.filter(operator_id=user.organisation_id)
        return self.none()


class Base(models.Model):
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bases",
        verbose_name=_("运营机构"),
        limit_choices_to={"kind": Organisation.Kind.SHOOTING_BASE},
    )
    name = models.CharField(_("基地名称"), max_length=80, unique=True)
    city = models.CharField(_("城市"), max_length=20, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    hold_hours = models.PositiveSmallIntegerField(
        _("预订保留时长（小时）"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("待审批的预订在此时长内占用档期，过时未审批自动释放"),
    )
    description = models.TextField(_("简介"), blank=True)

    objects = BaseQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("拍摄基地")
        verbose_name_plural = _("拍摄基地")

    def __str__(self) -> str:
        return self.name


class SetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Crews see every set that is not retired; managers also their own retired ones."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_platform_admin:
            return self
        listed = models.Q(status__in=[Set.Status.OPEN, Set.Status.MAINTENANCE])
        if is_manager(user):
            return self.filter(listed | models.Q(base__operator_id=user.organisation_id))
        if user.has_role(Role.APPLICANT, Role.CREATOR):
            return self.filter(listed)
        return self.none()

    def managed_by(self, user):
        return self.filter(base__in=Base.objects.managed_by(user))

    def bookable(self):
        return self.filter(status=Set.Status.OPEN)


class Set(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("可预订")
        MAINTENANCE = "maintenance", _("维护中")
        RETIRED = "retired", _("已下线")

    base = models.ForeignKey(Base, on_delete=models.PROTECT, related_name="sets", verbose_name=_("基地"))
    code = models.CharField(
        _("场景编号"), max_length=30, unique=True, help_text=_("基地内部编号，CSV 导入时用它识别同一场景")
    )
    name = models.CharField(_("场景名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=SetKind.choices, db_index=True)
    set_type = models.CharField(
        _("场景类型"),
        max_length=30,
        db_index=True,
        help_text=_("如 办公室、医院、豪宅、古街、宫殿、80年代筒子楼"),
    )
    description = models.TextField(_("介绍"), blank=True)
    floor_area = models.PositiveIntegerField(_("面积（平方米）"), validators=[MinValueValidator(1)])
    capacity = models.PositiveSmallIntegerField(_("可容纳人数"), validators=[MinValueValidator(1)])
    day_rate = models.DecimalField(
        _("日租金（元）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    half_day_rate = models.DecimalField(
        _("半日租金（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("留空按日租金的 60% 计"),
    )
    rules = models.TextField(_("使用须知"), blank=True)
    contact_name = models.CharField(_("现场联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("现场电话"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SetQuerySet.as_manager()

    class Meta:
        ordering = ["base__city", "kind", "code"]
        verbose_name = _("场景")
        verbose_name_plural = _("场景")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def city(self) -> str:
        return self.base.city

    @property
    def effective_half_day_rate(self) -> Decimal:
        if self.half_day_rate is not None:
            return self.half_day_rate
        return (self.day_rate * DEFAULT_HALF_DAY_SHARE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def facilities(self) -> list[str]:
        """Facility codes in the order of `Facility` (uses the prefetch cache when present)."""
        codes = {row.code for row in self.facility_rows.all()}
        return [code for code in Facility.values if code in codes]

    @property
    def facility_labels(self) -> list[str]:
        labels = dict(Facility.choices)
        return [str(labels[c]) for c in self.facilities]

    @property
    def cover(self) -> SetPhoto | None:
        photos = list(self.photos.all())
        return photos[0] if photos else None


class SetFacility(models.Model):
    set = models.ForeignKey(Set, on_delete=models.CASCADE, related_name="facility_rows")
    code = models.CharField(_("设施"), max_length=30, choices=Facility.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["set", "code"], name="unique_facility_per_set")]

    def __str__(self) -> str:
        return self.get_code_display()


def photo_path(instance: SetPhoto, filename: str) -> str:
    return f"locations/sets/{instance.set_id}/{filename}"


class SetPhoto(models.Model):
    set = models.ForeignKey(Set, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path, max_length=300)
    thumbnail = models.ImageField(upload_to=photo_path, max_length=300)
    caption = models.CharField(_("说明"), max_length=80, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("场景照片")
        verbose_name_plural = _("场景照片")

    def __str__(self) -> str:
        return self.caption or self.image.name

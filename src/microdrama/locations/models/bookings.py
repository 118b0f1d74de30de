"""Bookings of sets by half-day slots, and the slot rows that make double booking impossible.

A booking covers a list of (date, 上午/下午) slots of one set. Each slot is a `BookingSlot` row; a
partial unique index on (set, date, slot) over *active* rows lets the database itself refuse a
second live booking of the same half-day, on SQLite and PostgreSQL alike. A full day is two rows.

A hold (a request not yet decided) lapses at `expires_at`. Lapsing is computed on read
(`effective_status`, `BookingSlotQuerySet.blocking`), and the periodic task and the next request
for the same slot turn lapsed rows inactive, so an expired hold never blocks anyone.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.access import ScopedQuerySet, acts_for_company
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import Role
from microdrama.filing.models import Drama

from .sets import Set, is_manager


class Slot(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class BookingStatus(models.TextChoices):
    HELD = "held", _("待审批")
    APPROVED = "approved", _("已确认")
    DECLINED = "declined", _("已拒绝")
    CANCELLED = "cancelled", _("已取消")
    EXPIRED = "expired", _("已过期")


ACTIVE_STATUSES = {BookingStatus.HELD, BookingStatus.APPROVED}


class BookingQuerySet(ScopedQuerySet):
    def for_member(self, user, org):
        """The crew's company sees its bookings; location managers those of their bases' sets."""
        if is_manager(user):
            return self.filter(set__base__operator=org)
        if acts_for_company(user, org, Role.APPLICANT, Role.CREATOR):
            return self.filter(company=org)
        return self.none()

    def pending(self, now: datetime | None = None):
        """Holds still waiting for a decision (lapsed ones are not pending, whatever the row says)."""
        return self.filter(status=BookingStatus.HELD, expires_at__gt=now or timezone.now())

    def lapsed(self, now: datetime | None = None):
        return self.filter(status=BookingStatus.HELD, expires_at__lte=now or timezone.now())


class Booking(models.Model):
    set = models.ForeignKey(Set, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("场景"))
    drama = models.ForeignKey(
        Drama, on_delete=models.PROTECT, related_name="set_bookings", verbose_name=_("剧目")
    )
    company = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="set_bookings", verbose_name=_("制作机构")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.HELD
    )
    first_date = models.DateField(_("开始日期"), db_index=True)
    last_date = models.DateField(_("结束日期"), db_index=True)
    half_days = models.PositiveSmallIntegerField(_("半天数"))
    price = models.DecimalField(_("租金（元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("保留至"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    plan_group = models.ForeignKey(
        "PlanGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("场景预订")
        verbose_name_plural = _("场景预订")

    def __str__(self) -> str:
        return f"{self.set.name} {self.first_date:%m-%d}–{self.last_date:%m-%d}"

    @property
    def reference(self) -> str:
        return f"BK{self.pk:06d}"

    def status_at(self, moment: datetime) -> str:
        """The status at `moment`: a hold past `expires_at` reads as expired before any task runs."""
        if self.status == BookingStatus.HELD and self.expires_at and self.expires_at <= moment:
            return BookingStatus.EXPIRED
        return self.status

    @property
    def effective_status(self) -> str:
        return self.status_at(timezone.now())

    def get_effective_status_display(self) -> str:
        return str(BookingStatus(self.effective_status).label)

    @property
    def is_active(self) -> bool:
        return self.effective_status in ACTIVE_STATUSES

    @property
    def status_css(self) -> str:
        return {
            BookingStatus.HELD: "warn",
            BookingStatus.APPROVED: "ok",
            BookingStatus.DECLINED: "err",
            BookingStatus.CANCELLED: "muted",
            BookingStatus.EXPIRED: "muted",
        }[self.effective_status]


class BookingSlotQuerySet(models.QuerySet):
    def blocking(self, now: datetime | None = None):
        """Slot rows that really occupy their half-day now: active, and approved or a live hold."""
        now = now or timezone.now()
        return self.filter(active=True).filter(Q(hold_until__isnull=True) | Q(hold_until__gt=now))

    def between(self, first: date, last: date):
        return self.filter(date__gte=first, date__lte=last)


class BookingSlot(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    set = models.ForeignKey(Set, on_delete=models.PROTECT, related_name="slots")
    date = models.DateField(_("日期"))
    slot = models.CharField(_("时段"), max_length=2, choices=Slot.choices)
    active = models.BooleanField(default=True)
    # Copy of the booking's hold expiry while it is a hold; None once approved (never lapses).
    hold_until = models.DateTimeField(null=True, blank=True)

    objects = BookingSlotQuerySet.as_manager()

    class Meta:
        ordering = ["date", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["set", "date", "slot"],
                condition=Q(active=True),
                name="one_live_booking_per_set_slot",
            ),
        ]
        indexes = [models.Index(fields=["set", "date"], name="locations_slot_set_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_slot_display()}"

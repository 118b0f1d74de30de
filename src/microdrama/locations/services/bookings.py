"""Booking a set: request (a hold), approve, decline, cancel, and expiring holds that nobody decided.

The only guard against double booking is the database: `request_booking` inserts one
`BookingSlot` per half-day and the partial unique index refuses a second live row for the same set,
date and half. There is deliberately no "is it free?" check before the insert — two requests
racing each other would both pass such a check — so the outcome is right under any concurrency.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama
from microdrama.hub.notifications import notify

from ..models import ACTIVE_STATUSES, Booking, BookingSlot, BookingStatus, Set, Slot
from ..models.sets import is_manager
from .availability import check_slots, conflicts, describe_slots


def booking_url(booking: Booking) -> str:
    return reverse("locations:booking", args=[booking.pk])


def price_for(set_obj: Set, slots: list[tuple[date, str]]) -> Decimal:
    """A whole day costs the day rate, a lone half-day the half-day rate."""
    halves: dict[date, int] = {}
    for d, _s in slots:
        halves[d] = halves.get(d, 0) + 1
    total = Decimal("0")
    for n in halves.values():
        total += set_obj.day_rate if n >= 2 else set_obj.effective_half_day_rate
    return total


def can_book(user) -> bool:
    org = getattr(user, "organisation", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and org is not None
        and org.kind == OrgKind.PRODUCTION
        and org.is_active
        and user.has_role(Role.APPLICANT, Role.CREATOR)
    )


def managers_of(set_obj: Set) -> list[User]:
    return list(
        User.objects.filter(
            organisation=set_obj.base.operator, is_active=True, role_grants__role=Role.LOCATION_MANAGER
        ).distinct()
    )


def _release_lapsed(set_id: int, days: list[date], now: datetime) -> None:
    """Free the half-days of lapsed holds on these dates, so a new request may take them."""
    lapsed = BookingSlot.objects.filter(set_id=set_id, date__in=days, active=True, hold_until__lte=now)
    booking_ids = set(lapsed.values_list("booking_id", flat=True))
    if booking_ids:
        expire_bookings(Booking.objects.filter(pk__in=booking_ids, status=BookingStatus.HELD), now)


def expire_bookings(bookings, now: datetime) -> int:
    ids = list(bookings.values_list("pk", flat=True))
    if not ids:
        return 0
    BookingSlot.objects.filter(booking_id__in=ids).update(active=False)
    return Booking.objects.filter(pk__in=ids, status=BookingStatus.HELD).update(status=BookingStatus.EXPIRED)


def expire_lapsed_holds(now: datetime | None = None) -> int:
    """Mark every hold past its expiry as expired and free its slots (the periodic task)."""
    now = now or timezone.now()
    with transaction.atomic():
        return expire_bookings(Booking.objects.lapsed(now), now)


def request_booking(
    user,
    set_obj: Set,
    drama: Drama,
    slots: list[tuple[date, str]],
    note: str = "",
    *,
    plan_group=None,
    now: datetime | None = None,
    announce: bool = True,
) -> Booking:
    """Hold the given half-days of a set for a drama until the base decides (or the hold lapses)."""
    now = now or timezone.now()
    if not can_book(user):
        raise PermissionDenied(_("只有制作机构的申报人或创作者可以预订场景"))
    if drama.company_id != user.organisation_id:
        raise PermissionDenied(_("只能为本机构的剧目预订场景"))
    if set_obj.status != Set.Status.OPEN:
        raise ValidationError(
            _("场景“%(name)s”当前%(status)s，不能预订")
            % {"name": set_obj.name, "status": set_obj.get_status_display()},
            code="closed",
        )
    slots = check_slots(slots, today=timezone.localdate(now))
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError(_("备注不能超过 300 个字"), code="note")
    hold_until = now + timedelta(hours=set_obj.base.hold_hours)
    try:
        with transaction.atomic():
            _release_lapsed(set_obj.pk, sorted({d for d, _s in slots}), now)
            booking = Booking.objects.create(
                set=set_obj,
                drama=drama,
                company_id=drama.company_id,
                requested_by=user,
                status=BookingStatus.HELD,
                first_date=slots[0][0],
                last_date=slots[-1][0],
                half_days=len(slots),
                price=price_for(set_obj, slots),
                note=note,
                expires_at=hold_until,
                plan_group=plan_group,
            )
            BookingSlot.objects.bulk_create(
                [
                    BookingSlot(booking=booking, set=set_obj, date=d, slot=s, hold_until=hold_until)
                    for d, s in slots
                ]
            )
    except IntegrityError:
        # Another booking holds one of these half-days (perhaps committed a moment ago).
        taken = conflicts(set_obj.pk, slots, now)
        raise ValidationError(
            _("场景“%(name)s”在以下时段已被占用：%(when)s。请换个时间或场景。")
            % {"name": set_obj.name, "when": describe_slots(taken) or _("所选时段")},
            code="taken",
        ) from None
    if not announce:
        return booking
    url = booking_url(booking)
    transaction.on_commit(
        lambda: notify(
            managers_of(set_obj),
            f"locations:booking:{booking.pk}:requested",
            _("新的场景预订待审批：%(set)s") % {"set": set_obj.name},
            _("%(company)s 为《%(drama)s》申请 %(when)s，请在 %(hours)s 小时内审批。")
            % {
                "company": drama.company.name,
                "drama": drama.title,
                "when": describe_slots(slots),
                "hours": set_obj.base.hold_hours,
            },
            url,
        )
    )
    return booking


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("set__base", "drama").get(pk=booking.pk)


def _check_manager(user, booking: Booking) -> None:
    if not (
        user.is_platform_admin or (is_manager(user) and booking.set.base.operator_id == user.organisation_id)
    ):
        raise PermissionDenied(_("只有该基地的场景运营可以审批"))


def approve(
    booking: Booking, user, note: str = "", *, now: datetime | None = None, announce: bool = True
) -> Booking:
    with transaction.atomic():
        booking = _locked(booking)
        _check_manager(user, booking)
        if booking.status_at(now or timezone.now()) != BookingStatus.HELD:
            raise ValidationError(
                _("该预订%(status)s，不能再确认") % {"status": booking.get_effective_status_display()},
                code="state",
            )
        booking.status = BookingStatus.APPROVED
        booking.decided_by, booking.decided_at, booking.decision_note = (
            user,
            now or timezone.now(),
            (note or "")[:300],
        )
        booking.expires_at = None
        booking.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "expires_at"])
        booking.slots.update(hold_until=None)
    if announce:
        _announce_approval(booking)
    return booking


def _announce_approval(booking: Booking) -> None:
    notify(
        [booking.requested_by],
        f"locations:booking:{booking.pk}:approved",
        _("场景预订已确认：%(set)s") % {"set": booking.set.name},
        _("%(when)s 的档期已为《%(drama)s》确认。")
        % {"when": describe_slots(slot_list(booking)), "drama": booking.drama.title},
        booking_url(booking),
        level="success",
    )


def decline(booking: Booking, user, note: str, *, announce: bool = True) -> Booking:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请填写拒绝原因，剧组会看到它"), code="reason")
    with transaction.atomic():
        booking = _locked(booking)
        _check_manager(user, booking)
        if booking.effective_status != BookingStatus.HELD:
            raise ValidationError(
                _("该预订%(status)s，不能再拒绝") % {"status": booking.get_effective_status_display()},
                code="state",
            )
        booking.status = BookingStatus.DECLINED
        booking.decided_by, booking.decided_at, booking.decision_note = user, timezone.now(), note[:300]
        booking.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        booking.slots.update(active=False)
    if not announce:
        return booking
    notify(
        [booking.requested_by],
        f"locations:booking:{booking.pk}:declined",
        _("场景预订未通过：%(set)s") % {"set": booking.set.name},
        note,
        booking_url(booking),
        level="warning",
    )
    return booking


def cancel(booking: Booking, user, reason: str = "", *, announce: bool = True) -> Booking:
    """The crew or the base cancels a live booking; its half-days are free again at once."""
    reason = (reason or "").strip()
    with transaction.atomic():
        booking = _locked(booking)
        is_crew = can_book(user) and booking.company_id == user.organisation_id
        is_base = user.is_platform_admin or (
            is_manager(user) and booking.set.base.operator_id == user.organisation_id
        )
        if not (is_crew or is_base):
            raise PermissionDenied(_("无权取消该预订"))
        if booking.effective_status not in ACTIVE_STATUSES:
            raise ValidationError(
                _("该预订%(status)s，无需取消") % {"status": booking.get_effective_status_display()},
                code="state",
            )
        if booking.last_date < timezone.localdate():
            raise ValidationError(_("已结束的预订不能取消"), code="past")
        if is_base and not is_crew and not reason:
            raise ValidationError(_("基地取消预订须填写原因"), code="reason")
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = user, timezone.now(), reason[:300]
        booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        booking.slots.update(active=False)
    if not announce:
        return booking
    others = managers_of(booking.set) if is_crew else [booking.requested_by]
    notify(
        others,
        f"locations:booking:{booking.pk}:cancelled",
        _("场景预订已取消：%(set)s %(when)s")
        % {"set": booking.set.name, "when": describe_slots(slot_list(booking))},
        reason,
        booking_url(booking),
        level="warning",
    )
    return booking


def shooting_window(drama: Drama) -> tuple[date, date] | None:
    """First and last day from today on that the drama holds or has confirmed at any set (for
    casting availability); None when it has nothing booked ahead."""
    from django.db.models import Max, Min

    live = BookingSlot.objects.blocking().filter(booking__drama=drama, date__gte=timezone.localdate())
    span = live.aggregate(first=Min("date"), last=Max("date"))
    return (span["first"], span["last"]) if span["first"] else None


def slot_list(booking: Booking) -> list[tuple[date, str]]:
    return [(s.date, s.slot) for s in booking.slots.all()]


def slot_summary(booking: Booking) -> str:
    return describe_slots(slot_list(booking))


__all__ = [
    "Slot",
    "approve",
    "can_book",
    "cancel",
    "decline",
    "expire_lapsed_holds",
    "price_for",
    "request_booking",
    "slot_summary",
]

"""Which half-days of which sets are taken: slot lists, occupancy maps and the next free dates.

"Taken" always means `BookingSlot.objects.blocking()`: an approved booking or a hold that has not
lapsed yet. A lapsed hold is free here even before the expiry task has run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BookingSlot, Slot

SLOT_MODES = ("day", "am", "pm")
MAX_SPAN_DAYS = 62  # one request covers at most about two months
MAX_DAYS_AHEAD = 400


def slots_for(first: date, last: date, mode: str = "day") -> list[tuple[date, str]]:
    """Every (date, slot) from `first` to `last`: both halves for "day", else the one half named."""
    if mode not in SLOT_MODES:
        raise ValidationError(_("时段须为全天、上午或下午"), code="mode")
    if last < first:
        raise ValidationError(_("结束日期不能早于开始日期"), code="order")
    if (last - first).days + 1 > MAX_SPAN_DAYS:
        raise ValidationError(_("一次最多预订 %(n)s 天") % {"n": MAX_SPAN_DAYS}, code="span")
    halves = [Slot.AM, Slot.PM] if mode == "day" else [mode]
    out = []
    day = first
    while day <= last:
        out += [(day, str(h)) for h in halves]
        day += timedelta(days=1)
    return out


def check_slots(slots: Iterable[tuple[date, str]], today: date | None = None) -> list[tuple[date, str]]:
    """Sorted, de-duplicated slots, all in the bookable future; otherwise a clear error."""
    today = today or timezone.localdate()
    clean = sorted({(d, str(s)) for d, s in slots})
    if not clean:
        raise ValidationError(_("请至少选择一个时段"), code="empty")
    if any(s not in Slot.values for _d, s in clean):
        raise ValidationError(_("时段须为上午或下午"), code="slot")
    if clean[0][0] < today:
        raise ValidationError(_("不能预订今天之前的日期（%(d)s）") % {"d": clean[0][0]}, code="past")
    if clean[-1][0] > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(_("只能预订 %(n)s 天以内的档期") % {"n": MAX_DAYS_AHEAD}, code="too_far")
    if (clean[-1][0] - clean[0][0]).days + 1 > MAX_SPAN_DAYS:
        raise ValidationError(_("一次最多预订 %(n)s 天") % {"n": MAX_SPAN_DAYS}, code="span")
    return clean


@dataclass(frozen=True)
class Taken:
    booking_id: int
    status: str  # held or approved


def occupancy(
    set_ids: Iterable[int], first: date, last: date, now: datetime | None = None
) -> dict[int, dict[tuple[date, str], Taken]]:
    """set id → {(date, slot): the booking occupying it} for the blocking slots between two dates."""
    result: dict[int, dict[tuple[date, str], Taken]] = defaultdict(dict)
    rows = (
        BookingSlot.objects.blocking(now)
        .between(first, last)
        .filter(set_id__in=list(set_ids))
        .values_list("set_id", "date", "slot", "booking_id", "booking__status")
    )
    for set_id, day, slot, booking_id, status in rows:
        result[set_id][(day, slot)] = Taken(booking_id, status)
    return result


def conflicts(
    set_id: int, slots: Iterable[tuple[date, str]], now: datetime | None = None
) -> list[tuple[date, str]]:
    slots = list(slots)
    if not slots:
        return []
    taken = occupancy([set_id], min(d for d, _s in slots), max(d for d, _s in slots), now).get(set_id, {})
    return [s for s in slots if s in taken]


def next_free_dates(
    set_ids: Iterable[int],
    start: date | None = None,
    count: int = 3,
    horizon: int = 60,
    now: datetime | None = None,
) -> dict[int, list[date]]:
    """For each set, the first `count` whole days from `start` with both halves free."""
    start = start or timezone.localdate()
    set_ids = list(set_ids)
    taken = occupancy(set_ids, start, start + timedelta(days=horizon), now)
    out: dict[int, list[date]] = {}
    for sid in set_ids:
        busy = {d for d, _s in taken.get(sid, {})}
        free = []
        day = start
        while len(free) < count and day <= start + timedelta(days=horizon):
            if day not in busy:
                free.append(day)
            day += timedelta(days=1)
        out[sid] = free
    return out


def describe_slots(slots: Iterable[tuple[date, str]]) -> str:
    """「5月3日 上午、5月4日 全天」: a short human list, whole days merged."""
    by_day: dict[date, set[str]] = defaultdict(set)
    for d, s in slots:
        by_day[d].add(s)
    parts = []
    labels = dict(Slot.choices)
    for d in sorted(by_day):
        halves = by_day[d]
        part = _("全天") if halves >= {Slot.AM, Slot.PM} else str(labels[next(iter(halves))])
        parts.append(_("%(m)s月%(d)s日 %(part)s") % {"m": d.month, "d": d.day, "part": part})
    return "、".join(parts)

"""Month grids: one set's month (weeks × days, each day split into 上午/下午) and a base's month
(sets × days). What a half-day shows depends on who looks: the base sees whose booking it is; a
crew sees its own bookings and, for everyone else's, only that the half-day is taken."""

from __future__ import annotations

import calendar as pycal
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from ..models import Base, Booking, Set, Slot
from ..models.sets import is_manager
from .availability import occupancy


@dataclass
class Half:
    slot: str
    state: str  # free, held, approved, past, closed
    mine: bool = False
    booking_id: int | None = None
    label: str = ""

    @property
    def css(self) -> str:
        return f"half half-{self.state}" + (" half-mine" if self.mine else "")


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    am: Half
    pm: Half

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def free(self) -> bool:
        return self.am.state == "free" and self.pm.state == "free"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, pycal.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def sees_owners(viewer, base: Base) -> bool:
    return bool(
        viewer.is_platform_admin or (is_manager(viewer) and base.operator_id == viewer.organisation_id)
    )


def _labels(booking_ids: set[int]) -> dict[int, tuple[str, int]]:
    rows = Booking.objects.filter(pk__in=booking_ids).select_related("drama", "company")
    return {
        b.pk: (f"{b.company.short_name or b.company.name}《{b.drama.title}》", b.company_id) for b in rows
    }


def _days(
    set_obj: Set, first: date, last: date, viewer, month: int | None, taken: dict, labels: dict
) -> list[Day]:
    today = timezone.localdate()
    owners = sees_owners(viewer, set_obj.base)
    viewer_org = getattr(viewer, "organisation_id", None)
    closed = set_obj.status != Set.Status.OPEN
    days = []
    day = first
    while day <= last:
        halves = []
        for slot in (Slot.AM, Slot.PM):
            t = taken.get((day, slot))
            if t is not None:
                label, company_id = labels.get(t.booking_id, ("", None))
                mine = company_id == viewer_org
                visible = owners or mine
                halves.append(
                    Half(slot, t.status, mine, t.booking_id if visible else None, label if visible else "")
                )
            elif day < today:
                halves.append(Half(slot, "past"))
            elif closed:
                halves.append(Half(slot, "closed"))
            else:
                halves.append(Half(slot, "free"))
        days.append(Day(day, month is None or day.month == month, day == today, *halves))
        day += timedelta(days=1)
    return days


def set_month(set_obj: Set, year: int, month: int, viewer) -> list[list[Day]]:
    """Weeks (Monday first) covering the month; days outside it are marked `in_month=False`."""
    first, last = month_bounds(year, month)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    taken = occupancy([set_obj.pk], start, end).get(set_obj.pk, {})
    days = _days(set_obj, start, end, viewer, month, taken, _labels({t.booking_id for t in taken.values()}))
    return [days[i : i + 7] for i in range(0, len(days), 7)]


@dataclass
class BaseRow:
    set: Set
    days: list[Day]

    @property
    def booked_halves(self) -> int:
        return sum(1 for d in self.days for h in (d.am, d.pm) if h.state in ("held", "approved"))


def base_month(base: Base, year: int, month: int, viewer) -> list[BaseRow]:
    first, last = month_bounds(year, month)
    sets = list(
        Set.objects.visible_to(viewer).filter(base=base).select_related("base").order_by("kind", "code")
    )
    taken = occupancy([s.pk for s in sets], first, last)
    labels = _labels({t.booking_id for per_set in taken.values() for t in per_set.values()})
    return [BaseRow(s, _days(s, first, last, viewer, month, taken.get(s.pk, {}), labels)) for s in sets]

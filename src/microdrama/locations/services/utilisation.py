"""Utilisation of sets over a period: confirmed half-days over bookable half-days, per set and per kind.

A set in maintenance offers no half-days; retired sets are left out. Holds are counted apart (they
may still be declined), and revenue is each confirmed booking's price spread over its half-days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from ..models import BookingSlot, BookingStatus, Set, SetKind


@dataclass
class Usage:
    key: str
    label: str
    offered: int = 0  # bookable half-days
    confirmed: int = 0
    held: int = 0
    revenue: Decimal = field(default_factory=lambda: Decimal("0"))

    @property
    def rate(self) -> float:
        return round(100 * self.confirmed / self.offered, 1) if self.offered else 0.0


@dataclass
class Report:
    first: date
    last: date
    per_set: list[Usage]
    per_kind: list[Usage]
    total: Usage
    per_day: list[tuple[date, int, int]]  # date, confirmed half-days, held half-days


def utilisation(sets, first: date, last: date) -> Report:
    sets = list(sets.exclude(status=Set.Status.RETIRED).select_related("base"))
    days = (last - first).days + 1
    per_set = {
        s.pk: Usage(str(s.pk), s.name, offered=2 * days if s.status == Set.Status.OPEN else 0) for s in sets
    }
    per_day: dict[date, list[int]] = {first + timedelta(days=i): [0, 0] for i in range(days)}
    rows = (
        BookingSlot.objects.blocking(timezone.now())
        .between(first, last)
        .filter(set_id__in=per_set)
        .values_list("set_id", "date", "booking__status", "booking__price", "booking__half_days")
    )
    for set_id, day, status, price, half_days in rows:
        usage = per_set[set_id]
        if status == BookingStatus.APPROVED:
            usage.confirmed += 1
            usage.revenue += price / half_days
            per_day[day][0] += 1
        else:
            usage.held += 1
            per_day[day][1] += 1
    kinds = {code: Usage(code, str(label)) for code, label in SetKind.choices}
    total = Usage("total", "")
    for s in sets:
        u = per_set[s.pk]
        u.revenue = u.revenue.quantize(Decimal("0.01"))
        for agg in (kinds[s.kind], total):
            agg.offered += u.offered
            agg.confirmed += u.confirmed
            agg.held += u.held
            agg.revenue += u.revenue
    ordered = sorted(per_set.values(), key=lambda u: (-u.rate, -u.confirmed, u.label))
    return Report(
        first,
        last,
        ordered,
        list(kinds.values()),
        total,
        [(d, c, h) for d, (c, h) in sorted(per_day.items())],
    )


def pending_count(sets) -> int:
    from ..models import Booking

    return Booking.objects.pending().filter(set__in=sets).count()


def sets_by_kind(sets) -> dict[str, int]:
    counts = defaultdict(int)
    for row in sets.exclude(status=Set.Status.RETIRED).values("kind").annotate(n=Count("pk")):
        counts[row["kind"]] = row["n"]
    return dict(counts)

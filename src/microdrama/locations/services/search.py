"""Finding sets: by kind, type, city, free dates, price, capacity, area and facilities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import BookingSlot, Set, Slot

SORTS = {
    "price": ("day_rate", "code"),
    "-price": ("-day_rate", "code"),
    "capacity": ("-capacity", "code"),
    "area": ("-floor_area", "code"),
    "city": ("base__city", "kind", "code"),
}


@dataclass
class SetQuery:
    kind: str = ""
    set_type: str = ""
    city: str = ""
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mode: str = "day"  # which half-days must be free on every date: day (both), am, pm
    max_rate: Decimal | None = None
    min_capacity: int | None = None
    min_area: int | None = None
    facilities: list[str] = field(default_factory=list)
    sort: str = "price"

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None


def search_sets(user, query: SetQuery) -> QuerySet[Set]:
    sets = Set.objects.visible_to(user).select_related("base").prefetch_related("photos", "facility_rows")
    if query.kind:
        sets = sets.filter(kind=query.kind)
    if query.set_type:
        sets = sets.filter(set_type__icontains=query.set_type.strip())
    if query.city:
        sets = sets.filter(base__city=query.city)
    if query.text:
        text = query.text.strip()
        sets = sets.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(code__iexact=text)
            | Q(base__name__icontains=text)
        )
    if query.max_rate is not None:
        sets = sets.filter(day_rate__lte=query.max_rate)
    if query.min_capacity:
        sets = sets.filter(capacity__gte=query.min_capacity)
    if query.min_area:
        sets = sets.filter(floor_area__gte=query.min_area)
    for code in query.facilities:
        sets = sets.filter(facility_rows__code=code)
    if query.has_dates:
        first = query.date_from
        last = query.date_to or first
        halves = [Slot.AM, Slot.PM] if query.mode == "day" else [query.mode]
        taken = BookingSlot.objects.blocking(timezone.now()).filter(
            set=OuterRef("pk"), date__gte=first, date__lte=last, slot__in=halves
        )
        sets = sets.filter(status=Set.Status.OPEN).filter(~Exists(taken))
    return sets.distinct().order_by(*SORTS.get(query.sort, SORTS["price"]))


def cities() -> list[str]:
    return list(
        Set.objects.exclude(status=Set.Status.RETIRED)
        .values_list("base__city", flat=True)
        .distinct()
        .order_by("base__city")
    )


def set_types(kind: str = "") -> list[str]:
    qs = Set.objects.exclude(status=Set.Status.RETIRED)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.values_list("set_type", flat=True).distinct().order_by("set_type"))

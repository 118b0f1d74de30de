"""Shooting base endpoints under /api/v1/locations: search sets, availability, bookings and plans.

Every single-object lookup goes through `visible_to`, so another company's booking or plan answers
404. Domain errors answer 422 with the Chinese message(s); missing rights answer 403.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from microdrama.filing.models import Drama

from .models import Booking, Set, ShootingPlan
from .services import bookings as booking_svc
from .services import plans as plan_svc
from .services.availability import next_free_dates, occupancy, slots_for
from .services.search import SetQuery, search_sets

router = Router(tags=["locations"])


class SetOut(Schema):
    id: int
    code: str
    name: str
    base: str
    city: str
    kind: str
    kind_label: str
    set_type: str
    floor_area: int
    capacity: int
    day_rate: Decimal
    half_day_rate: Decimal
    facilities: list[str]
    status: str
    photo: str | None
    thumbnail: str | None
    next_free_dates: list[date] = []


class SetFilters(Schema):
    kind: str = ""
    set_type: str = ""
    city: str = ""
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mode: str = "day"
    max_rate: Decimal | None = None
    min_capacity: int | None = None
    min_area: int | None = None
    facilities: list[str] = []
    sort: str = "price"
    limit: int = 50
    offset: int = 0


class DayOut(Schema):
    date: date
    am: str
    pm: str


class SlotIn(Schema):
    date: date
    slot: str


class BookingIn(Schema):
    set_id: int
    drama_id: int
    first_date: date | None = None
    last_date: date | None = None
    mode: str = "day"
    slots: list[SlotIn] = []
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class BookingOut(Schema):
    id: int
    reference: str
    set_id: int
    set_name: str
    drama_id: int
    drama_title: str
    company: str
    status: str
    first_date: date
    last_date: date
    slots: list[SlotIn]
    price: Decimal
    expires_at: str | None


class SceneIn(Schema):
    set_type: str
    description: str = ""
    scene_count: int = 1
    minutes: float | None = None
    kind: str = ""


class PlanIn(Schema):
    drama_id: int
    start_date: date
    title: str = ""
    preferred_city: str = ""
    scenes: list[SceneIn]


class SuggestionOut(Schema):
    set_id: int
    name: str
    city: str
    price: Decimal
    reasons: list[str]


class GroupOut(Schema):
    id: int
    kind: str
    set_type: str
    half_days: int
    slots: list[SlotIn]
    booking_id: int | None
    suggestions: list[SuggestionOut]


class PlanOut(Schema):
    id: int
    title: str
    drama_id: int
    start_date: date
    groups: list[GroupOut]


class BookPlanIn(Schema):
    choices: dict[int, int] = {}


def _set_out(s: Set, free: list[date] | None = None) -> dict:
    cover = s.cover
    return {
        "id": s.pk,
        "code": s.code,
        "name": s.name,
        "base": s.base.name,
        "city": s.base.city,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "set_type": s.set_type,
        "floor_area": s.floor_area,
        "capacity": s.capacity,
        "day_rate": s.day_rate,
        "half_day_rate": s.effective_half_day_rate,
        "facilities": s.facilities,
        "status": s.status,
        "photo": cover.image.url if cover else None,
        "thumbnail": cover.thumbnail.url if cover else None,
        "next_free_dates": free or [],
    }


def _booking_out(b: Booking) -> dict:
    return {
        "id": b.pk,
        "reference": b.reference,
        "set_id": b.set_id,
        "set_name": b.set.name,
        "drama_id": b.drama_id,
        "drama_title": b.drama.title,
        "company": b.company.name,
        "status": b.effective_status,
        "first_date": b.first_date,
        "last_date": b.last_date,
        "slots": [{"date": s.date, "slot": s.slot} for s in b.slots.all()],
        "price": b.price,
        "expires_at": timezone.localtime(b.expires_at).isoformat() if b.effective_status == "held" else None,
    }


def _plan_out(plan: ShootingPlan, user) -> dict:
    groups = []
    for g in plan.groups.prefetch_related("bookings"):
        booking = g.active_booking
        suggestions = [] if booking else plan_svc.suggest_sets(g, user)
        groups.append(
            {
                "id": g.pk,
                "kind": g.kind,
                "set_type": g.set_type,
                "half_days": g.half_days,
                "slots": [{"date": d, "slot": s} for d, s in g.slots],
                "booking_id": booking.pk if booking else None,
                "suggestions": [
                    {
                        "set_id": x.set.pk,
                        "name": x.set.name,
                        "city": x.set.base.city,
                        "price": x.price,
                        "reasons": x.reasons,
                    }
                    for x in suggestions
                ],
            }
        )
    return {
        "id": plan.pk,
        "title": plan.title,
        "drama_id": plan.drama_id,
        "start_date": plan.start_date,
        "groups": groups,
    }


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc


def _visible(queryset, user, **lookup):
    return get_object_or_404(queryset.visible_to(user), **lookup)


@router.get("/sets", response=list[SetOut])
def list_sets(request, filters: Query[SetFilters]):
    """Search sets; with `date_from` (and `date_to`) only sets free on every half-day asked for."""
    query = SetQuery(
        kind=filters.kind,
        set_type=filters.set_type,
        city=filters.city,
        text=filters.q,
        date_from=filters.date_from,
        date_to=filters.date_to or filters.date_from,
        mode=filters.mode,
        max_rate=filters.max_rate,
        min_capacity=filters.min_capacity,
        min_area=filters.min_area,
        facilities=filters.facilities,
        sort=filters.sort,
    )
    sets = list(search_sets(request.auth, query)[filters.offset : filters.offset + min(filters.limit, 200)])
    free = next_free_dates([s.pk for s in sets], start=filters.date_from)
    return [_set_out(s, free.get(s.pk)) for s in sets]


@router.get("/sets/{set_id}", response=SetOut)
def get_set(request, set_id: int):
    s = _visible(Set.objects.select_related("base"), request.auth, pk=set_id)
    return _set_out(s, next_free_dates([s.pk], count=5).get(s.pk))


@router.get("/sets/{set_id}/availability", response=list[DayOut])
def availability(request, set_id: int, first: date, last: date):
    """Each day's 上午/下午: free, taken, mine (held or approved by your company) or closed."""
    s = _visible(Set.objects.select_related("base"), request.auth, pk=set_id)
    days = _call(slots_for, first, last, "am")
    taken = occupancy([s.pk], first, last).get(s.pk, {})
    mine = (
        set(
            Booking.objects.filter(company_id=request.auth.organisation_id, set=s).values_list(
                "pk", flat=True
            )
        )
        if request.auth.organisation_id
        else set()
    )
    out = []
    for d, _slot in days:
        states = []
        for half in ("am", "pm"):
            t = taken.get((d, half))
            if s.status != Set.Status.OPEN:
                states.append("closed")
            elif t is None:
                states.append("free")
            else:
                states.append("mine" if t.booking_id in mine else "taken")
        out.append({"date": d, "am": states[0], "pm": states[1]})
    return out


@router.get("/bookings", response=list[BookingOut])
def list_bookings(request, status: str = "", limit: int = 100, offset: int = 0):
    bookings = Booking.objects.visible_to(request.auth).select_related("set", "drama", "company")
    if status:
        bookings = bookings.filter(status=status)
    return [_booking_out(b) for b in bookings.prefetch_related("slots")[offset : offset + min(limit, 500)]]


@router.get("/bookings/{booking_id}", response=BookingOut)
def get_booking(request, booking_id: int):
    return _booking_out(
        _visible(Booking.objects.select_related("set", "drama", "company"), request.auth, pk=booking_id)
    )


@router.post("/bookings", response={201: BookingOut})
def create_booking(request, payload: BookingIn):
    """Hold half-days: either `first_date`/`last_date`/`mode` (day, am, pm) or an explicit `slots` list."""
    user = request.auth
    s = _visible(Set.objects.select_related("base"), user, pk=payload.set_id)
    drama = _visible(Drama.objects.all(), user, pk=payload.drama_id)
    if payload.slots:
        slots = [(x.date, x.slot) for x in payload.slots]
    elif payload.first_date:
        slots = _call(slots_for, payload.first_date, payload.last_date or payload.first_date, payload.mode)
    else:
        raise HttpError(422, "请给出 first_date/last_date 或 slots")
    booking = _call(booking_svc.request_booking, user, s, drama, slots, payload.note)
    return Status(201, _booking_out(booking))


@router.post("/bookings/{booking_id}/approve", response=BookingOut)
def approve_booking(request, booking_id: int, payload: NoteIn):
    booking = _visible(Booking.objects.all(), request.auth, pk=booking_id)
    return _booking_out(_call(booking_svc.approve, booking, request.auth, payload.note))


@router.post("/bookings/{booking_id}/decline", response=BookingOut)
def decline_booking(request, booking_id: int, payload: NoteIn):
    booking = _visible(Booking.objects.all(), request.auth, pk=booking_id)
    return _booking_out(_call(booking_svc.decline, booking, request.auth, payload.note))


@router.post("/bookings/{booking_id}/cancel", response=BookingOut)
def cancel_booking(request, booking_id: int, payload: NoteIn):
    booking = _visible(Booking.objects.all(), request.auth, pk=booking_id)
    return _booking_out(_call(booking_svc.cancel, booking, request.auth, payload.note))


@router.post("/plans", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    """A shooting plan from a scene list (the AI lab's shot list or a spreadsheet)."""
    drama = _visible(Drama.objects.all(), request.auth, pk=payload.drama_id)
    plan = _call(
        plan_svc.plan_from_scenes,
        request.auth,
        drama,
        [s.dict() for s in payload.scenes],
        start_date=payload.start_date,
        title=payload.title,
        preferred_city=payload.preferred_city,
    )
    return Status(201, _plan_out(plan, request.auth))


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request, plan_id: int):
    return _plan_out(_visible(ShootingPlan.objects.all(), request.auth, pk=plan_id), request.auth)


@router.post("/plans/{plan_id}/book", response=list[BookingOut])
def book_plan(request, plan_id: int, payload: BookPlanIn):
    """Book every unbooked group on the chosen (or first suggested) set, all or nothing."""
    plan = _visible(ShootingPlan.objects.all(), request.auth, pk=plan_id)
    choices = dict(payload.choices)
    for g in plan.groups.all():
        if g.pk not in choices and not g.chosen_set_id and not g.active_booking:
            suggestions = plan_svc.suggest_sets(g, request.auth, limit=1)
            if suggestions:
                choices[g.pk] = suggestions[0].set.pk
    return [_booking_out(b) for b in _call(plan_svc.book_plan, plan, request.auth, choices)]

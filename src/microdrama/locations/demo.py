"""Demo scene alliance: seven bases in six Jiangxi cities, about fifty sets across the five kinds with
drawn photos, and a believable booking book around today (confirmed shoots, requests waiting for the
base, a declined and a cancelled one). Names are fictional. Matched by natural keys (base name, set
code); bookings are only seeded into a base that has none, so loading twice changes nothing."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.utils import timezone
from PIL import ImageOps

from microdrama.accounts.models import Organisation, User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama

from .demo_photos import detail_of, draw_set_photo, jpeg
from .models import Base, Booking, BookingSlot, BookingStatus, Set, SetKind, SetPhoto
from .services import bookings as svc
from .services.availability import slots_for
from .services.csv_io import import_sets

DATA = Path(__file__).resolve().parent / "data"
OPERATOR = "赣江新区微短剧拍摄基地（场景联盟）"


def _photos(set_obj: Set) -> None:
    """Two drawn photos per set (a view and a closer detail); files are written once and reused."""
    if set_obj.photos.exists():
        return
    stems = [f"locations/demo/{set_obj.code.lower()}-{n}" for n in range(2)]
    names = [(f"{stem}.jpg", f"{stem}-thumb.jpg") for stem in stems]
    if not all(default_storage.exists(n) for pair in names for n in pair):
        view = draw_set_photo(
            set_obj.code, set_obj.kind, set_obj.name, f"{set_obj.base.city} · {set_obj.base.name}"
        )
        for (name, thumb), img in zip(names, [view, detail_of(view, set_obj.code)], strict=True):
            for target, picture in ((name, img), (thumb, ImageOps.fit(img, (480, 320)))):
                if default_storage.exists(target):
                    default_storage.delete(target)
                default_storage.save(target, ContentFile(jpeg(picture)))
    for n, (name, thumb) in enumerate(names):
        SetPhoto.objects.create(
            set=set_obj,
            image=name,
            thumbnail=thumb,
            width=960,
            height=640,
            order=n,
            caption=set_obj.name if n == 0 else set_obj.set_type,
        )


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def load() -> dict[str, int]:
    operator = Organisation.objects.get(kind=OrgKind.SHOOTING_BASE, name=OPERATOR)
    manager = User.objects.filter(organisation=operator, role_grants__role=Role.LOCATION_MANAGER).first()
    bases = json.loads((DATA / "demo_bases.json").read_text(encoding="utf-8"))
    for b in bases:
        Base.objects.update_or_create(name=b["name"], defaults={
            "operator": operator, "city": b["city"], "address": b["address"], "contact_name": b["contact_name"],
            "contact_phone": b["contact_phone"], "description": f"{b['city']}场景联盟成员基地", "hold_hours": 48,
        })  # fmt: skip
    # The sets come in through the same CSV import the base uses, so the demo exercises it too.
    result = import_sets(manager, (DATA / "demo_sets.csv").read_bytes())
    if not result.ok:
        raise RuntimeError(f"demo sets do not import: {result.file_errors} {result.row_errors[:3]}")
    sets = list(Set.objects.filter(base__operator=operator).select_related("base").order_by("code"))
    for set_obj in sets:
        _photos(set_obj)
    bookings = 0
    if not Booking.objects.filter(set__base__operator=operator).exists():
        bookings = _seed_bookings(sets, operator)
    return {"bases": len(bases), "sets": len(sets), "bookings": bookings}


def _crews() -> list[tuple[Drama, User]]:
    """Each production company's dramas with a person of that company who may book."""
    crews = []
    for drama in Drama.objects.select_related("company").order_by("company__name", "title"):
        person = (
            User.objects.filter(organisation=drama.company, is_active=True)
            .filter(Q(role_grants__role=Role.APPLICANT) | Q(role_grants__role=Role.CREATOR))
            .order_by("username")
            .first()
        )
        if person:
            crews.append((drama, person))
    return crews


def _seed_bookings(sets: list[Set], operator: Organisation) -> int:
    """About half the modern and period half-days from three weeks ago to four weeks ahead are booked.

    Every booking is requested through the service (so the database constraint vets the random
    draws); the confirmations are then applied in one update, which is what `approve` does to each
    minus the notifications, to keep the demo quick to load."""
    crews = _crews()
    manager = User.objects.filter(organisation=operator, role_grants__role=Role.LOCATION_MANAGER).first()
    if not crews or manager is None:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    next_monday = today + timedelta(days=7 - today.weekday())
    count = 0
    confirmed: list[int] = []

    def book(set_obj, drama, person, first, last, mode, outcome, rng) -> bool:
        asked = (
            datetime.combine(min(first, today) - timedelta(days=rng.randint(2, 12)), time(10, 0), tz)
            if outcome == "approved"
            else now - timedelta(hours=rng.randint(1, 20))
        )
        try:
            booking = svc.request_booking(
                person, set_obj, drama, slots_for(first, last, mode), "", now=asked, announce=False
            )
        except ValidationError:
            return False  # overlaps an earlier draw
        Booking.objects.filter(pk=booking.pk).update(created_at=asked)
        if outcome == "approved":
            confirmed.append(booking.pk)
        elif outcome == "declined":
            svc.decline(booking, manager, "该时段基地内部检修，建议改约下周。", announce=False)
        elif outcome == "cancelled":
            svc.cancel(booking, person, "剧本调整，改期拍摄", announce=False)
        return True

    for set_obj in sets:
        if set_obj.status != Set.Status.OPEN:
            continue
        rng = _rng(set_obj.code)
        if set_obj.code == "JD-Y-02":  # one 80s tenement is taken all next week, the other stays free
            drama, person = crews[rng.randrange(len(crews))]
            count += book(
                set_obj, drama, person, next_monday, next_monday + timedelta(days=6), "day", "approved", rng
            )
        busy = 0.55 if set_obj.kind in (SetKind.MODERN, SetKind.PERIOD) else 0.4
        day = today - timedelta(days=21)
        until = today - timedelta(days=1) if set_obj.code == "JD-Y-01" else today + timedelta(days=28)
        while day <= until:
            if rng.random() > busy:
                day += timedelta(days=rng.randint(1, 3))
                continue
            last = min(day + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3])), until)
            mode = rng.choice(["day", "day", "day", "am", "pm"]) if last == day else "day"
            roll = rng.random()
            if day <= today or roll < 0.76:
                outcome = "approved"
            else:
                outcome = "declined" if roll < 0.83 else "cancelled" if roll < 0.9 else "held"
            drama, person = crews[rng.randrange(len(crews))]
            count += book(set_obj, drama, person, day, last, mode, outcome, rng)
            day = last + timedelta(days=rng.randint(1, 4))
    Booking.objects.filter(pk__in=confirmed).update(
        status=BookingStatus.APPROVED,
        decided_by=manager,
        decided_at=F("created_at") + timedelta(hours=5),
        expires_at=None,
    )
    BookingSlot.objects.filter(booking_id__in=confirmed).update(hold_until=None)
    return count

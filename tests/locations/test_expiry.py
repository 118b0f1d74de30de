"""Holds that nobody decides lapse: on read at once, and in the database when the sweep runs."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from microdrama.locations.models import Booking, BookingSlot, BookingStatus
from microdrama.locations.services import bookings as svc
from microdrama.locations.services.availability import occupancy, slots_for
from microdrama.locations.services.search import SetQuery, search_sets
from microdrama.locations.tasks import expire_holds


def _lapse(booking):
    past = timezone.now() - timedelta(minutes=1)
    Booking.objects.filter(pk=booking.pk).update(expires_at=past)
    BookingSlot.objects.filter(booking=booking).update(hold_until=past)
    booking.refresh_from_db()


def test_a_lapsed_hold_reads_as_expired_before_any_task_runs(crew, drama, make_set, next_week):
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    _lapse(booking)
    assert booking.status == BookingStatus.HELD  # the row has not been touched
    assert booking.effective_status == BookingStatus.EXPIRED
    assert not Booking.objects.pending().filter(pk=booking.pk).exists()


def test_a_lapsed_hold_never_blocks_a_new_request(crew, drama, other_crew, other_drama, make_set, next_week):
    s = make_set()
    old = svc.request_booking(crew, s, drama, slots_for(*next_week, "day"))
    _lapse(old)
    assert occupancy([s.pk], *next_week).get(s.pk, {}) == {}
    assert (
        search_sets(other_crew, SetQuery(date_from=next_week[0], date_to=next_week[1]))
        .filter(pk=s.pk)
        .exists()
    )
    new = svc.request_booking(other_crew, s, other_drama, slots_for(*next_week, "day"))
    old.refresh_from_db()
    assert new.status == BookingStatus.HELD
    assert old.status == BookingStatus.EXPIRED
    assert not old.slots.filter(active=True).exists()


def test_a_lapsed_hold_cannot_be_approved(crew, drama, manager, make_set, next_week):
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    _lapse(booking)
    with pytest.raises(ValidationError):
        svc.approve(booking, manager)


def test_the_sweep_expires_lapsed_holds_and_leaves_the_rest(crew, drama, manager, make_set, next_week):
    s = make_set()
    lapsed = svc.request_booking(crew, s, drama, slots_for(next_week[0], next_week[0], "day"))
    live = svc.request_booking(crew, s, drama, slots_for(next_week[1], next_week[1], "day"))
    approved = svc.request_booking(
        crew, s, drama, slots_for(next_week[0] + timedelta(days=2), next_week[0] + timedelta(days=2), "day")
    )
    svc.approve(approved, manager)
    _lapse(lapsed)
    assert expire_holds() == 1
    assert expire_holds() == 0  # a second delivery changes nothing
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {lapsed.pk: "expired", live.pk: "held", approved.pk: "approved"}
    assert not BookingSlot.objects.filter(booking=lapsed, active=True).exists()


def test_the_sweep_is_on_the_beat_schedule():
    from microdrama.hub.celery import app

    entry = app.conf.beat_schedule["locations-expire-holds"]
    assert entry["task"] == expire_holds.name
    assert entry["schedule"] <= 600


def test_the_hold_time_comes_from_the_base(crew, drama, make_set, base, next_week):
    base.hold_hours = 6
    base.save()
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    assert booking.expires_at - timezone.now() < timedelta(hours=6, minutes=1)
    with pytest.raises(ValidationError):
        svc.request_booking(crew, booking.set, drama, slots_for(*next_week, "am"))

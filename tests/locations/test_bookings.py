"""Requesting, approving, declining and cancelling bookings by half-day."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from microdrama.accounts.roles import OrgKind, Role
from microdrama.locations.models import BookingSlot, BookingStatus, Set
from microdrama.locations.services import bookings as svc
from microdrama.locations.services.availability import slots_for


def test_a_request_holds_every_half_day_until_the_hold_time(crew, drama, make_set, next_week):
    s = make_set(day_rate="1000")
    first, last = next_week[0], next_week[0] + timedelta(days=1)
    booking = svc.request_booking(crew, s, drama, slots_for(first, last, "day"))
    assert booking.status == BookingStatus.HELD
    assert booking.half_days == 4
    assert set(booking.slots.values_list("date", "slot")) == {
        (first, "am"),
        (first, "pm"),
        (last, "am"),
        (last, "pm"),
    }
    assert abs((booking.expires_at - timezone.now()) - timedelta(hours=s.base.hold_hours)) < timedelta(
        minutes=1
    )


def test_whole_days_cost_the_day_rate_and_half_days_the_half_day_rate(crew, drama, make_set, next_week):
    s = make_set(day_rate="1000", half_day_rate=Decimal("650"))
    day = next_week[0]
    full = svc.request_booking(crew, s, drama, slots_for(day, day + timedelta(days=1), "day"))
    half = svc.request_booking(
        crew, s, drama, slots_for(day + timedelta(days=2), day + timedelta(days=2), "am")
    )
    assert full.price == Decimal("2000")
    assert half.price == Decimal("650")


def test_without_a_half_day_rate_half_a_day_costs_sixty_percent(make_set):
    assert make_set(day_rate="1000").effective_half_day_rate == Decimal("600.00")


def test_two_crews_can_share_a_day_morning_and_afternoon(
    crew, drama, other_crew, other_drama, make_set, next_week
):
    s = make_set()
    day = next_week[0]
    svc.request_booking(crew, s, drama, slots_for(day, day, "am"))
    svc.request_booking(other_crew, s, other_drama, slots_for(day, day, "pm"))
    assert BookingSlot.objects.filter(set=s, date=day, active=True).count() == 2


def test_a_full_day_clashes_with_a_half_day_already_held(
    crew, drama, other_crew, other_drama, make_set, next_week
):
    s = make_set()
    day = next_week[0]
    svc.request_booking(crew, s, drama, slots_for(day, day, "pm"))
    with pytest.raises(ValidationError) as err:
        svc.request_booking(other_crew, s, other_drama, slots_for(day, day + timedelta(days=2), "day"))
    assert "已被占用" in err.value.messages[0]
    assert f"{day.month}月{day.day}日 下午" in err.value.messages[0]
    assert BookingSlot.objects.filter(set=s, active=True).count() == 1


def test_approval_makes_the_booking_permanent_and_tells_the_crew(crew, drama, manager, make_set, next_week):
    s = make_set()
    booking = svc.request_booking(crew, s, drama, slots_for(*next_week, "day"))
    svc.approve(booking, manager, "欢迎")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED and booking.expires_at is None
    assert not booking.slots.filter(hold_until__isnull=False).exists()
    assert crew.notifications.filter(key__endswith=":approved").exists()


def test_declining_needs_a_reason_and_frees_the_dates(
    crew, drama, other_crew, other_drama, manager, make_set, next_week
):
    s = make_set()
    booking = svc.request_booking(crew, s, drama, slots_for(*next_week, "day"))
    with pytest.raises(ValidationError):
        svc.decline(booking, manager, "  ")
    svc.decline(booking, manager, "基地检修")
    assert (
        svc.request_booking(other_crew, s, other_drama, slots_for(*next_week, "day")).status
        == BookingStatus.HELD
    )


def test_cancelling_frees_the_dates_at_once(
    crew, drama, other_crew, other_drama, manager, make_set, next_week
):
    s = make_set()
    booking = svc.request_booking(crew, s, drama, slots_for(*next_week, "day"))
    svc.approve(booking, manager)
    svc.cancel(booking, crew, "改期")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert svc.request_booking(other_crew, s, other_drama, slots_for(*next_week, "day"))


def test_the_base_must_say_why_it_cancels(crew, drama, manager, make_set, next_week):
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    with pytest.raises(ValidationError):
        svc.cancel(booking, manager, "")
    svc.cancel(booking, manager, "停电检修")


def test_a_decided_booking_cannot_be_decided_again(crew, drama, manager, make_set, next_week):
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    svc.approve(booking, manager)
    with pytest.raises(ValidationError):
        svc.decline(booking, manager, "改主意")
    with pytest.raises(ValidationError):
        svc.approve(booking, manager)


def test_dates_before_today_cannot_be_booked(crew, drama, make_set):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        svc.request_booking(crew, make_set(), drama, slots_for(yesterday, yesterday, "day"))
    assert "今天之前" in err.value.messages[0]


def test_a_crew_books_only_for_its_own_company_dramas(crew, other_drama, make_set, next_week):
    with pytest.raises(PermissionDenied):
        svc.request_booking(crew, make_set(), other_drama, slots_for(*next_week, "day"))


def test_a_set_under_maintenance_cannot_be_booked(crew, drama, make_set, next_week):
    s = make_set(status=Set.Status.MAINTENANCE)
    with pytest.raises(ValidationError):
        svc.request_booking(crew, s, drama, slots_for(*next_week, "day"))


def test_only_the_bases_own_managers_decide(crew, drama, make_set, make_user, make_org, next_week):
    booking = svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    stranger = make_user(Role.LOCATION_MANAGER, org=make_org(OrgKind.SHOOTING_BASE))
    with pytest.raises(PermissionDenied):
        svc.approve(booking, stranger)
    with pytest.raises(PermissionDenied):
        svc.approve(booking, crew)


def test_the_base_hears_of_each_request(
    crew, drama, manager, make_set, next_week, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svc.request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    assert manager.notifications.filter(key__endswith=":requested").exists()


def test_a_request_longer_than_the_limit_is_refused(crew, drama, make_set):
    start = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        slots_for(start, start + timedelta(days=100), "day")

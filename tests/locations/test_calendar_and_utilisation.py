"""Month grids per set and per base, and utilisation per set and per kind."""

from datetime import timedelta
from decimal import Decimal

from microdrama.locations.models import Set
from microdrama.locations.services import bookings as svc
from microdrama.locations.services import calendar as cal
from microdrama.locations.services.availability import slots_for
from microdrama.locations.services.utilisation import utilisation


def _day(weeks, day):
    return next(d for week in weeks for d in week if d.date == day)


def test_a_crew_sees_its_own_bookings_and_only_that_others_are_taken(
    crew, drama, other_crew, other_drama, manager, make_set, next_week
):
    s = make_set()
    monday = next_week[0]
    mine = svc.request_booking(crew, s, drama, slots_for(monday, monday, "am"))
    theirs = svc.request_booking(other_crew, s, other_drama, slots_for(monday, monday, "pm"))
    day = _day(cal.set_month(s, monday.year, monday.month, crew), monday)
    assert (day.am.state, day.am.mine, day.am.booking_id) == ("held", True, mine.pk)
    assert "甲公司的剧" in day.am.label
    assert (day.pm.state, day.pm.mine, day.pm.booking_id, day.pm.label) == ("held", False, None, "")
    as_base = _day(cal.set_month(s, monday.year, monday.month, manager), monday)
    assert as_base.pm.booking_id == theirs.pk and "乙公司的剧" in as_base.pm.label


def test_a_month_grid_starts_on_monday_and_covers_the_month(crew, make_set):
    weeks = cal.set_month(make_set(), 2027, 2, crew)
    assert weeks[0][0].date.weekday() == 0
    days = [d.date for w in weeks for d in w if d.in_month]
    assert days[0].day == 1 and days[-1].day == 28 and len(days) == 28


def test_the_base_month_has_a_row_per_set_and_counts_booked_halves(
    crew, drama, manager, base, make_set, next_week
):
    a, b = make_set(), make_set()
    svc.request_booking(crew, a, drama, slots_for(next_week[0], next_week[0] + timedelta(days=1), "day"))
    rows = cal.base_month(base, next_week[0].year, next_week[0].month, manager)
    counts = {r.set.pk: r.booked_halves for r in rows}
    if next_week[0].month == (next_week[0] + timedelta(days=1)).month:
        assert counts == {a.pk: 4, b.pk: 0}
    else:
        assert counts == {a.pk: 2, b.pk: 0}


def test_utilisation_counts_confirmed_half_days_over_bookable_ones(crew, drama, manager, make_set, next_week):
    office = make_set(kind="modern", day_rate="1000")
    make_set(kind="modern", status=Set.Status.MAINTENANCE)
    palace = make_set(kind="costume")
    first, last = next_week
    b = svc.request_booking(crew, office, drama, slots_for(first, first + timedelta(days=1), "day"))
    svc.approve(b, manager)
    svc.request_booking(crew, palace, drama, slots_for(first, first, "am"))  # a hold, not yet confirmed
    report = utilisation(Set.objects.all(), first, last)
    per_set = {u.key: u for u in report.per_set}
    assert (per_set[str(office.pk)].confirmed, per_set[str(office.pk)].offered) == (4, 14)
    assert per_set[str(office.pk)].rate == round(100 * 4 / 14, 1)
    assert per_set[str(office.pk)].revenue == Decimal("2000.00")
    kinds = {u.key: u for u in report.per_kind}
    assert (kinds["modern"].offered, kinds["modern"].confirmed) == (14, 4)  # maintenance offers nothing
    assert (kinds["costume"].confirmed, kinds["costume"].held) == (0, 1)
    assert report.total.offered == 28
    assert sum(c for _d, c, _h in report.per_day) == 4

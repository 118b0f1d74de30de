"""Finding sets by kind, type, city, free dates, price, capacity and facilities, with next free dates."""

from datetime import timedelta

from microdrama.accounts.roles import OrgKind, Role
from microdrama.locations.models import Base, Set
from microdrama.locations.services import bookings as svc
from microdrama.locations.services.availability import next_free_dates, slots_for
from microdrama.locations.services.search import SetQuery, search_sets


def codes(user, **query):
    return set(search_sets(user, SetQuery(**query)).values_list("code", flat=True))


def test_filters_by_kind_type_city_price_capacity_and_facilities(crew, base, base_org, make_set):
    tenement = make_set(
        kind="period",
        set_type="80年代筒子楼",
        day_rate="3800",
        capacity=60,
        facilities=["power", "dressing_room"],
    )
    palace = make_set(kind="costume", set_type="宫殿", day_rate="18000", capacity=150, facilities=["power"])
    other_city = Base.objects.create(operator=base_org, name="九江基地", city="九江")
    villa = make_set(kind="overseas", set_type="欧式别墅", day_rate="9000", base=other_city)
    assert codes(crew, kind="period") == {tenement.code}
    assert codes(crew, set_type="筒子楼") == {tenement.code}
    assert codes(crew, city="九江") == {villa.code}
    assert codes(crew, max_rate=10000) == {tenement.code, villa.code}
    assert codes(crew, min_capacity=100) == {palace.code}
    assert codes(crew, facilities=["power", "dressing_room"]) == {tenement.code}
    assert codes(crew, facilities=["power"]) == {tenement.code, palace.code}


def test_a_date_range_keeps_only_sets_free_on_every_half_day(crew, drama, make_set, next_week):
    free, busy, half = make_set(), make_set(), make_set()
    svc.request_booking(
        crew,
        busy,
        drama,
        slots_for(next_week[0] + timedelta(days=3), next_week[0] + timedelta(days=3), "day"),
    )
    svc.request_booking(crew, half, drama, slots_for(next_week[0], next_week[0], "am"))
    assert codes(crew, date_from=next_week[0], date_to=next_week[1]) == {free.code}
    assert codes(crew, date_from=next_week[0], date_to=next_week[0], mode="pm") == {
        free.code,
        busy.code,
        half.code,
    }
    assert codes(crew, date_from=next_week[0], date_to=next_week[0], mode="am") == {free.code, busy.code}


def test_declined_and_cancelled_bookings_do_not_hide_a_set(crew, drama, manager, make_set, next_week):
    s = make_set()
    svc.decline(svc.request_booking(crew, s, drama, slots_for(*next_week, "day")), manager, "不行")
    svc.cancel(svc.request_booking(crew, s, drama, slots_for(*next_week, "day")), crew)
    assert codes(crew, date_from=next_week[0], date_to=next_week[1]) == {s.code}


def test_retired_sets_are_hidden_and_maintenance_sets_drop_out_of_date_searches(crew, make_set, next_week):
    make_set(status=Set.Status.RETIRED)
    fixing = make_set(status=Set.Status.MAINTENANCE)
    assert codes(crew) == {fixing.code}
    assert codes(crew, date_from=next_week[0]) == set()


def test_people_outside_the_section_find_nothing(make_user, make_set):
    make_set()
    assert codes(make_user(Role.REVIEWER)) == set()


def test_a_base_manager_also_sees_its_own_retired_sets(manager, make_set, make_org, make_user):
    mine = make_set(status=Set.Status.RETIRED)
    other = make_user(Role.LOCATION_MANAGER, org=make_org(OrgKind.SHOOTING_BASE))
    assert mine.code in codes(manager)
    assert mine.code not in codes(other)


def test_next_free_dates_skip_booked_days(crew, drama, make_set, next_week):
    s = make_set()
    monday = next_week[0]
    svc.request_booking(crew, s, drama, slots_for(monday, monday + timedelta(days=1), "day"))
    svc.request_booking(
        crew, s, drama, slots_for(monday + timedelta(days=2), monday + timedelta(days=2), "pm")
    )
    assert next_free_dates([s.pk], start=monday)[s.pk] == [monday + timedelta(days=d) for d in (3, 4, 5)]

"""The demo alliance looks like a real provincial one and loads idempotently."""

from datetime import timedelta

import pytest
from django.utils import timezone

from microdrama.locations import demo
from microdrama.locations.models import Base, Booking, Set, SetPhoto
from microdrama.locations.services.search import SetQuery, search_sets


@pytest.mark.slow
def test_the_demo_alliance_spans_cities_and_kinds_and_loads_twice_unchanged(demo_data):
    from microdrama.accounts.models import User

    sets = Set.objects.all()
    assert sets.count() >= 30
    assert set(sets.values_list("kind", flat=True)) == {"costume", "period", "modern", "virtual", "overseas"}
    assert len(set(Base.objects.values_list("city", flat=True))) >= 5
    assert sets.filter(base__name="赣江新区微短剧拍摄基地", kind="modern").count() >= 20
    assert SetPhoto.objects.count() >= 2 * sets.count()
    assert Booking.objects.filter(status="approved").count() > 100
    assert Booking.objects.pending().exists()
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    crew = User.objects.get(username="applicant")
    free = search_sets(
        crew, SetQuery(set_type="80年代筒子楼", date_from=monday, date_to=monday + timedelta(days=6))
    )
    assert list(free.values_list("code", flat=True)) == ["JD-Y-01"]
    before = (Set.objects.count(), Booking.objects.count(), SetPhoto.objects.count())
    assert demo.load()["bookings"] == 0
    assert (Set.objects.count(), Booking.objects.count(), SetPhoto.objects.count()) == before

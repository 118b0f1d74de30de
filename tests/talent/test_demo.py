"""The demo talent centre looks like a real one and loads idempotently."""

import pytest

from microdrama.talent import demo
from microdrama.talent.models import Course, Credit, Enrolment, ShortlistEntry, TalentProfile


@pytest.mark.slow
def test_the_demo_pool_is_large_varied_and_loads_twice_unchanged(demo_data):
    assert TalentProfile.objects.count() >= 100
    assert len(set(TalentProfile.objects.values_list("kind", flat=True))) >= 8
    assert len(set(TalentProfile.objects.values_list("city", flat=True))) >= 6
    assert len(set(TalentProfile.objects.values_list("name", flat=True))) == TalentProfile.objects.count()
    assert Credit.objects.exclude(drama=None).exists()  # portfolios link to filed dramas
    assert (
        Course.objects.count() >= 5 and Course.objects.filter(sessions__isnull=False).distinct().count() >= 5
    )
    assert Enrolment.objects.filter(status="completed").count() >= 20
    assert ShortlistEntry.objects.exists()
    assert TalentProfile.objects.get(name="苏晚").user.username == "actor"
    before = (
        TalentProfile.objects.count(),
        Enrolment.objects.count(),
        ShortlistEntry.objects.count(),
        Credit.objects.count(),
    )
    demo.load()
    assert (
        TalentProfile.objects.count(),
        Enrolment.objects.count(),
        ShortlistEntry.objects.count(),
        Credit.objects.count(),
    ) == before

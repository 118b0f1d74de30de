"""Finding people by kind, gender, playing age, dialect, speciality, free dates and certificates."""

from datetime import date

from microdrama.talent.models import Course, Enrolment
from microdrama.talent.services.profiles import add_busy
from microdrama.talent.services.search import TalentQuery, search_profiles


def names(user, **query):
    return set(search_profiles(user, TalentQuery(**query)).values_list("name", flat=True))


def test_people_are_found_by_what_they_are_and_can_do(producer, officer, make_profile):
    make_profile(
        "甲",
        gender="female",
        age_min=20,
        age_max=28,
        city="赣州",
        tags={"dialect": ["客家话"], "speciality": ["骑马"], "genre": ["costume"]},
    )
    make_profile("乙", gender="male", age_min=30, age_max=40, city="南昌", tags={"dialect": ["南昌话"]})
    make_profile("丙", kind="director", city="南昌")
    assert names(producer, kind="actor") == {"甲", "乙"}
    assert names(producer, gender="female") == {"甲"}
    assert names(producer, age=35) == {"乙"}
    assert names(producer, city="南昌") == {"乙", "丙"}
    assert names(producer, dialect="客家话", speciality="骑马", genre="costume") == {"甲"}
    assert names(producer, text="乙") == {"乙"}


def test_free_dates_leave_out_people_busy_then(producer, officer, make_profile):
    busy = make_profile("忙")
    make_profile("闲")
    add_busy(officer, busy, date(2030, 3, 1), date(2030, 3, 10))
    assert names(producer, free_from=date(2030, 3, 5), free_to=date(2030, 3, 20)) == {"闲"}
    assert names(producer, free_from=date(2030, 3, 11)) == {"忙", "闲"}


def test_certified_keeps_people_who_completed_a_course(producer, make_profile):
    done = make_profile("结业的")
    make_profile("没结业的")
    course = Course.objects.create(code="S-1", title="课", category="acting", hours=1, capacity=5)
    Enrolment.objects.create(course=course, profile=done, status="completed", certificate_number="X-1")
    assert names(producer, certified=True) == {"结业的"}

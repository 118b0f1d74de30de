"""Training: enrolment within the places, attendance, completion at the course's bar with a
certificate number, and who completed what."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from microdrama.accounts.models import User
from microdrama.talent.models import Course, Enrolment, Session
from microdrama.talent.services import training as svc
from microdrama.talent.services.profiles import link_user


@pytest.fixture
def course(db):
    c = Course.objects.create(
        code="TC-T-1",
        title="微短剧表演实训营",
        category="acting",
        hours=24,
        capacity=2,
        partner_name="江西传媒职业学院",
        pass_attendance=75,
    )
    start = timezone.now() - timedelta(days=30)
    for i in range(4):
        Session.objects.create(
            course=c,
            topic=f"第{i + 1}课",
            starts_at=start + timedelta(days=7 * i),
            ends_at=start + timedelta(days=7 * i, hours=3),
        )
    return c


def test_places_are_limited_and_nobody_enrols_twice(officer, course, make_profile):
    a, b, c = make_profile(), make_profile(), make_profile()
    svc.enrol(officer, course, a)
    with pytest.raises(ValidationError):
        svc.enrol(officer, course, a)
    svc.enrol(officer, course, b)
    with pytest.raises(ValidationError) as err:
        svc.enrol(officer, course, c)
    assert "名额已满" in err.value.messages[0]


def test_a_withdrawn_place_can_be_taken_again(officer, course, make_profile):
    a, b = make_profile(), make_profile()
    e = svc.enrol(officer, course, a)
    svc.enrol(officer, course, b)
    svc.withdraw(officer, e)
    svc.enrol(officer, course, make_profile())


def test_a_person_enrols_themself_only_while_the_course_takes_sign_ups(officer, course, make_profile):
    p = make_profile()
    User.objects.create_user("self", password="x-Pass-1234")
    link_user(officer, p, "self")
    person = User.objects.get(username="self")
    course.status = Course.Status.RUNNING
    course.save()
    with pytest.raises(ValidationError):
        svc.enrol(person, course, p)
    course.status = Course.Status.OPEN
    course.save()
    assert svc.enrol(person, course, p).status == Enrolment.Status.ENROLLED
    with pytest.raises(PermissionDenied):
        svc.enrol(person, course, make_profile())


def test_completion_needs_the_attendance_the_course_asks_for(officer, course, make_profile):
    good, poor = (svc.enrol(officer, course, make_profile()) for _ in range(2))
    for i, session in enumerate(course.sessions.all()):
        svc.record_attendance(officer, session, {good.pk} | ({poor.pk} if i < 2 else set()))
    assert svc.progress(good).percent == 100 and svc.progress(poor).percent == 50
    with pytest.raises(ValidationError) as err:
        svc.complete(officer, poor)
    assert "2/4" in err.value.messages[0] and "75%" in err.value.messages[0]
    done = svc.complete(officer, good)
    assert done.status == Enrolment.Status.COMPLETED
    assert done.certificate_number == f"GJTC-{timezone.localdate().year}-{done.pk:06d}"
    assert svc.complete(officer, good).certificate_number == done.certificate_number  # idempotent


def test_completing_everyone_who_qualifies(officer, course, make_profile):
    good, poor = (svc.enrol(officer, course, make_profile()) for _ in range(2))
    for session in course.sessions.all()[:3]:
        svc.record_attendance(officer, session, {good.pk})
    done, short = svc.complete_eligible(officer, course)
    assert [e.pk for e in done] == [good.pk] and [e.pk for e, _p in short] == [poor.pk]
    assert list(svc.completions(course=course)) == [Enrolment.objects.get(pk=good.pk)]


def test_attendance_is_not_taken_for_future_sessions_or_strangers(officer, course, make_profile):
    e = svc.enrol(officer, course, make_profile())
    future = Session.objects.create(
        course=course,
        topic="下周",
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=7, hours=2),
    )
    with pytest.raises(ValidationError):
        svc.record_attendance(officer, future, {e.pk})
    with pytest.raises(ValidationError):
        svc.record_attendance(officer, course.sessions.first(), {e.pk + 1000})


def test_a_completed_enrolment_cannot_be_withdrawn(officer, course, make_profile):
    e = svc.enrol(officer, course, make_profile())
    for session in course.sessions.all():
        svc.record_attendance(officer, session, {e.pk})
    svc.complete(officer, e)
    with pytest.raises(ValidationError):
        svc.withdraw(officer, e)

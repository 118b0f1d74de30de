"""Training: enrolling people in courses, taking attendance, completing enrolments with a certificate
number, and the record of who completed what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attendance, Course, Enrolment, Session, TalentProfile
from ..models.profiles import is_talent_officer

CERTIFICATE_PREFIX = "GJTC"


def _officer(user) -> None:
    if not is_talent_officer(user):
        raise PermissionDenied(_("只有人才运营可以管理培训"))


def enrol(user, course: Course, profile: TalentProfile) -> Enrolment:
    """The officer enrols anyone; a person may enrol themself while the course takes sign-ups."""
    own = profile.user_id is not None and profile.user_id == getattr(user, "pk", None)
    if not (is_talent_officer(user) or own):
        raise PermissionDenied(_("只有本人或人才运营可以报名"))
    if course.status == Course.Status.FINISHED or (
        own and not is_talent_officer(user) and course.status != Course.Status.OPEN
    ):
        raise ValidationError(
            _("课程“%(c)s”%(s)s，不能报名") % {"c": course.title, "s": course.get_status_display()}
        )
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        existing = Enrolment.objects.filter(course=course, profile=profile).first()
        if existing and existing.status != Enrolment.Status.WITHDRAWN:
            raise ValidationError(_("%(n)s 已报名该课程") % {"n": profile.name})
        taken = course.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).count()
        if taken >= course.capacity:
            raise ValidationError(
                _("课程“%(c)s”名额已满（%(n)s 人）") % {"c": course.title, "n": course.capacity}
            )
        if existing:
            existing.status = Enrolment.Status.ENROLLED
            existing.save(update_fields=["status"])
            return existing
        return Enrolment.objects.create(course=course, profile=profile)


def withdraw(user, enrolment: Enrolment) -> Enrolment:
    own = enrolment.profile.user_id is not None and enrolment.profile.user_id == getattr(user, "pk", None)
    if not (is_talent_officer(user) or own):
        raise PermissionDenied(_("只有本人或人才运营可以退出"))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)  # the stored status decides
        if enrolment.status == Enrolment.Status.COMPLETED:
            raise ValidationError(_("已结业的报名不能退出"))
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.save(update_fields=["status"])
    return enrolment


def record_attendance(user, session: Session, present_ids: set[int]) -> int:
    """Mark every active enrolment of the session's course present or absent; returns how many present."""
    _officer(user)
    if session.starts_at > timezone.now():
        raise ValidationError(_("课次尚未开始，不能记录出勤"))
    enrolments = list(session.course.enrolments.exclude(status=Enrolment.Status.WITHDRAWN))
    unknown = set(present_ids) - {e.pk for e in enrolments}
    if unknown:
        raise ValidationError(_("出勤名单里有不属于本课程的学员"))
    with transaction.atomic():
        for e in enrolments:
            Attendance.objects.update_or_create(
                session=session, enrolment=e, defaults={"present": e.pk in present_ids, "recorded_by": user}
            )
    return sum(1 for e in enrolments if e.pk in present_ids)


@dataclass
class Progress:
    attended: int
    sessions: int
    required_percent: int

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.sessions) if self.sessions else 0

    @property
    def eligible(self) -> bool:
        return self.sessions > 0 and self.percent >= self.required_percent


def progress(enrolment: Enrolment) -> Progress:
    sessions = enrolment.course.sessions.count()
    attended = enrolment.attendance.filter(present=True).count()
    return Progress(attended, sessions, enrolment.course.pass_attendance)


def certificate_number(enrolment: Enrolment, on: date) -> str:
    return f"{CERTIFICATE_PREFIX}-{on.year}-{enrolment.pk:06d}"


def complete(user, enrolment: Enrolment, on: date | None = None) -> Enrolment:
    """Complete an enrolment whose attendance meets the course's bar, issuing its certificate number."""
    _officer(user)
    on = on or timezone.localdate()
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().select_related("course", "profile").get(pk=enrolment.pk)
        )
        if enrolment.status == Enrolment.Status.COMPLETED:
            return enrolment
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            raise ValidationError(_("%(n)s 已退出课程") % {"n": enrolment.profile.name})
        p = progress(enrolment)
        if not p.eligible:
            raise ValidationError(
                _("%(n)s 出勤 %(a)s/%(s)s 次（%(p)s%%），未达到结业要求 %(r)s%%")
                % {
                    "n": enrolment.profile.name,
                    "a": p.attended,
                    "s": p.sessions,
                    "p": p.percent,
                    "r": p.required_percent,
                }
            )
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.completed_on = on
        enrolment.completed_by = user
        enrolment.certificate_number = certificate_number(enrolment, on)
        enrolment.save(update_fields=["status", "completed_on", "completed_by", "certificate_number"])
    return enrolment


def complete_eligible(user, course: Course) -> tuple[list[Enrolment], list[tuple[Enrolment, Progress]]]:
    """Complete everyone who qualifies; returns (completed, (not yet eligible, their progress))."""
    _officer(user)
    done, short = [], []
    for e in course.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("profile"):
        p = progress(e)
        if p.eligible:
            done.append(complete(user, e))
        else:
            short.append((e, p))
    return done, short


def completions(year: int | None = None, course: Course | None = None, category: str = ""):
    rows = (
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
        .select_related("course", "course__partner", "profile")
        .order_by("-completed_on", "profile__number")
    )
    if year:
        rows = rows.filter(completed_on__year=year)
    if course:
        rows = rows.filter(course=course)
    if category:
        rows = rows.filter(course__category=category)
    return rows

"""Training pages: courses, a course with its sessions and enrolments, the attendance sheet,
completion, who completed what, the certificate PDF and its public verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import Role
from microdrama.hub.tables import Column, Table

from ..forms import CourseForm, EnrolForm, SessionForm
from ..models import Attendance, Course, Enrolment, Session, TalentProfile
from ..services import training as svc
from ..services.certificates import render_certificate


@role_required(Role.TALENT_OFFICER)
def courses(request):
    rows = (
        Course.objects.select_related("partner")
        .annotate(
            enrolled=Count(
                "enrolments", filter=~Q(enrolments__status=Enrolment.Status.WITHDRAWN), distinct=True
            ),
            completed=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED), distinct=True
            ),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-created_at")
    )
    return render(request, "talent/courses.html", {"courses": rows})


@role_required(Role.TALENT_OFFICER)
def course_edit(request, pk: int | None = None):
    course = get_object_or_404(Course, pk=pk) if pk else Course()
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        messages.success(request, _("课程已保存"))
        return redirect("talent:course", pk=course.pk)
    return render(request, "talent/course_form.html", {"form": form, "course": course if pk else None})


@role_required(Role.TALENT_OFFICER)
def course_detail(request, pk: int):
    course = get_object_or_404(Course.objects.select_related("partner"), pk=pk)
    enrolments = list(course.enrolments.select_related("profile").order_by("status", "profile__number"))
    sessions = list(course.sessions.all())
    marks = {
        (a.session_id, a.enrolment_id): a.present for a in Attendance.objects.filter(session__course=course)
    }
    rows = []
    for e in enrolments:
        p = svc.progress(e)
        rows.append({"enrolment": e, "progress": p, "marks": [marks.get((s.pk, e.pk)) for s in sessions]})
    return render(
        request,
        "talent/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "rows": rows,
            "enrol_form": EnrolForm(),
            "session_form": SessionForm(),
            "now": timezone.now(),
            "active": sum(1 for e in enrolments if e.status != Enrolment.Status.WITHDRAWN),
        },
    )


@role_required(Role.TALENT_OFFICER)
@require_POST
def session_add(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        session = form.save(commit=False)
        session.course = course
        session.save()
        messages.success(request, _("课次已添加"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("talent:course", pk=pk)


@role_required(Role.TALENT_OFFICER)
@require_POST
def enrol(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    form = EnrolForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["number"].strip()
        matches = list(TalentProfile.objects.filter(Q(number__iexact=key) | Q(name=key))[:2])
        if len(matches) != 1:
            messages.error(
                request,
                _("找不到唯一的人才档案“%(k)s”，请输入人才编号") % {"k": key}
                if not matches
                else _("有多位同名人才，请输入人才编号"),
            )
        else:
            try:
                svc.enrol(request.user, course, matches[0])
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("%(n)s 已报名") % {"n": matches[0].name})
    return redirect("talent:course", pk=pk)


@role_required(Role.TALENT_OFFICER)
def attendance(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    enrolments = list(
        session.course.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("profile")
        .order_by("profile__number")
    )
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            n = svc.record_attendance(request.user, session, present)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("出勤已记录：%(n)s / %(t)s 人到课") % {"n": n, "t": len(enrolments)})
            return redirect("talent:course", pk=session.course_id)
    marks = {a.enrolment_id: a.present for a in session.attendance.all()}
    return render(
        request,
        "talent/attendance.html",
        {
            "session": session,
            "rows": [(e, marks.get(e.pk)) for e in enrolments],
            "future": session.starts_at > timezone.now(),
        },
    )


@role_required(Role.TALENT_OFFICER)
@require_POST
def complete(request, pk: int):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    try:
        svc.complete(request.user, enrolment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已结业并发放证书"))
    return redirect("talent:course", pk=enrolment.course_id)


@role_required(Role.TALENT_OFFICER)
@require_POST
def complete_all(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    done, short = svc.complete_eligible(request.user, course)
    messages.success(
        request, _("%(n)s 人结业并获得证书；%(m)s 人出勤未达标") % {"n": len(done), "m": len(short)}
    )
    return redirect("talent:course", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    enrolment = get_visible_or_404(Enrolment.objects.select_related("profile"), request.user, pk=pk)
    try:
        svc.withdraw(request.user, enrolment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已退出课程"))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("talent:profile", pk=enrolment.profile_id)


@role_required(Role.TALENT_OFFICER)
def completions(request):
    year = request.GET.get("year", "")
    category = request.GET.get("category", "")
    rows = svc.completions(
        int(year) if year.isdigit() else None, category=category if category in Course.Category.values else ""
    )
    if request.GET.get("format") == "csv":
        return _completions_csv(rows)
    table = Table(
        request,
        rows,
        [
            Column("number", _("证书编号"), sort="certificate_number", render=lambda e: e.certificate_number),
            Column("name", _("姓名"), sort="profile__name", render=lambda e: e.profile.name),
            Column("kind", _("类别"), render=lambda e: e.profile.get_kind_display()),
            Column("course", _("课程"), sort="course__title", render=lambda e: e.course.title),
            Column("category", _("方向"), render=lambda e: e.course.get_category_display()),
            Column("partner", _("合作方"), render=lambda e: e.course.partner_label),
            Column("hours", _("学时"), numeric=True, render=lambda e: e.course.hours),
            Column("completed_on", _("结业日期"), sort="completed_on"),
        ],
        per_page=30,
        default_sort="-completed_on",
        empty_text=_("还没有人结业"),
        testid="completions-table",
    )
    years = sorted(
        {
            d.year
            for d in Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).values_list(
                "completed_on", flat=True
            )
            if d
        },
        reverse=True,
    )
    return render(
        request,
        "talent/completions.html",
        {
            "table": table,
            "year": year,
            "category": category,
            "years": years,
            "categories": Course.Category.choices,
            "total": rows.count(),
            "people": rows.values("profile").distinct().count(),
            "hours": sum(e.course.hours for e in rows),
        },
    )


def _completions_csv(rows) -> HttpResponse:
    import csv
    import io

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["证书编号", "人才编号", "姓名", "课程", "方向", "合作方", "学时", "结业日期"])
    for e in rows:
        w.writerow(
            [
                e.certificate_number,
                e.profile.number,
                e.profile.name,
                e.course.title,
                e.course.get_category_display(),
                e.course.partner_label,
                e.course.hours,
                e.completed_on,
            ]
        )
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="completions.csv"'
    return response


@login_required
def certificate_pdf(request, pk: int):
    """The certificate of a completed enrolment: for the talent centre and the person themself."""
    enrolment = get_visible_or_404(
        Enrolment.objects.select_related("course__partner", "profile"),
        request.user,
        pk=pk,
        status=Enrolment.Status.COMPLETED,
    )
    response = HttpResponse(render_certificate(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{enrolment.certificate_number}.pdf"'
    return response


def verify(request, number: str):
    """Public: is this certificate number genuine? Shows the course and a masked name only."""
    enrolment = (
        Enrolment.objects.select_related("course", "profile")
        .filter(certificate_number=number, status=Enrolment.Status.COMPLETED)
        .first()
    )
    if enrolment is None:
        return render(request, "talent/verify.html", {"number": number, "enrolment": None}, status=404)
    name = enrolment.profile.name
    masked = name[0] + "*" * (len(name) - 1) if len(name) > 1 else name
    return render(request, "talent/verify.html", {"number": number, "enrolment": enrolment, "masked": masked})

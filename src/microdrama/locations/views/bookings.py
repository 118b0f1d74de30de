"""Booking pages: request from a set's page, the list for crew and base, the detail with decisions,
and the calendar file (.ics) of a booking."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.hub.tables import Column, Table

from ..forms import BookingForm, DecisionForm
from ..models import Booking, BookingStatus, Set, Slot
from ..services import bookings as svc
from ..services.availability import slots_for
from .common import CREW_ROLES, SECTION_ROLES, is_base_staff

SLOT_HOURS = {Slot.AM: (time(8, 0), time(12, 0)), Slot.PM: (time(13, 0), time(18, 0))}


@role_required(*CREW_ROLES)
@require_POST
def request_booking(request, pk: int):
    set_obj = get_visible_or_404(Set.objects.select_related("base"), request.user, pk=pk)
    form = BookingForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            booking = svc.request_booking(
                request.user,
                set_obj,
                d["drama"],
                slots_for(d["first_date"], d["last_date"], d["mode"]),
                d["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("预订申请已提交，档期已为你保留至 %(until)s，等待基地审批")
                % {"until": timezone.localtime(booking.expires_at).strftime("%m-%d %H:%M")},
            )
            return redirect("locations:booking", pk=booking.pk)
    return _rerender_with_form(request, set_obj, form)


def _rerender_with_form(request, set_obj, form):
    """The set's page again, with the booking form and its errors (400, nothing was booked)."""
    from ..services import calendar as cal
    from ..services.availability import next_free_dates
    from .common import month_arg

    year, month = month_arg(request)
    return render(
        request,
        "locations/set_detail.html",
        {
            "set": set_obj,
            "weeks": cal.set_month(set_obj, year, month, request.user),
            "year": year,
            "month": month,
            "prev": cal.shift_month(year, month, -1),
            "next": cal.shift_month(year, month, 1),
            "manages": False,
            "booking_form": form,
            "free": next_free_dates([set_obj.pk], count=5).get(set_obj.pk, []),
        },
        status=400,
    )


def _status_badge(b: Booking):
    return format_html(
        '<span class="status status-{}">{}</span>', b.status_css, b.get_effective_status_display()
    )


@role_required(*SECTION_ROLES)
def booking_list(request):
    bookings = Booking.objects.visible_to(request.user).select_related("set__base", "drama", "company")
    state = request.GET.get("state", "")
    now = timezone.now()
    if state == "pending":
        bookings = bookings.pending(now)
    elif state == "upcoming":
        bookings = bookings.filter(status=BookingStatus.APPROVED, last_date__gte=timezone.localdate())
    elif state in BookingStatus.values:
        bookings = (
            bookings.filter(status=state)
            if state != BookingStatus.EXPIRED
            else (bookings.filter(status=state) | bookings.lapsed(now))
        )
    staff = is_base_staff(request.user)
    columns = [
        Column(
            "ref",
            _("编号"),
            sort="pk",
            render=lambda b: format_html(
                '<a href="{}">{}</a>', reverse("locations:booking", args=[b.pk]), b.reference
            ),
        ),
        Column("set", _("场景"), sort="set__name", render=lambda b: f"{b.set.name} · {b.set.base.city}"),
        Column("drama", _("剧目"), sort="drama__title", render=lambda b: str(b.drama)),
    ]
    if staff:
        columns.append(
            Column(
                "company",
                _("制作机构"),
                sort="company__name",
                render=lambda b: b.company.short_name or b.company.name,
            )
        )
    columns += [
        Column("when", _("档期"), sort="first_date", render=svc.slot_summary),
        Column("price", _("租金（元）"), sort="price", numeric=True),
        Column("status", _("状态"), sort="status", render=_status_badge),
        Column(
            "created_at",
            _("申请时间"),
            sort="created_at",
            render=lambda b: timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
        ),
    ]
    table = Table(
        request,
        bookings.prefetch_related("slots"),
        columns,
        per_page=20,
        default_sort="-created_at",
        empty_text=_("没有符合条件的预订"),
        testid="bookings-table",
    )
    return render(
        request,
        "locations/booking_list.html",
        {
            "table": table,
            "state": state,
            "staff": staff,
            "pending": Booking.objects.visible_to(request.user).pending(now).count(),
        },
    )


@role_required(*SECTION_ROLES)
def booking_detail(request, pk: int):
    booking = get_visible_or_404(
        Booking.objects.select_related(
            "set__base", "drama", "company", "requested_by", "decided_by", "cancelled_by"
        ),
        request.user,
        pk=pk,
    )
    user = request.user
    manages = user.is_platform_admin or (
        is_base_staff(user) and booking.set.base.operator_id == user.organisation_id
    )
    status = booking.effective_status
    return render(
        request,
        "locations/booking_detail.html",
        {
            "booking": booking,
            "manages": manages,
            "status": status,
            "can_decide": manages and status == BookingStatus.HELD,
            "can_cancel": status in (BookingStatus.HELD, BookingStatus.APPROVED)
            and booking.last_date >= timezone.localdate()
            and (manages or booking.company_id == user.organisation_id),
            "slots": svc.slot_summary(booking),
            "form": DecisionForm(),
        },
    )


def _decide(request, pk: int, action):
    booking = get_visible_or_404(Booking.objects.all(), request.user, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        action(booking, request.user, note)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(
            request,
            {
                svc.approve: _("已确认预订"),
                svc.decline: _("已拒绝预订"),
                svc.cancel: _("预订已取消，档期已释放"),
            }[action],
        )
    return redirect("locations:booking", pk=pk)


@role_required(*SECTION_ROLES)
@require_POST
def approve(request, pk: int):
    return _decide(request, pk, svc.approve)


@role_required(*SECTION_ROLES)
@require_POST
def decline(request, pk: int):
    return _decide(request, pk, svc.decline)


@role_required(*SECTION_ROLES)
@require_POST
def cancel(request, pk: int):
    return _decide(request, pk, svc.cancel)


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@role_required(*SECTION_ROLES)
def booking_ics(request, pk: int):
    """The booking's half-days as calendar events (one per contiguous block of a day)."""
    booking = get_visible_or_404(Booking.objects.select_related("set__base", "drama"), request.user, pk=pk)
    tz = timezone.get_current_timezone()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//microdrama//locations//ZH", "CALSCALE:GREGORIAN"]
    by_day: dict = {}
    for s in booking.slots.all():
        by_day.setdefault(s.date, []).append(s.slot)
    for day, halves in sorted(by_day.items()):
        start = datetime.combine(day, SLOT_HOURS[Slot.AM if Slot.AM in halves else Slot.PM][0], tz)
        end = datetime.combine(day, SLOT_HOURS[Slot.PM if Slot.PM in halves else Slot.AM][1], tz)
        lines += [
            "BEGIN:VEVENT",
            f"UID:booking-{booking.pk}-{day:%Y%m%d}@microdrama",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_escape(f'{booking.drama} · {booking.set.name}')}",
            f"LOCATION:{_ics_escape(f'{booking.set.base.name} {booking.set.base.address}'.strip())}",
            f"DESCRIPTION:{_ics_escape(f'{booking.reference} {booking.get_effective_status_display()}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response

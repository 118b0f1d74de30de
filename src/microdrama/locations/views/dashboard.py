"""The base's dashboard: utilisation per kind and per set for a month, pending requests, what is next."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from microdrama.accounts.access import role_required
from microdrama.accounts.roles import Role

from ..models import Booking, BookingStatus, Set
from ..services import calendar as cal
from ..services.utilisation import sets_by_kind, utilisation
from .common import month_arg


@role_required(Role.LOCATION_MANAGER)
def dashboard(request):
    year, month = month_arg(request)
    first, last = cal.month_bounds(year, month)
    sets = Set.objects.managed_by(request.user)
    report = utilisation(sets, first, last)
    now = timezone.now()
    today = timezone.localdate()
    visible = Booking.objects.visible_to(request.user).select_related("set__base", "drama", "company")
    chart = {
        "kinds": [u.label for u in report.per_kind],
        "kind_rates": [u.rate for u in report.per_kind],
        "kind_held": [round(100 * u.held / u.offered, 1) if u.offered else 0 for u in report.per_kind],
        "sets": [u.label for u in report.per_set[:15]][::-1],
        "set_rates": [u.rate for u in report.per_set[:15]][::-1],
        "days": [d.strftime("%m-%d") for d, _c, _h in report.per_day],
        "day_confirmed": [c for _d, c, _h in report.per_day],
        "day_held": [h for _d, _c, h in report.per_day],
    }
    return render(
        request,
        "locations/dashboard.html",
        {
            "report": report,
            "chart": chart,
            "year": year,
            "month": month,
            "prev": cal.shift_month(year, month, -1),
            "next": cal.shift_month(year, month, 1),
            "set_count": sum(sets_by_kind(sets).values()),
            "open_count": sets.filter(status=Set.Status.OPEN).count(),
            "pending": visible.pending(now).order_by("expires_at")[:10],
            "pending_count": visible.pending(now).count(),
            "upcoming": visible.filter(
                status=BookingStatus.APPROVED, first_date__lte=today + timedelta(days=7), last_date__gte=today
            ).order_by("first_date")[:10],
        },
    )

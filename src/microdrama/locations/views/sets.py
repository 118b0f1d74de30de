"""Set pages: search, detail with calendar and booking form, editing, photos, CSV import/export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import Role
from microdrama.hub.tables import Column, Table

from ..forms import BookingForm, CsvImportForm, PhotoForm, SearchForm, SetForm
from ..models import Base, Booking, Set, SetPhoto
from ..services import calendar as cal
from ..services.availability import next_free_dates
from ..services.bookings import can_book, price_for
from ..services.csv_io import export_sets, import_sets
from ..services.search import cities, search_sets, set_types
from ..services.sets import add_photo, delete_photo, save_set
from .common import SECTION_ROLES, is_base_staff, is_crew, month_arg


@role_required(*SECTION_ROLES)
def index(request):
    if is_base_staff(request.user):
        return redirect("locations:dashboard")
    return redirect("locations:search")


@role_required(*SECTION_ROLES)
def search(request):
    form = SearchForm(request.GET or None, cities=cities())
    query = form.query() if form.is_bound else SearchForm(cities=cities()).query()
    results = search_sets(request.user, query)
    page = Paginator(results, 12).get_page(request.GET.get("page"))
    start = query.date_from or timezone.localdate()
    free = next_free_dates([s.pk for s in page.object_list], start=start)
    span_price = {}
    if query.has_dates:
        from ..services.availability import slots_for

        slots = slots_for(query.date_from, query.date_to or query.date_from, query.mode)
        span_price = {s.pk: price_for(s, slots) for s in page.object_list}
    cards = [
        {"set": s, "free": free.get(s.pk, []), "span_price": span_price.get(s.pk)} for s in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "locations/search.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "query": query,
            "set_types": set_types(),
            "params": params.urlencode(),
            "total": page.paginator.count,
        },
    )


@role_required(*SECTION_ROLES)
def set_detail(request, pk: int):
    set_obj = get_visible_or_404(
        Set.objects.select_related("base").prefetch_related("photos", "facility_rows"), request.user, pk=pk
    )
    year, month = month_arg(request)
    manages = cal.sees_owners(request.user, set_obj.base)
    booking_form = None
    if can_book(request.user) and set_obj.status == Set.Status.OPEN:
        initial = {}
        if request.GET.get("from"):
            initial = {
                "first_date": request.GET.get("from"),
                "last_date": request.GET.get("to") or request.GET["from"],
                "mode": request.GET.get("mode") or "day",
            }
        booking_form = BookingForm(user=request.user, initial=initial)
    recent = None
    if manages:
        recent = (
            Booking.objects.visible_to(request.user)
            .filter(set=set_obj)
            .select_related("drama", "company")
            .order_by("-first_date")[:10]
        )
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
            "manages": manages,
            "booking_form": booking_form,
            "photo_form": PhotoForm() if manages else None,
            "recent": recent,
            "free": next_free_dates([set_obj.pk], count=5).get(set_obj.pk, []),
        },
    )


@role_required(*SECTION_ROLES)
def set_calendar(request, pk: int):
    """The month grid alone (htmx swaps it when paging months)."""
    set_obj = get_visible_or_404(Set.objects.select_related("base"), request.user, pk=pk)
    year, month = month_arg(request)
    return render(
        request,
        "locations/_set_month.html",
        {
            "set": set_obj,
            "weeks": cal.set_month(set_obj, year, month, request.user),
            "year": year,
            "month": month,
            "prev": cal.shift_month(year, month, -1),
            "next": cal.shift_month(year, month, 1),
            "manages": cal.sees_owners(request.user, set_obj.base),
        },
    )


@role_required(Role.LOCATION_MANAGER)
def set_list(request):
    sets = Set.objects.managed_by(request.user).select_related("base")
    status = request.GET.get("status", "")
    if status in Set.Status.values:
        sets = sets.filter(status=status)
    table = Table(
        request,
        sets,
        [
            Column("code", _("编号"), sort="code", render=lambda s: _link(s, s.code)),
            Column("name", _("场景"), sort="name"),
            Column("base", _("基地"), sort="base__name", render=lambda s: s.base.name),
            Column("city", _("城市"), sort="base__city", render=lambda s: s.base.city),
            Column("kind", _("类别"), sort="kind", render=lambda s: s.get_kind_display()),
            Column("set_type", _("类型"), sort="set_type"),
            Column("floor_area", _("面积㎡"), sort="floor_area", numeric=True),
            Column("capacity", _("人数"), sort="capacity", numeric=True),
            Column("day_rate", _("日租金"), sort="day_rate", numeric=True),
            Column("status", _("状态"), sort="status", render=lambda s: s.get_status_display()),
        ],
        per_page=25,
        default_sort="code",
        empty_text=_("还没有场景。可以逐个新建，或用 CSV 批量导入。"),
        testid="sets-table",
    )
    return render(
        request, "locations/set_list.html", {"table": table, "status": status, "statuses": Set.Status.choices}
    )


def _link(set_obj: Set, text: str):
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html('<a href="{}">{}</a>', reverse("locations:set", args=[set_obj.pk]), text)


@role_required(Role.LOCATION_MANAGER)
def set_edit(request, pk: int | None = None):
    instance = get_object_or_404(Set.objects.managed_by(request.user), pk=pk) if pk else Set()
    form = SetForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            set_obj = save_set(request.user, form.save(commit=False), form.cleaned_data["facilities"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("场景已保存"))
            return redirect("locations:set", pk=set_obj.pk)
    return render(request, "locations/set_form.html", {"form": form, "set": instance if pk else None})


@role_required(Role.LOCATION_MANAGER)
@require_POST
def photo_upload(request, pk: int):
    set_obj = get_object_or_404(Set.objects.managed_by(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_photo(request.user, set_obj, form.cleaned_data["image"], form.cleaned_data["caption"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("照片已上传"))
    else:
        messages.error(request, _("请选择要上传的照片"))
    return redirect("locations:set", pk=set_obj.pk)


@role_required(Role.LOCATION_MANAGER)
@require_POST
def photo_delete(request, pk: int, photo_pk: int):
    photo = get_object_or_404(
        SetPhoto.objects.filter(set__in=Set.objects.managed_by(request.user)), pk=photo_pk, set_id=pk
    )
    delete_photo(request.user, photo)
    messages.success(request, _("照片已删除"))
    return redirect("locations:set", pk=pk)


@role_required(Role.LOCATION_MANAGER)
def csv_import(request):
    form = CsvImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_sets(request.user, form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                _("导入完成：新建 %(created)s 个、更新 %(updated)s 个场景")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("locations:sets")
    return render(
        request,
        "locations/import.html",
        {"form": form, "result": result, "bases": Base.objects.managed_by(request.user)},
    )


@role_required(Role.LOCATION_MANAGER)
def csv_export(request):
    body = export_sets(Set.objects.managed_by(request.user).order_by("code"))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="sets-{stamp}.csv"'
    return response


@role_required(*SECTION_ROLES)
def base_calendar(request, pk: int | None = None):
    bases = Base.objects.filter(sets__in=Set.objects.visible_to(request.user)).distinct().order_by("pk")
    if is_base_staff(request.user) and not request.user.is_platform_admin:
        bases = Base.objects.managed_by(request.user).order_by("pk")
    if pk is None:
        base = bases.first()
        if base is None:
            return render(request, "locations/base_calendar.html", {"bases": bases, "base": None})
    else:
        base = get_object_or_404(bases, pk=pk)
    year, month = month_arg(request)
    rows = cal.base_month(base, year, month, request.user)
    return render(
        request,
        "locations/base_calendar.html",
        {
            "bases": bases,
            "base": base,
            "rows": rows,
            "year": year,
            "month": month,
            "prev": cal.shift_month(year, month, -1),
            "next": cal.shift_month(year, month, 1),
            "days": rows[0].days if rows else [],
            "crew": is_crew(request.user),
        },
    )

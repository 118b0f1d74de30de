"""Pages for the centre's administrators and everyone who needs the figures: the working-day
calendar (view, import a year, correct a day), tier rule versions, statistics, and public verification."""

from __future__ import annotations

import calendar as pycal
import csv
from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.access import role_required
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import Role

from .. import calendar_import, stats
from ..forms import DayEditForm, NoticeImportForm, TierRuleForm
from ..models import CalendarEdit, CalendarYear, Stage, TierRule, WorkDay
from ..models.rules import Tier
from ..tasks import next_year_missing
from ..verification import verify

STAFF_ROLES = (Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER)


@role_required(*STAFF_ROLES)
def calendar_view(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    days = {w.date: w for w in WorkDay.objects.filter(date__year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([(d, days.get(d)) if d.month == month else (None, None) for d in week])
        months.append({"month": month, "weeks": weeks})
    is_admin = request.user.is_platform_admin
    preview = None
    import_form = NoticeImportForm(initial={"year": today.year + 1})
    day_form = DayEditForm()
    if request.method == "POST" and is_admin:
        if request.POST.get("form") == "import":
            import_form = NoticeImportForm(request.POST)
            if import_form.is_valid():
                data = import_form.cleaned_data
                plan = (calendar_import.plan_from_library(data["year"]) if data["source"] == "library"
                        else calendar_import.parse_notice(data["text"], data["year"]))
                if request.POST.get("confirm") and not plan.problems:
                    try:
                        changed = calendar_import.save_plan(
                            plan, "chinesecalendar" if data["source"] == "library" else "国务院办公厅通知", request.user,
                            _("导入 %(year)s 年节假日安排") % {"year": data["year"]})
                    except ValueError as exc:
                        messages.error(request, str(exc))
                    else:
                        messages.success(request, _("已导入 %(year)s 年日历，更新 %(n)s 天") % {"year": data["year"], "n": changed})
                        return redirect(f"{request.path}?year={data['year']}")
                preview = plan
        elif request.POST.get("form") == "day":
            day_form = DayEditForm(request.POST)
            if day_form.is_valid():
                d = day_form.cleaned_data
                try:
                    calendar_import.set_day(d["date"], d["is_workday"], d["name"], request.user, d["reason"])
                except (ValueError, WorkDay.DoesNotExist) as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("%(date)s 已改为%(kind)s") % {
                        "date": d["date"], "kind": _("上班") if d["is_workday"] else _("休息")})
                    return redirect(f"{request.path}?year={d['date'].year}")
    return render(request, "filing/calendar.html", {
        "year": year, "months": months, "covered": CalendarYear.objects.filter(year=year).first(),
        "years": list(CalendarYear.objects.values_list("year", flat=True)), "is_admin": is_admin,
        "import_form": import_form, "day_form": day_form, "preview": preview,
        "history": CalendarEdit.objects.select_related("by")[:20], "missing_next": next_year_missing(),
        "weekday_names": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
    })


@role_required(*STAFF_ROLES)
def rules_view(request):
    rules = TierRule.objects.select_related("created_by", "supersedes").order_by("-valid_from", "-created_at")
    is_admin = request.user.is_platform_admin
    form = None
    base = None
    if is_admin:
        base_id = request.GET.get("from") or request.POST.get("from")
        base = TierRule.objects.filter(pk=base_id, retired_at__isnull=True).first() if base_id else None
        initial = {f: getattr(base, f) for f in TierRuleForm.Meta.fields} if base else None
        form = TierRuleForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                rule = form.save(commit=False)
                rule.created_by = request.user
                rule.routes = base.routes if base else TierRule.objects.first().routes
                if base:
                    locked = TierRule.objects.select_for_update().get(pk=base.pk)
                    if locked.retired_at:
                        messages.error(request, _("这一版本刚被他人修订，请刷新后再试"))
                        return redirect(request.path)
                    locked.retired_at = timezone.now()
                    locked.save(update_fields=["retired_at"])
                    rule.supersedes = locked
                rule.source = f"{rule.source}（{form.cleaned_data['reason']}）" if rule.source else form.cleaned_data["reason"]
                rule.save()
            messages.success(request, _("新版本规则已生效：%(rule)s") % {"rule": rule.version_label})
            return redirect(request.path)
    return render(request, "filing/rules.html", {"rules": rules, "form": form, "base": base, "is_admin": is_admin})


@role_required(*STAFF_ROLES)
def stats_view(request):
    start, end, company_id = _stat_filters(request)
    figures = stats.compute(start, end, company_id)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="filing-stats.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        writer = csv.writer(response)
        for row in stats.monthly_rows(figures):
            writer.writerow(row)
        writer.writerow([])
        writer.writerow(["company", "received", "planning_passed", "online_passed"])
        for name, c in figures["by_company"].items():
            writer.writerow([name, c.get("received", 0), c.get("planning_passed", 0), c.get("online_passed", 0)])
        return response
    return render(request, "filing/stats.html", {
        "figures": figures, "start": start, "end": end, "company_id": company_id,
        "stage_labels": Stage.choices,
        "chart_labels": {"received": _("受理"), "planning_passed": _("规划通过"), "online_passed": _("上线通过"),
                         **{f"tier_{v}": str(label) for v, label in Tier.choices}, "tier_unclassified": _("未分类")},
        "companies": Organisation.objects.filter(kind=Organisation.Kind.PRODUCTION),
    })


def _stat_filters(request) -> tuple[date | None, date | None, int | None]:
    def parse(name):
        try:
            return date.fromisoformat(request.GET[name]) if request.GET.get(name) else None
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD"))
            return None

    company = request.GET.get("company")
    return parse("start"), parse("end"), int(company) if company and company.isdigit() else None


def public_verify(request):
    """Anyone may check a number: no login, nothing private shown."""
    number = request.GET.get("number", "").strip()[:80]
    result = verify(number) if number else None
    return render(request, "filing/verify.html", {"number": number, "result": result})

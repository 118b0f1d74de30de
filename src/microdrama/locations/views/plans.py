"""Shooting plan pages: list, new plan from a scene list, the stripboard, and booking it in one go."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required

from ..forms import GroupForm, PlanForm, ScenesForm
from ..models import PlanGroup, ShootingPlan
from ..services import plans as svc
from ..services.availability import describe_slots
from ..services.search import cities
from .common import CREW_ROLES


@role_required(*CREW_ROLES)
def plan_list(request):
    plans = (
        ShootingPlan.objects.visible_to(request.user)
        .select_related("drama")
        .prefetch_related("groups__bookings", "scenes")
    )
    return render(request, "locations/plan_list.html", {"plans": plans})


@role_required(*CREW_ROLES)
def plan_new(request):
    form = PlanForm(request.POST or None, user=request.user, cities=cities())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = svc.plan_from_scenes(
                request.user,
                d["drama"],
                svc.parse_scene_text(d["scenes"]),
                start_date=d["start_date"],
                title=d["title"],
                preferred_city=d["preferred_city"],
            )
        except ValidationError as exc:
            form.add_error("scenes", exc) if exc.code == "scenes" else form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("拍摄计划已生成：%(n)s 条场景，按场景类型分为 %(g)s 组")
                % {"n": plan.scenes.count(), "g": plan.groups.count()},
            )
            return redirect("locations:plan", pk=plan.pk)
    return render(request, "locations/plan_new.html", {"form": form})


def _board(plan: ShootingPlan, user) -> list[dict]:
    strips = []
    for group in plan.groups.select_related("chosen_set__base").prefetch_related("scenes", "bookings__set"):
        booking = group.active_booking
        suggestions = [] if booking else svc.suggest_sets(group, user)
        chosen = (
            group.chosen_set_id
            if any(s.set.pk == group.chosen_set_id for s in suggestions)
            else (suggestions[0].set.pk if suggestions else None)
        )
        strips.append(
            {
                "group": group,
                "booking": booking,
                "suggestions": suggestions,
                "chosen": chosen,
                "when": describe_slots(group.slots),
            }
        )
    return strips


@role_required(*CREW_ROLES)
def plan_detail(request, pk: int):
    plan = get_visible_or_404(ShootingPlan.objects.select_related("drama"), request.user, pk=pk)
    strips = _board(plan, request.user)
    return render(
        request,
        "locations/plan_detail.html",
        {
            "plan": plan,
            "strips": strips,
            "scenes_form": ScenesForm(initial={"scenes": svc.scenes_as_text(plan)}),
            "unbooked": [s for s in strips if not s["booking"]],
            "any_booked": any(s["booking"] for s in strips),
        },
    )


@role_required(*CREW_ROLES)
@require_POST
def plan_scenes(request, pk: int):
    plan = get_visible_or_404(ShootingPlan.objects.select_related("drama"), request.user, pk=pk)
    form = ScenesForm(request.POST)
    if form.is_valid():
        try:
            svc.replace_scenes(plan, request.user, svc.parse_scene_text(form.cleaned_data["scenes"]))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("场景清单已更新，条带已重新分组排期"))
    return redirect("locations:plan", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def plan_group(request, pk: int, group_pk: int):
    plan = get_visible_or_404(ShootingPlan.objects.select_related("drama"), request.user, pk=pk)
    group = plan.groups.filter(pk=group_pk).first()
    if group is None:
        from django.http import Http404

        raise Http404
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            svc.update_group(
                group,
                request.user,
                half_days=form.cleaned_data["half_days"],
                order=form.cleaned_data["order"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("所需半天数应在 1 到 60 之间"))
    return redirect("locations:plan", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def plan_book(request, pk: int):
    plan = get_visible_or_404(ShootingPlan.objects.select_related("drama"), request.user, pk=pk)
    choices = {}
    for group in PlanGroup.objects.filter(plan=plan):
        raw = request.POST.get(f"set_{group.pk}", "")
        if raw.isdigit():
            choices[group.pk] = int(raw)
    try:
        bookings = svc.book_plan(plan, request.user, choices)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        messages.error(request, _("没有预订任何场景：请调整后重试"))
    else:
        messages.success(request, _("已一次提交 %(n)s 个场景预订，等待基地审批") % {"n": len(bookings)})
    return redirect("locations:plan", pk=pk)

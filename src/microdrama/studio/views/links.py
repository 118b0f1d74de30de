"""Handing a project to the other centres: send to filing, plan shooting, cast roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import role_required
from microdrama.hub.navigation import can_open

from ..forms import PlanForm
from ..services import links
from .common import STUDIO_ROLES, flash_errors, get_project


@role_required(*STUDIO_ROLES)
@require_POST
def send_to_filing(request, pk: int):
    project = get_project(request, pk)
    try:
        drama, created = links.send_to_filing(request.user, project)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return redirect(project)
    url = reverse("filing:drama", args=[drama.pk])
    # the filing pages are for applicants; a creator alone is told who takes it from here
    link = format_html(' <a href="{}">{}</a>', url, _("查看剧目")) if can_open(request.user, "filing") else ""
    if created:
        text = _(
            "已送备案中心：剧目《%(title)s》和规划备案草稿已预填，本机构申报人补充投资额和材料后即可提交。"
        )
        messages.success(request, format_html("{}{}", text % {"title": drama.title}, link))
    else:
        text = _("这个项目已经送过备案：《%(title)s》。")
        messages.info(request, format_html("{}{}", text % {"title": drama.title}, link))
    return redirect(project)


@role_required(*STUDIO_ROLES)
@require_POST
def plan_shooting(request, pk: int):
    project = get_project(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(project)
    try:
        plan = links.plan_shooting(request.user, project, form.cleaned_data["start_date"])
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return redirect(project)
    messages.success(request, _("拍摄计划已生成：按场景类型分组排期，可在拍摄基地挑选场景并一次预订。"))
    return redirect("locations:plan", pk=plan.pk)


@role_required(*STUDIO_ROLES)
@require_POST
def cast_roles(request, pk: int):
    project = get_project(request, pk)
    try:
        roles = links.cast_roles(request.user, project)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return redirect(project)
    messages.success(request, _("已把 %(n)s 个角色交给人才中心选角。") % {"n": len(roles)})
    return redirect("talent:casting", pk=project.drama_id)

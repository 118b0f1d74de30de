"""Cases: the list, one case with its evidence and timeline, the officer's actions, evidence files."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.models import Organisation
from microdrama.hub.downloads import serve_file
from microdrama.hub.tables import Column, Table
from microdrama.rights.models import Work

from .. import evidence_pack, services, workflow
from ..forms import ReasonForm
from ..models import Case, EvidenceItem, Policy
from ..models.access import is_centre
from .common import RIGHTS_ROLES, error_text, is_platform_user, local, page

STATE_CSS = {
    "detected": "status-warn",
    "confirmed": "status-info",
    "notice_sent": "status-info",
    "taken_down": "status-ok",
    "disputed": "status-warn",
    "escalated": "status-err",
    "closed": "status-muted",
}


def state_badge(case: Case):
    return format_html(
        '<span class="status {}" data-state="{}">{}</span>',
        STATE_CSS.get(case.state, ""),
        case.state,
        case.get_state_display(),
    )


@role_required(*RIGHTS_ROLES)
def index(request):
    user = request.user
    if is_platform_user(user):
        return redirect("enforcement:notices")
    cases = Case.objects.visible_to(user).select_related("work", "platform", "episode")
    state = request.GET.get("state", "")
    if state in Case.State.values:
        cases = cases.filter(state=state)
    elif state == "open":
        cases = cases.exclude(state=Case.State.CLOSED)
    work_id = request.GET.get("work", "")
    if work_id.isdigit():
        cases = cases.filter(work_id=int(work_id))
    counts = dict(Case.objects.visible_to(user).values_list("state").annotate(n=Count("pk")))
    table = Table(
        request,
        cases,
        [
            Column(
                "number",
                _("案件"),
                sort="detected_at",
                render=lambda c: format_html(
                    '<a href="{}" data-testid="case-link">{}</a>', services.case_url(c), c.number
                ),
            ),
            Column(
                "work",
                _("作品"),
                sort="work__title",
                render=lambda c: (
                    f"{c.work}" + (" " + _("第%(n)s集") % {"n": c.episode.number} if c.episode else "")
                ),
            ),
            Column(
                "platform",
                _("平台"),
                render=lambda c: c.platform.short_name or c.platform.name if c.platform else "",
            ),
            Column("uploader", _("上传者"), sort="uploader"),
            Column("score", _("评分"), sort="score", numeric=True, render=lambda c: f"{c.score:.2f}"),
            Column("state", _("状态"), sort="state", render=state_badge),
            Column("detected_at", _("发现时间"), sort="detected_at", render=lambda c: local(c.detected_at)),
        ],
        default_sort="-detected_at",
        empty_text=gettext_lazy("暂无案件。监测发现疑似盗版后会在这里立案。"),
        empty_icon="search",
        testid="cases",
    )
    return render(
        request,
        "enforcement/cases.html",
        page(
            table=table,
            counts=counts,
            state=state,
            states=Case.State.choices,
            tab="cases",
            works=Work.objects.visible_to(user).order_by("title"),
            work_id=work_id,
            policy=Policy.current(),
        ),
    )


def _segments_chart(case: Case) -> dict:
    match = case.candidate.matches.filter(work=case.work).order_by("-score").first()
    if match is None:
        return {}
    duration = case.candidate.duration or max((s["query_end"] for s in match.segments), default=1.0)
    ref_duration = (case.episode.duration if case.episode else 0) or max(
        (s["ref_end"] for s in match.segments), default=1.0
    )

    def pct(a: float, total: float) -> float:
        return round(max(0.0, min(100.0, a / total * 100)), 2) if total else 0.0

    bars = [
        {
            "q_left": pct(s["query_start"], duration),
            "q_width": pct(s["query_end"] - s["query_start"], duration),
            "r_left": pct(s["ref_start"], ref_duration),
            "r_width": pct(s["ref_end"] - s["ref_start"], ref_duration),
        }
        for s in match.segments
    ]
    return {
        "duration": duration,
        "ref_duration": ref_duration,
        "segments": match.segments,
        "bars": bars,
        "transform": match.data.get("transform", ""),
        "score": match.score,
        "reference": str(match.episode or match.ref_id),
    }


@role_required(*RIGHTS_ROLES)
def detail(request, pk: int):
    case = get_visible_or_404(
        Case.objects.select_related("work__owner", "episode", "platform", "candidate__source", "reviewed_by"),
        request.user,
        pk=pk,
    )
    items = list(case.evidence_items.select_related("entry"))
    chart = _segments_chart(case)
    can_review = services.can_review(request.user, case)
    actions = [
        a
        for a in ("confirm", "reject", "withdraw", "dispute_accepted", "dispute_rejected")
        if can_review and workflow.can(case, a)
    ]
    if "withdraw" in actions and case.state == Case.State.DETECTED:
        actions.remove("withdraw")  # a case under review is rejected, not withdrawn
    return render(
        request,
        "enforcement/case_detail.html",
        page(
            case=case,
            tab="cases",
            chart=chart,
            chart_json=json.dumps(chart, ensure_ascii=False),
            fetch=next((i for i in items if i.kind == EvidenceItem.Kind.FETCH), None),
            match_item=next((i for i in items if i.kind == EvidenceItem.Kind.MATCH), None),
            frames=[i for i in items if i.kind == EvidenceItem.Kind.FRAMES],
            watermark=next((i for i in items if i.kind == EvidenceItem.Kind.WATERMARK), None),
            items=items,
            events=case.events.select_related("actor", "evidence"),
            notices=case.notices.prefetch_related("deliveries"),
            actions=actions,
            form=ReasonForm(),
            labels=workflow.ACTION_LABELS,
            policy=Policy.current(),
            is_centre=is_centre(request.user),
            can_recheck=can_review and case.state in Case.WATCHED_STATES,
        ),
    )


_ACTIONS = {
    "confirm": lambda case, user, reason: services.confirm(case, user, reason),
    "reject": lambda case, user, reason: services.reject(case, user, reason),
    "withdraw": lambda case, user, reason: services.withdraw(case, user, reason),
    "dispute_accepted": lambda case, user, reason: services.resolve_dispute(case, user, True, reason),
    "dispute_rejected": lambda case, user, reason: services.resolve_dispute(case, user, False, reason),
}


@require_POST
@role_required(*RIGHTS_ROLES)
def act(request, pk: int, action: str):
    case = get_visible_or_404(Case.objects.select_related("work"), request.user, pk=pk)
    if action not in _ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        _ACTIONS[action](case, request.user, reason)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已执行：%(a)s") % {"a": workflow.ACTION_LABELS[action]})
    return redirect("enforcement:case", case.pk)


@require_POST
@role_required(*RIGHTS_ROLES)
def recheck_now(request, pk: int):
    case = get_visible_or_404(Case.objects.all(), request.user, pk=pk)
    if not services.can_review(request.user, case):
        raise PermissionDenied
    result = services.recheck(case.pk)
    labels = {
        "online": _("复查：仍可访问"),
        "gone": _("复查：已下架，案件结案"),
        "unknown": _("复查：暂时无法判断"),
        "not watched": _("该状态无需复查"),
    }
    messages.info(request, labels.get(result, result))
    return redirect("enforcement:case", case.pk)


@role_required(*RIGHTS_ROLES)
def evidence_image(request, pk: int, item_id: int, side: str):
    case = get_visible_or_404(Case.objects.all(), request.user, pk=pk)
    item = case.evidence_items.filter(pk=item_id).first()
    field = getattr(item, f"{side}_image", None) if item and side in ("reference", "suspect") else None
    if not field:
        raise Http404
    return serve_file(request, field.path, Path(field.name).name, content_type="image/jpeg")


@role_required(*RIGHTS_ROLES)
def evidence_zip(request, pk: int):
    case = get_visible_or_404(Case.objects.select_related("work__owner", "platform"), request.user, pk=pk)
    response = HttpResponse(evidence_pack.export_zip(case), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="evidence-{case.number}.zip"'
    return response


@role_required(*RIGHTS_ROLES)
def suspect_video(request, pk: int):
    """The fetched copy, for the officer comparing it with the registered episode."""
    case = get_visible_or_404(Case.objects.select_related("candidate"), request.user, pk=pk)
    if is_platform_user(request.user) or not case.candidate.file:
        raise Http404
    return serve_file(request, case.candidate.file.path, Path(case.candidate.file.name).name)


def platforms_with_cases(user):
    return Organisation.objects.filter(Q(pk__in=Case.objects.visible_to(user).values("platform")))

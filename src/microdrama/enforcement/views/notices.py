"""The notice inbox: a platform sees the letters addressed to it and answers them (takedown done,
or a dispute with reasons); the centre and rights holders see the same letters read-only."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.hub.downloads import serve_file
from microdrama.hub.tables import Column, Table

from .. import services
from ..forms import DisputeForm, TakedownForm
from ..models import Notice
from .cases import state_badge
from .common import RIGHTS_ROLES, error_text, local, page


@role_required(*RIGHTS_ROLES)
def inbox(request):
    notices = Notice.objects.visible_to(request.user).select_related("case__work", "recipient")
    table = Table(
        request,
        notices,
        [
            Column(
                "number",
                _("函号"),
                sort="number",
                render=lambda n: format_html(
                    '<a href="{}" data-testid="notice-link">{}</a>',
                    reverse("enforcement:notice", args=[n.pk]),
                    n.number,
                ),
            ),
            Column("kind", _("类型"), render=lambda n: n.get_kind_display()),
            Column("recipient", _("收函平台"), render=lambda n: n.recipient.short_name or n.recipient.name),
            Column("work", _("作品"), render=lambda n: str(n.case.work)),
            Column("url", _("侵权地址"), render=lambda n: n.case.url),
            Column("sent_at", _("送达时间"), sort="sent_at", render=lambda n: local(n.sent_at)),
            Column("deadline", _("处理期限"), sort="deadline", render=lambda n: local(n.deadline)),
            Column("state", _("案件状态"), render=lambda n: state_badge(n.case)),
        ],
        default_sort="-sent_at",
        empty_text=gettext_lazy("没有发给你的预警函。"),
        empty_icon="inbox",
        testid="notices",
    )
    return render(request, "enforcement/notices.html", page(table=table, tab="notices"))


@role_required(*RIGHTS_ROLES)
def detail(request, pk: int):
    notice = get_visible_or_404(
        Notice.objects.select_related("case__work__owner", "case__episode", "recipient"), request.user, pk=pk
    )
    case = notice.case
    return render(
        request,
        "enforcement/notice_detail.html",
        page(
            notice=notice,
            case=case,
            tab="notices",
            can_answer=services.can_answer(request.user, notice)
            and case.state in (case.State.NOTICE_SENT, case.State.ESCALATED),
            takedown_form=TakedownForm(),
            dispute_form=DisputeForm(),
            frames=case.evidence_items.filter(kind="frames"),
            deliveries=notice.deliveries.all(),
        ),
    )


@role_required(*RIGHTS_ROLES)
def letter_pdf(request, pk: int):
    notice = get_visible_or_404(Notice.objects.all(), request.user, pk=pk)
    if not notice.pdf:
        raise Http404
    return serve_file(
        request, notice.pdf.path, Path(notice.pdf.name).name, inline=False, content_type="application/pdf"
    )


@require_POST
@role_required(*RIGHTS_ROLES)
def answer(request, pk: int, how: str):
    notice = get_visible_or_404(Notice.objects.select_related("case"), request.user, pk=pk)
    if how == "takedown":
        form = TakedownForm(request.POST)
        form.is_valid()
        call = lambda: services.report_takedown(notice, request.user, form.cleaned_data.get("note", ""))  # noqa: E731
    elif how == "dispute":
        form = DisputeForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("enforcement:notice", notice.pk)
        call = lambda: services.dispute(notice, request.user, form.cleaned_data["reason"])  # noqa: E731
    else:
        raise Http404
    try:
        call()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("已反馈，感谢配合。我中心将复查该地址。")
            if how == "takedown"
            else _("异议已提交，版权中心将尽快处理。"),
        )
    return redirect("enforcement:notice", notice.pk)

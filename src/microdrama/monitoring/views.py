"""Monitoring pages for the copyright centre: sources with their volume and lag, one source with its
runs and candidates, a run's log, a candidate and the shards that searched it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import Role
from microdrama.hub.tables import Column, Table
from microdrama.rights import reference_index

from . import services, stats
from .forms import SourceForm
from .models import Candidate, Run, Source
from .models.access import is_monitoring_staff

STATUS_CSS = {
    "ok": "status-ok",
    "partial": "status-warn",
    "failed": "status-err",
    "running": "status-info",
    "matched": "status-err",
    "clear": "status-ok",
    "duplicate": "status-muted",
    "rejected": "status-warn",
    "failed_c": "status-err",
    "queued": "status-info",
    "fetching": "status-info",
    "fingerprinting": "status-info",
    "matching": "status-info",
}


def staff_only(view):
    @role_required(Role.COPYRIGHT_OFFICER)
    def wrapped(request, *args, **kwargs):
        if not is_monitoring_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def badge(value: str, label) -> str:
    css = STATUS_CSS.get(
        "failed_c" if value == "failed" and label == _("多次失败") else value, "status-muted"
    )
    return format_html('<span class="status {}" data-status="{}">{}</span>', css, value, label)


def page(**context) -> dict:
    return {"nav_current": "rights", "tab": "monitoring", **context}


def candidate_table(request, queryset, prefix: str = "c") -> Table:
    return Table(
        request,
        queryset,
        [
            Column(
                "title",
                _("视频"),
                sort="title",
                render=lambda c: format_html(
                    '<a href="{}">{}</a>',
                    reverse("monitoring:candidate", args=[c.pk]),
                    (c.title or c.url)[:60],
                ),
            ),
            Column("uploader", _("上传者"), sort="uploader"),
            Column(
                "duration",
                _("时长"),
                sort="duration",
                numeric=True,
                render=lambda c: f"{c.duration:.0f}s" if c.duration else "",
            ),
            Column(
                "status", _("状态"), sort="status", render=lambda c: badge(c.status, c.get_status_display())
            ),
            Column("error", _("说明"), render=lambda c: c.error[:80]),
            Column(
                "discovered_at",
                _("发现时间"),
                sort="discovered_at",
                render=lambda c: timezone.localtime(c.discovered_at).strftime("%m-%d %H:%M"),
            ),
        ],
        default_sort="-discovered_at",
        per_page=15,
        prefix=prefix,
        testid="candidates",
        empty_text=gettext_lazy("还没有候选视频"),
    )


@staff_only
def index(request):
    sources = Source.objects.visible_to(request.user).select_related("platform")
    last_runs = {}
    for run in Run.objects.filter(source__in=sources).order_by("source_id", "-started_at"):
        last_runs.setdefault(run.source_id, run)
    rows = [{"source": s, "last": last_runs.get(s.pk), "candidates": s.candidates.count()} for s in sources]
    return render(
        request,
        "monitoring/index.html",
        page(
            rows=rows,
            figures=stats.figures(),
            index=reference_index.info(),
            recent=Run.objects.select_related("source").order_by("-started_at")[:10],
        ),
    )


@staff_only
def source_create(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save(commit=False)
        source.created_by = request.user
        source.save()
        form.save_m2m()
        messages.success(request, _("监测源已创建"))
        return redirect("monitoring:source", source.pk)
    return render(request, "monitoring/source_form.html", page(form=form))


@staff_only
def source_edit(request, pk: int):
    source = get_visible_or_404(Source.objects.all(), request.user, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect("monitoring:source", source.pk)
    return render(request, "monitoring/source_form.html", page(form=form, source=source))


@staff_only
def source_detail(request, pk: int):
    source = get_visible_or_404(Source.objects.select_related("platform"), request.user, pk=pk)
    runs = Table(
        request,
        source.runs.all(),
        [
            Column(
                "started_at",
                _("开始"),
                sort="started_at",
                render=lambda r: format_html(
                    '<a href="{}" data-testid="run-link">{}</a>',
                    reverse("monitoring:run", args=[r.pk]),
                    timezone.localtime(r.started_at).strftime("%m-%d %H:%M:%S"),
                ),
            ),
            Column("trigger", _("触发")),
            Column("status", _("结果"), render=lambda r: badge(r.status, r.get_status_display())),
            Column("found", _("列出"), numeric=True),
            Column("new", _("新候选"), numeric=True),
            Column("duplicates", _("已收录"), numeric=True),
            Column("errors", _("错误"), numeric=True),
            Column("message", _("说明"), render=lambda r: r.message[:80]),
        ],
        default_sort="-started_at",
        per_page=10,
        prefix="r",
        testid="runs",
        empty_text=gettext_lazy("还没有运行记录"),
    )
    return render(
        request,
        "monitoring/source_detail.html",
        page(
            source=source,
            runs=runs,
            candidates=candidate_table(request, source.candidates.all()),
            figures=stats.figures(source=source),
        ),
    )


@require_POST
@staff_only
def source_run(request, pk: int):
    source = get_visible_or_404(Source.objects.all(), request.user, pk=pk)
    run = services.run_now(source)
    messages.success(request, _("已开始运行，结果见运行日志"))
    return redirect("monitoring:run", run.pk)


@staff_only
def run_detail(request, pk: int):
    run = get_visible_or_404(Run.objects.select_related("source"), request.user, pk=pk)
    return render(
        request,
        "monitoring/run_detail.html",
        page(run=run, log=run.log.all(), candidates=candidate_table(request, run.candidates.all())),
    )


@staff_only
def candidate_detail(request, pk: int):
    candidate = get_visible_or_404(
        Candidate.objects.select_related("source", "run", "platform", "duplicate_of"), request.user, pk=pk
    )
    return render(
        request,
        "monitoring/candidate_detail.html",
        page(
            candidate=candidate,
            matches=candidate.matches.select_related("episode__work"),
            cases=candidate.cases.all() if hasattr(candidate, "cases") else [],
            log=candidate.run.log.filter(url=candidate.url) if candidate.run else [],
        ),
    )

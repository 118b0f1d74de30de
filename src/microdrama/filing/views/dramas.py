"""Drama pages: the filing workbench, creating and editing a drama, its detail page with materials,
applications, clock, timeline and the conversation with its 剧管家."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import OrgKind, Role
from microdrama.hub.downloads import serve_file
from microdrama.hub.tables import Column, Table

from .. import conversation, services
from ..clocks import Clocks, badge
from ..forms import (
    AttachmentForm,
    DecisionForm,
    DramaForm,
    MessageForm,
    NoteForm,
    NumberForm,
    ReassignForm,
    ReviewersForm,
    RevisionForm,
)
from ..models import Application, ApplicationEvent, Drama, Stage, State
from ..models.applications import OPEN_STATES
from ..review import verdicts_this_cycle
from ..tasks import next_year_missing
from ..workflow import ACTIONS, available_actions

FILING_ROLES = (Role.APPLICANT, Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER)


def is_staff(user) -> bool:
    return user.is_platform_admin or (user.organisation and user.organisation.kind == OrgKind.FILING_CENTRE)


def _state_badge(app: Application) -> str:
    css = {State.NUMBERED: "status-ok", State.PASSED: "status-ok", State.REPORTED: "status-ok",
           State.REJECTED: "status-err", State.NEEDS_REVISION: "status-warn", State.DRAFT: "status-muted",
           State.WITHDRAWN: "status-muted"}.get(app.state, "status-info")
    return format_html('<span class="status {}">{}</span>', css, app.get_state_display())


def _tier_badge(app: Application) -> str:
    if not app.tier:
        return ""
    return format_html('<span class="tier tier-{}">{}</span>', app.tier, app.get_tier_display())


@role_required(*FILING_ROLES)
def index(request):
    user = request.user
    apps = (Application.objects.visible_to(user).select_related("drama__company", "case_manager")
            .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk"))))
    scope = request.GET.get("scope") or ("mine" if user.has_role(Role.CASE_MANAGER, Role.REVIEWER)
                                         and not user.is_platform_admin else "open")
    if scope == "mine":
        apps = apps.filter(Q(case_manager=user) | Q(assignments__reviewer=user)).distinct()
    if scope in ("mine", "open"):
        apps = apps.filter(state__in=OPEN_STATES)
    q = request.GET.get("q", "").strip()
    if q:
        apps = apps.filter(Q(drama__title__icontains=q) | Q(drama__company__name__icontains=q) | Q(number__icontains=q))
    for field in ("stage", "state", "tier"):
        if request.GET.get(field):
            apps = apps.filter(**{field: request.GET[field]})
    clocks = Clocks()

    def clock_cell(app):
        clock, problem = clocks.safe(app)
        if problem:
            return format_html('<span class="status status-err" title="{}">{}</span>', problem, _("日历缺失"))
        css, label = badge(clock)
        return format_html('<span class="status {}">{}</span>', css, label)

    table = Table(request, apps, [
        Column("title", gettext_lazy("剧目"), sort="drama__title",
               render=lambda a: format_html('<a href="{}">{}</a>', services.drama_url(a.drama), a.drama)),
        Column("company", gettext_lazy("制作机构"), sort="drama__company__name", render=lambda a: a.drama.company.short_name or a.drama.company),
        Column("stage", gettext_lazy("阶段"), sort="stage", render=lambda a: a.get_stage_display()),
        Column("tier", gettext_lazy("类别"), sort="tier", render=_tier_badge),
        Column("state", gettext_lazy("状态"), sort="state", render=_state_badge),
        Column("clock", gettext_lazy("时限"), render=clock_cell),
        Column("manager", gettext_lazy("剧管家"), sort="case_manager__display_name", render=lambda a: a.case_manager),
        Column("submitted", gettext_lazy("提交时间"), sort="submitted_at",
               render=lambda a: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else ""),
    ], default_sort="-submitted", testid="applications", per_page=25,
        empty_text=_("没有符合条件的申请"))
    dramas = None
    if user.has_role(Role.APPLICANT) and user.organisation and user.organisation.kind == OrgKind.PRODUCTION:
        dramas = Drama.objects.visible_to(user).prefetch_related("applications")
    return render(request, "filing/index.html", {
        "table": table, "scope": scope, "q": q, "dramas": dramas, "stages": Stage.choices, "states": State.choices,
        "calendar_missing": next_year_missing() if is_staff(user) else None,
    })


@role_required(Role.APPLICANT)
def drama_create(request):
    form = DramaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drama = services.create_drama(request.user, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("剧目已创建。请上传申报材料，然后提交规划备案。"))
            return redirect("filing:drama", drama.pk)
    return render(request, "filing/drama_form.html", {"form": form})


@role_required(Role.APPLICANT)
def drama_edit(request, pk: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    if drama.company_id != request.user.organisation_id:
        raise Http404
    form = DramaForm(request.POST or None, instance=drama)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_drama(Drama.objects.get(pk=drama.pk), request.user, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("剧目信息已保存"))
            return redirect("filing:drama", drama.pk)
    return render(request, "filing/drama_form.html", {"form": form, "drama": drama})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@role_required(*FILING_ROLES)
def drama_detail(request, pk: int):
    drama = get_visible_or_404(Drama.objects.select_related("company", "case_manager"), request.user, pk=pk)
    user = request.user
    apps = list(drama.applications.order_by("created_at").prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk").select_related("actor")),
        "episodes", "assignments__reviewer"))
    clocks = Clocks()
    panels = []
    for app in apps:
        clock, problem = clocks.safe(app)
        panels.append({
            "app": app, "clock": clock, "clock_problem": problem, "badge": badge(clock),
            "actions": [a.name for a in available_actions(user, app)],
            "verdicts": list(verdicts_this_cycle(app)),
            "min_reviewers": app.rule.min_reviewers(app.tier) if app.rule else None,
            "revision": next((e for e in reversed(app.events.all()) if e.action == "request_revision"), None),
        })
    is_company = user.organisation_id == drama.company_id
    thread = conversation.thread_for(drama, user)
    can_start = {
        Stage.PLANNING: is_company and not any(a.stage == Stage.PLANNING and a.state not in (State.REJECTED, State.WITHDRAWN) for a in apps),
        Stage.ONLINE: is_company and any(a.stage == Stage.PLANNING and a.state == State.NUMBERED for a in apps)
        and not any(a.stage == Stage.ONLINE and a.state not in (State.REJECTED, State.WITHDRAWN) for a in apps),
    }
    return render(request, "filing/drama_detail.html", {
        "drama": drama, "panels": panels, "is_company": is_company, "is_staff": is_staff(user),
        "thread": thread, "message_form": MessageForm(), "attachment_form": AttachmentForm(),
        "can_start": can_start, "action_labels": {k: v.label for k, v in ACTIONS.items()},
        "note_form": NoteForm(), "revision_form": RevisionForm(), "reviewers_form": ReviewersForm(),
        "decision_form": DecisionForm(), "number_form": NumberForm(initial={"issued_on": timezone.localdate()}),
        "reassign_form": ReassignForm() if user.has_role(Role.CASE_LEAD) or user.is_platform_admin else None,
        "editable": is_company and not drama.applications.filter(state__in=OPEN_STATES - {State.NEEDS_REVISION}).exists(),
    })


@require_POST
@role_required(Role.APPLICANT)
def attachment_upload(request, pk: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    if drama.company_id != request.user.organisation_id:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择材料类型和文件"))
    else:
        try:
            att = services.add_attachment(drama, request.user, form.cleaned_data["kind"], form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已上传：%(name)s") % {"name": att.original_name})
    return redirect(services.drama_url(drama) + "#materials")


@role_required(*FILING_ROLES)
def attachment_download(request, pk: int, attachment_id: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    att = get_object_or_404(drama.attachments, pk=attachment_id)
    return serve_file(request, att.file.path, att.original_name, inline=False)


@require_POST
@role_required(*FILING_ROLES)
def message_post(request, pk: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            conversation.post(drama, request.user, form.cleaned_data["text"], form.cleaned_data.get("attachment"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, _("消息不能为空"))
    return redirect(services.drama_url(drama) + "#conversation")


@role_required(*FILING_ROLES)
def message_attachment(request, pk: int, message_id: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    msg = get_object_or_404(drama.messages.exclude(attachment=""), pk=message_id)
    return serve_file(request, msg.attachment.path, msg.attachment_name, inline=False)


@require_POST
@role_required(Role.CASE_LEAD)
def reassign(request, pk: int):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    form = ReassignForm(request.POST)
    if form.is_valid():
        try:
            services.reassign_case_manager(drama, request.user, form.cleaned_data["manager"], form.cleaned_data["reason"])
            messages.success(request, _("剧管家已更换为 %(name)s") % {"name": form.cleaned_data["manager"]})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("请选择新的剧管家并说明原因"))
    return redirect(services.drama_url(drama))


@require_POST
@role_required(Role.APPLICANT)
def start_application(request, pk: int, stage: str):
    drama = get_visible_or_404(Drama.objects, request.user, pk=pk)
    if stage not in Stage.values or drama.company_id != request.user.organisation_id:
        raise Http404
    try:
        app = services.start_application(drama, stage, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(services.drama_url(drama))
    if stage == Stage.ONLINE:
        return redirect("filing:episodes", app.pk)
    return redirect(services.drama_url(drama) + f"#app-{app.pk}")

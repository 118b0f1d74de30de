"""Projects and their jobs: the list, a new project from a premise, the project page with every
stage's state, starting and retrying jobs, and the job panel that htmx polls while jobs run."""

from __future__ import annotations

from datetime import timedelta

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
from microdrama.creation.pipeline import Stage
from microdrama.hub.navigation import can_open
from microdrama.hub.tables import Column, Table

from ..forms import ProjectForm
from ..models import StudioJob, StudioProject
from ..services import jobs as job_service
from ..services import projects as project_service
from .common import (
    STUDIO_ROLES,
    back,
    backends_or_default,
    flash_errors,
    get_project,
    jobs_context,
    project_context,
    stage_rows,
)


@role_required(*STUDIO_ROLES)
def index(request):
    projects = StudioProject.objects.visible_to(request.user).select_related("created_by")

    def title(p):
        return format_html('<a href="{}" data-testid="project-link">{}</a>', p.get_absolute_url(), p)

    table = Table(
        request,
        projects,
        [
            Column("title", _("项目"), sort="title", render=title),
            Column("genre", _("题材"), sort="genre"),
            Column("episodes", _("集数"), sort="episodes", numeric=True),
            Column("created_by", _("创建人")),
            Column("updated_at", _("更新时间"), sort="updated_at"),
        ],
        default_sort="-updated_at",
        empty_text=_("还没有创作项目。从一句话梗概开始，生成剧本、分镜、角色和 540P 成片。"),
        empty_icon="film",
        empty_action=(reverse("studio:new"), _("新建项目")),
        testid="projects",
    )
    return render(
        request, "studio/index.html", {"table": table, "can_create": project_service.can_create(request.user)}
    )


@role_required(*STUDIO_ROLES)
def new(request):
    if not project_service.can_create(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_service.create_project(request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("项目已创建。点“运行全部”从梗概生成剧本、分镜、角色和成片。"))
            return redirect(project)
    return render(request, "studio/new.html", {"form": form})


@role_required(*STUDIO_ROLES)
def detail(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "overview")
    backends = backends_or_default(request)
    rows = stage_rows(engine_project, backends)
    review = engine_project.review()
    return render(
        request,
        "studio/project.html",
        {
            **context,
            "rows": rows,
            "premise": engine_project.info.premise,
            "spec": engine_project.info.spec,
            "review": review,
            "bible": engine_project.bible(),
            "llm": backends.llm.identity,
            "watermark_on": backends.watermark is not None,
            "until_storyboard": Stage.STORYBOARD.value,
            "plan_start": timezone.localdate() + timedelta(days=14),
            "can_open_filing": can_open(request.user, "filing"),
        },
    )


@role_required(*STUDIO_ROLES)
def jobs_panel(request, pk: int):
    """The job panel alone (htmx polls it while jobs run); when the last one finishes the page
    reloads itself so that the stage states and media are current."""
    project = get_project(request, pk)
    context = jobs_context(project)
    if request.GET.get("watch") and not context["active_jobs"]:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "studio/_jobs.html", {"project": project, **context})


@role_required(*STUDIO_ROLES)
@require_POST
def start_job(request, pk: int):
    project = get_project(request, pk)
    data = request.POST
    try:
        job = job_service.start_job(
            request.user,
            project,
            data.get("kind", ""),
            stage=data.get("stage", ""),
            episode=data.get("episode") or None,
            shot=data.get("shot") or None,
            force=data.get("force") == "1",
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("任务已排队：%(title)s") % {"title": job.title})
    return back(request, project.get_absolute_url())


@role_required(*STUDIO_ROLES)
@require_POST
def retry_job(request, pk: int, job_id: int):
    project = get_project(request, pk)
    job = get_visible_or_404(StudioJob.objects.filter(project=project), request.user, pk=job_id)
    force = True if request.POST.get("force") == "1" else None
    try:
        again = job_service.retry_job(request.user, job, force=force)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("任务已重新排队：%(title)s") % {"title": again.title})
    return back(request, project.get_absolute_url())

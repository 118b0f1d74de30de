"""Application actions (one POST endpoint per action) and the finished-cut upload with its pre-check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import Role
from microdrama.hub.downloads import serve_file

from .. import review, services, uploads
from ..forms import DecisionForm, NoteForm, NumberForm, ReviewersForm, RevisionForm
from ..models import Application, Stage
from ..workflow import TransitionError
from .dramas import FILING_ROLES


def _version(form) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


def _run_action(request, app: Application, name: str) -> None:
    user = request.user
    post = request.POST
    if name == "submit":
        services.submit(app, user, post.get("note", ""))
    elif name == "accept":
        form = NoteForm(post)
        services.accept(app, user, post.get("note", ""), expected_version=_version(form))
    elif name == "request_revision":
        form = RevisionForm(post)
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("missing", [])) or _("请逐条写明需要补正的内容"))
        services.request_revision(app, user, form.cleaned_data["missing"], form.cleaned_data["note"],
                                  expected_version=form.cleaned_data.get("version"))
    elif name == "resubmit":
        services.resubmit(app, user, post.get("note", ""))
    elif name == "start_review":
        form = ReviewersForm(post)
        if not form.is_valid():
            raise ValidationError(_("请选择审核员"))
        services.start_review(app, user, list(form.cleaned_data["reviewers"]),
                              expected_version=form.cleaned_data.get("version"))
    elif name == "decide":
        form = DecisionForm(post)
        if not form.is_valid():
            raise ValidationError(_("请选择决定并填写理由"))
        review.decide(app, user, form.cleaned_data["decision"] == "pass", form.cleaned_data["reason"],
                      expected_version=form.cleaned_data.get("version"))
    elif name == "report":
        services.report(app, user, post.get("note", ""))
    elif name == "record_number":
        form = NumberForm(post)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.record_number(app, user, form.cleaned_data["number"], form.cleaned_data["issued_on"])
    elif name == "withdraw":
        services.withdraw(app, user, post.get("note", ""))
    else:
        raise Http404


DONE_MESSAGES = {
    "submit": gettext_lazy("已提交，剧管家会尽快受理"), "accept": gettext_lazy("已受理，时限开始计算"),
    "request_revision": gettext_lazy("已发出补正通知"), "resubmit": gettext_lazy("已重新提交"),
    "start_review": gettext_lazy("已转入审核"), "decide": gettext_lazy("决定已记录"), "report": gettext_lazy("已报送"),
    "record_number": gettext_lazy("备案号已登记"), "withdraw": gettext_lazy("申请已撤回"),
}


@require_POST
@role_required(*FILING_ROLES)
def act(request, pk: int, action: str):
    app = get_visible_or_404(Application.objects.select_related("drama", "rule"), request.user, pk=pk)
    try:
        _run_action(request, app, action)
    except (ValidationError, TransitionError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("你不能执行这个操作"))
    else:
        messages.success(request, DONE_MESSAGES[action])
    if action == "submit" and app.stage == Stage.ONLINE and app.state == "draft":
        return redirect("filing:episodes", app.pk)
    return redirect(services.drama_url(app.drama) + f"#app-{app.pk}")


# --- the finished cut ----------------------------------------------------------------------------

@role_required(*FILING_ROLES)
def episodes(request, pk: int):
    app = get_visible_or_404(Application.objects.select_related("drama"), request.user, pk=pk)
    if app.stage != Stage.ONLINE:
        raise Http404
    eps = {e.number: e for e in app.episodes.all()}
    rows = [{"number": n, "episode": eps.get(n)} for n in range(1, app.drama.episodes + 1)]
    can_upload = request.user.organisation_id == app.drama.company_id and app.state in ("draft", "needs_revision")
    return render(request, "filing/episodes.html", {
        "app": app, "drama": app.drama, "rows": rows, "can_upload": can_upload,
        "max_bytes": uploads.MAX_EPISODE_BYTES, "chunk_bytes": uploads.CHUNK_BYTES,
        "uploaded": len(eps),
    })


@role_required(*FILING_ROLES)
def episode_status(request, pk: int, episode_id: int):
    """The pre-check's live status of one episode (polled by the upload page)."""
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    ep = get_object_or_404(app.episodes, pk=episode_id)
    if request.headers.get("HX-Request"):
        can_upload = request.user.organisation_id == app.drama.company_id and app.state in ("draft", "needs_revision")
        return render(request, "filing/_episode_row.html", {"app": app, "row": {"number": ep.number, "episode": ep},
                                                            "can_upload": can_upload})
    return JsonResponse({"status": ep.qc_status, "progress": ep.qc_progress, "duration": ep.duration})


@role_required(*FILING_ROLES)
def episode_report(request, pk: int, episode_id: int):
    app = get_visible_or_404(Application.objects.select_related("drama"), request.user, pk=pk)
    ep = get_object_or_404(app.episodes, pk=episode_id)
    return render(request, "filing/episode_report.html", {"app": app, "drama": app.drama, "episode": ep,
                                                          "report": ep.qc_report})


@role_required(*FILING_ROLES)
def episode_video(request, pk: int, episode_id: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    ep = get_object_or_404(app.episodes, pk=episode_id)
    return serve_file(request, ep.file.path, ep.original_name, content_type="video/mp4")


@require_POST
@role_required(Role.APPLICANT)
def episode_delete(request, pk: int, episode_id: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    if app.drama.company_id != request.user.organisation_id or app.state not in ("draft", "needs_revision"):
        raise PermissionDenied
    ep = get_object_or_404(app.episodes, pk=episode_id)
    ep.file.delete(save=False)
    ep.delete()
    messages.success(request, _("已删除第 %(n)s 集，可重新上传") % {"n": ep.number})
    return redirect("filing:episodes", app.pk)

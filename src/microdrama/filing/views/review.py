"""The reviewer's workspace: watch each episode (playback is tracked), record timecoded opinions,
answer the checklist and give a verdict; the pre-check report and title flags are on the same page."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.roles import Role

from .. import review
from ..forms import DecisionForm, OpinionForm, VerdictForm
from ..models import Application, ChecklistAnswer, ChecklistItem, EpisodeWatch, ReviewOpinion
from ..workflow import TransitionError

REVIEW_ROLES = (Role.REVIEWER, Role.CASE_LEAD, Role.CASE_MANAGER)


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


@role_required(*REVIEW_ROLES)
def workspace(request, pk: int):
    app = get_visible_or_404(Application.objects.select_related("drama__company", "rule"), request.user, pk=pk)
    user = request.user
    episodes = list(app.episodes.all())
    watches = {w.episode_id: w for w in EpisodeWatch.objects.filter(episode__application=app, reviewer=user)}
    items = [i for i in ChecklistItem.objects.filter(active=True) if app.stage in i.stages]
    answers = {a.item_id: a for a in ChecklistAnswer.objects.filter(application=app, reviewer=user)}
    verdicts = list(review.verdicts_this_cycle(app))
    assigned = app.assignments.filter(reviewer=user).exists()
    selected = request.GET.get("episode")
    current = next((e for e in episodes if str(e.number) == selected), episodes[0] if episodes else None)
    return render(request, "filing/review.html", {
        "app": app, "drama": app.drama, "episodes": episodes, "current": current,
        "watches": watches, "current_watch": watches.get(current.pk) if current else None,
        "opinions": app.opinions.select_related("reviewer", "episode"),
        "items": [(i, answers.get(i.pk)) for i in items], "verdicts": verdicts,
        "my_verdict": next((v for v in verdicts if v.reviewer_id == user.pk), None),
        "min_reviewers": app.rule.min_reviewers(app.tier) if app.rule else 1,
        "assigned": assigned, "can_decide": app.state == "in_review" and (user.has_role(Role.CASE_LEAD) or assigned
                                                                            or user.is_platform_admin),
        "opinion_form": OpinionForm(initial={"client_key": uuid.uuid4().hex,
                                             "episode": current.number if current else None}),
        "verdict_form": VerdictForm(), "decision_form": DecisionForm(initial={"version": app.version}),
        "full_watch": review.FULL_WATCH_COVERAGE, "unwatched": review.unwatched_episodes(app, user),
    })


@require_POST
@role_required(*REVIEW_ROLES)
def add_opinion(request, pk: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写意见的类别、程度和内容"))
        return redirect("filing:review", app.pk)
    data = form.cleaned_data
    episode = app.episodes.filter(number=data["episode"]).first() if data.get("episode") else None
    try:
        review.add_opinion(app, request.user, category=data["category"], severity=data["severity"], text=data["text"],
                           client_key=data["client_key"], episode=episode, timecode=data.get("timecode") or "")
        messages.success(request, _("意见已保存"))
    except (ValidationError, PermissionDenied, TransitionError) as exc:
        messages.error(request, _errors(exc))
    suffix = f"?episode={episode.number}" if episode else ""
    return redirect(f"/filing/applications/{app.pk}/review/{suffix}#opinions")


@require_POST
@role_required(*REVIEW_ROLES)
def edit_opinion(request, pk: int, opinion_id: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    opinion = get_object_or_404(ReviewOpinion, pk=opinion_id, application=app)
    try:
        review.edit_opinion(opinion, request.user, text=request.POST.get("text", ""),
                            severity=request.POST.get("severity", opinion.severity),
                            expected_version=int(request.POST.get("version", "0")))
        messages.success(request, _("意见已修改"))
    except (ValidationError, PermissionDenied, ValueError) as exc:
        messages.error(request, _errors(exc))
    return redirect(f"/filing/applications/{app.pk}/review/#opinions")


@require_POST
@role_required(*REVIEW_ROLES)
def watch(request, pk: int, episode_id: int):
    """The player posts the stretches it played (JSON); `full=1` asks to mark the episode watched."""
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    episode = get_object_or_404(app.episodes, pk=episode_id)
    try:
        payload = json.loads(request.body or b"{}")
        ranges = payload.get("ranges", [])
        result = review.record_watching(episode, request.user, ranges, mark_full=bool(payload.get("full")))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"detail": _("播放记录格式不正确")}, status=400)
    except (ValidationError, PermissionDenied, TransitionError) as exc:
        return JsonResponse({"detail": _errors(exc)}, status=422 if isinstance(exc, ValidationError) else 403)
    return JsonResponse({"coverage": result.coverage, "watched_in_full": result.watched_in_full})


@require_POST
@role_required(*REVIEW_ROLES)
def checklist(request, pk: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    answers = {}
    for key, value in request.POST.items():
        if key.startswith("item-"):
            try:
                item_id = int(key.removeprefix("item-"))
            except ValueError:
                continue
            answers[item_id] = (value, request.POST.get(f"note-{item_id}", ""))
    try:
        review.answer_checklist(app, request.user, answers)
        messages.success(request, _("检查单已保存"))
    except (ValidationError, PermissionDenied, TransitionError) as exc:
        messages.error(request, _errors(exc))
    return redirect(f"/filing/applications/{app.pk}/review/#checklist")


@require_POST
@role_required(*REVIEW_ROLES)
def verdict(request, pk: int):
    app = get_visible_or_404(Application.objects, request.user, pk=pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            review.record_verdict(app, request.user, form.cleaned_data["recommendation"], form.cleaned_data["summary"])
            messages.success(request, _("审核结论已提交"))
        except (ValidationError, PermissionDenied, TransitionError) as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("请选择审核结论并填写综合意见"))
    return redirect(f"/filing/applications/{app.pk}/review/#verdicts")

"""Review work: opinions with timecodes, watching episodes in full, the checklist, each reviewer's
verdict, and the decision once enough independent reviewers have reported."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.roles import Role
from microdrama.timespan import parse_timecode

from .models import (
    Application,
    ChecklistAnswer,
    ChecklistItem,
    Episode,
    EpisodeWatch,
    ReviewOpinion,
    ReviewVerdict,
    Stage,
    State,
)
from .services import tell_company
from .workflow import TransitionError, transition

FULL_WATCH_COVERAGE = 0.98  # "不得快进和遗漏": at least 98 % of the running time actually played


def _require_assigned(app: Application, user) -> None:
    if user.is_platform_admin or user.has_role(Role.CASE_LEAD):
        return
    if not (user.has_role(Role.REVIEWER) and app.assignments.filter(reviewer=user).exists()):
        raise PermissionDenied(_("你没有被指派审核这个申请"))
    if app.state != State.IN_REVIEW:
        raise TransitionError(_("申请当前为“%(state)s”，不在审核中") % {"state": app.get_state_display()})


def review_cycle(app: Application) -> int:
    """Review rounds: each resubmission after review starts a new cycle of verdicts."""
    return 1 + app.events.filter(action="resubmit", from_state=State.NEEDS_REVISION).count()


def add_opinion(app: Application, user, *, category: str, severity: str, text: str, client_key: str,
                episode: Episode | None = None, timecode: str = "") -> ReviewOpinion:
    _require_assigned(app, user)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("意见内容不能为空"))
    if not client_key:
        raise ValidationError(_("表单已失效，请刷新页面"))
    seconds = None
    if timecode.strip():
        try:
            seconds = parse_timecode(timecode)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if episode and episode.duration and seconds > episode.duration + 0.5:
            raise ValidationError(_("时间码超出本集时长（%(d).0f 秒）") % {"d": episode.duration})
    if episode is not None and episode.application_id != app.pk:
        raise ValidationError(_("该集不属于这个申请"))
    try:
        with transaction.atomic():
            return ReviewOpinion.objects.create(application=app, episode=episode, reviewer=user, timecode=seconds,
                                                category=category, severity=severity, text=text, client_key=client_key)
    except IntegrityError:
        raise ValidationError(_("这条意见已经保存过了（重复提交），未再次保存")) from None


def edit_opinion(opinion: ReviewOpinion, user, *, text: str, severity: str, expected_version: int) -> ReviewOpinion:
    """Edit with an optimistic lock: a second editor working from a stale copy changes nothing."""
    if opinion.reviewer_id != user.pk:
        raise PermissionDenied(_("只能修改自己的意见"))
    if not (text or "").strip():
        raise ValidationError(_("意见内容不能为空"))
    updated = ReviewOpinion.objects.filter(pk=opinion.pk, version=expected_version).update(
        text=text.strip(), severity=severity, version=expected_version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("这条意见已在别处被修改，请刷新后再编辑"))
    opinion.refresh_from_db()
    return opinion


def _merge(ranges: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in ranges if b > a):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def record_watching(episode: Episode, user, ranges: list[list[float]], mark_full: bool = False) -> EpisodeWatch:
    """Store the stretches the reviewer's player actually played; optionally mark the episode watched."""
    app = episode.application
    _require_assigned(app, user)
    duration = episode.duration or 0.0
    clean = []
    for pair in ranges:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValidationError(_("播放区间格式不正确"))
        a, b = (max(0.0, min(float(x), duration or float(x))) for x in pair)
        clean.append([a, b])
    with transaction.atomic():
        watch, _created = EpisodeWatch.objects.select_for_update().get_or_create(episode=episode, reviewer=user)
        watch.watched_ranges = _merge(watch.watched_ranges + clean)
        seen = sum(b - a for a, b in watch.watched_ranges)
        watch.coverage = min(1.0, seen / duration) if duration else 0.0
        if mark_full:
            if watch.coverage < FULL_WATCH_COVERAGE:
                raise ValidationError(_("本集只播放了 %(p).0f%%，须完整观看（不得快进和遗漏）后才能标记为已看完")
                                      % {"p": watch.coverage * 100})
            watch.watched_in_full, watch.marked_at = True, timezone.now()
        watch.save()
    return watch


def answer_checklist(app: Application, user, answers: dict[int, tuple[str, str]]) -> None:
    _require_assigned(app, user)
    items = {i.pk: i for i in ChecklistItem.objects.filter(active=True, pk__in=answers)}
    for item_id, (answer, note) in answers.items():
        if item_id not in items or answer not in ChecklistAnswer.Answer.values:
            raise ValidationError(_("检查项或答案无效"))
        if answer == ChecklistAnswer.Answer.CONCERN and not note.strip():
            raise ValidationError(_("“%(item)s”有问题时请写明问题") % {"item": items[item_id].text})
    with transaction.atomic():
        for item_id, (answer, note) in answers.items():
            ChecklistAnswer.objects.update_or_create(application=app, item=items[item_id], reviewer=user,
                                                     defaults={"answer": answer, "note": note.strip()})


def unwatched_episodes(app: Application, user) -> list[int]:
    watched = set(EpisodeWatch.objects.filter(episode__application=app, reviewer=user, watched_in_full=True)
                  .values_list("episode__number", flat=True))
    return [n for n in app.episodes.values_list("number", flat=True) if n not in watched]


def record_verdict(app: Application, user, recommendation: str, summary: str) -> ReviewVerdict:
    _require_assigned(app, user)
    if not summary.strip():
        raise ValidationError(_("请填写综合意见"))
    if app.stage == Stage.ONLINE:
        missing = unwatched_episodes(app, user)
        if missing:
            raise ValidationError(_("还有第 %(eps)s 集没有完整观看，不能给出审核结论")
                                  % {"eps": "、".join(map(str, missing))})
    active_items = [i for i in ChecklistItem.objects.filter(active=True) if app.stage in i.stages]
    answered = set(ChecklistAnswer.objects.filter(application=app, reviewer=user).values_list("item_id", flat=True))
    unanswered = [i.text for i in active_items if i.pk not in answered]
    if unanswered:
        raise ValidationError(_("请先完成审核检查单（还有 %(n)s 项）") % {"n": len(unanswered)})
    cycle = review_cycle(app)
    try:
        with transaction.atomic():
            return ReviewVerdict.objects.create(application=app, reviewer=user, cycle=cycle,
                                                recommendation=recommendation, summary=summary.strip())
    except IntegrityError:
        raise ValidationError(_("你在本轮审核中已经给出过结论")) from None


def verdicts_this_cycle(app: Application):
    return app.verdicts.filter(cycle=review_cycle(app)).select_related("reviewer")


def decide(app: Application, user, passed: bool, reason: str, expected_version: int | None = None) -> Application:
    """Record the decision once the tier's minimum number of independent reviewers have concluded."""
    if not reason.strip():
        raise ValidationError(_("请填写决定的理由"))
    needed = app.rule.min_reviewers(app.tier) if app.rule else 1

    def check(locked: Application) -> None:
        verdicts = list(verdicts_this_cycle(locked))
        if len(verdicts) < needed:
            raise ValidationError(_("%(tier)s类剧目需要至少 %(n)s 名审核员的结论，目前 %(have)s 名")
                                  % {"tier": locked.get_tier_display(), "n": needed, "have": len(verdicts)})

    action = "pass" if passed else "reject"
    transition(app, action, user, reason=reason, expected_version=expected_version, check=check)
    if passed:
        tell_company(app, "passed", _("%(drama)s %(stage)s审核通过"), reason, level="success")
    else:
        tell_company(app, "rejected", _("%(drama)s %(stage)s未通过"), reason, level="danger")
    return app


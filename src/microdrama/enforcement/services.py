"""What happens to a case, as operations people (and the clock) perform: open it from a match with
its evidence, confirm or reject it, send the warning letter and its reminders, take the platform's
answer (takedown or dispute), re-check the URL, and escalate when the clock runs out."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.hub.notifications import notify

from . import delivery as senders
from . import evidence_pack, letter, workflow
from .models import Case, Delivery, EvidenceItem, Notice, PlatformProfile, Policy
from .models.access import is_centre

logger = logging.getLogger(__name__)
St = Case.State
MAX_DELIVERY_ATTEMPTS = 6
NUMBER_PREFIX = {Notice.Kind.NOTICE: "YJ", Notice.Kind.REMINDER: "CG", Notice.Kind.ESCALATION: "SJ"}


# --- people -------------------------------------------------------------------------------------
def centre_officers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            organisation__kind=OrgKind.COPYRIGHT_CENTRE,
            role_grants__role=Role.COPYRIGHT_OFFICER,
        ).distinct()
    )


def holder_people(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            organisation=case.work.owner,
            role_grants__role__in=[Role.APPLICANT, Role.COPYRIGHT_OFFICER],
        ).distinct()
    )


def platform_people(org) -> list[User]:
    return (
        list(
            User.objects.filter(
                is_active=True, organisation=org, role_grants__role=Role.PLATFORM_CONTACT
            ).distinct()
        )
        if org
        else []
    )


def case_url(case: Case) -> str:
    return reverse("enforcement:case", args=[case.pk])


def can_review(user, case: Case) -> bool:
    """The copyright centre's officers, and the rights holder's own copyright officers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_platform_admin:
        return True
    if not user.has_role(Role.COPYRIGHT_OFFICER):
        return False
    return is_centre(user) or user.organisation_id == case.work.owner_id


def takedown_hours(case: Case, policy: Policy | None = None) -> float:
    policy = policy or Policy.current()
    profile = PlatformProfile.objects.filter(organisation=case.platform).first() if case.platform else None
    hours = float(policy.takedown_hours)
    return min(hours, float(profile.response_hours)) if profile and profile.response_hours else hours


# --- opening ------------------------------------------------------------------------------------
def open_cases(candidate, matches) -> list[Case]:
    """One case per work the candidate copies (over the review threshold); never two for the same
    video and work — the database refuses the second."""
    policy = Policy.current()
    by_work: dict[int, list] = {}
    for m in matches:
        if m.work_id and m.score >= policy.review_threshold:
            by_work.setdefault(m.work_id, []).append(m)
    opened = []
    for rows in by_work.values():
        best = max(rows, key=lambda m: m.score)
        now = timezone.now()
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    candidate=candidate,
                    work=best.work,
                    episode=best.episode,
                    platform=candidate.platform,
                    score=best.score,
                    url=candidate.url,
                    media_url=candidate.media_url,
                    title=candidate.title,
                    uploader=candidate.uploader,
                    detected_at=now,
                    notice_due_at=now + timedelta(hours=float(policy.notice_hours)),
                )
                workflow.record(
                    case,
                    "detected",
                    to_state=St.DETECTED,
                    data={
                        "score": round(best.score, 4),
                        "episodes": [m.episode.number for m in rows if m.episode],
                        "url": candidate.url,
                    },
                )
        except IntegrityError:
            continue  # this video and work already have their case
        opened.append(case)
        from .tasks import collect_evidence

        transaction.on_commit(lambda pk=case.pk: collect_evidence.delay(pk))
    return opened


def note_duplicate(candidate, original) -> None:
    for case in Case.objects.filter(candidate=original):
        workflow.record(
            case,
            "duplicate_seen",
            data={"url": candidate.url, "sha256": candidate.sha256, "candidate": candidate.pk},
        )


def collect_evidence(case_id: int) -> str:
    """Fix the evidence (fetch record, match, frame pairs) in the log, then confirm automatically
    above the high threshold, or ask an officer to review."""
    from microdrama.hub.jobs import run_once

    case = Case.objects.select_related("candidate__source", "work__owner", "episode", "platform").get(
        pk=case_id
    )
    matches = list(
        case.candidate.matches.filter(work=case.work).select_related("episode__evidence").order_by("-score")
    )

    def effects():
        evidence_pack.fetch_record(case)
        evidence_pack.match_record(case, matches)
        if matches:
            evidence_pack.frame_pairs(case, matches[0])
        workflow.record(case, "evidence", data={"items": case.evidence_items.count()})

    done, _result = run_once(f"case-evidence:{case.pk}", effects)
    if not done:
        return "already collected"
    policy = Policy.current()
    case.refresh_from_db()
    if case.state == St.DETECTED and case.score >= policy.confirm_threshold:
        confirm(
            case,
            None,
            reason=_("评分 %(s).2f 达到自动确认阈值 %(t).2f")
            % {"s": case.score, "t": policy.confirm_threshold},
            auto=True,
        )
    elif case.state == St.DETECTED:
        notify(
            centre_officers(),
            f"case-review:{case.pk}",
            _("待复核：%(case)s 疑似盗版《%(work)s》") % {"case": case.number, "work": case.work.title},
            _("评分 %(s).2f，介于立案阈值与自动确认阈值之间，请在 %(due)s 前复核。")
            % {"s": case.score, "due": timezone.localtime(case.notice_due_at).strftime("%m-%d %H:%M")},
            case_url(case),
            level="warning",
        )
    from .tasks import check_watermark

    transaction.on_commit(lambda: check_watermark.delay(case.pk))
    return "collected"


def check_watermark(case_id: int) -> str:
    """Read a distribution watermark from the suspect: which recipient's copy leaked."""
    from microdrama.hub.jobs import run_once
    from microdrama.media.errors import MediaError
    from microdrama.rights.models import DistributionCopy
    from microdrama.timespan import Span
    from microdrama.watermark import detect

    case = Case.objects.select_related("candidate", "work").get(pk=case_id)
    if not case.candidate.file or case.evidence_items.filter(kind=EvidenceItem.Kind.WATERMARK).exists():
        return "skipped"
    match = case.candidate.matches.filter(work=case.work).order_by("-score").first()
    span = None
    if match and match.segments:
        s = match.segments[0]
        span = Span(s["query_start"], min(s["query_end"], s["query_start"] + 20.0))
    try:
        found = detect(case.candidate.file.path, span=span)
    except (MediaError, ValueError, OSError) as exc:
        logger.warning("watermark check of case %s failed: %s", case.pk, exc)
        return "failed"
    copy = (
        DistributionCopy.objects.select_related("recipient").filter(payload=found.payload).first()
        if found.present
        else None
    )

    def effects():
        evidence_pack.watermark_record(case, found, copy)
        if found.present:
            workflow.record(
                case,
                "watermark",
                data={"payload": found.payload, "recipient": copy.recipient.name if copy else ""},
            )

    run_once(f"case-watermark:{case.pk}", effects)
    if copy:
        notify(
            centre_officers() + holder_people(case),
            f"case-leak:{case.pk}",
            _("%(case)s：盗版来自分发给 %(who)s 的副本") % {"case": case.number, "who": copy.recipient},
            _("水印编号 %(p)s") % {"p": found.payload},
            case_url(case),
            level="warning",
        )
    return "found" if found.present else "none"


# --- review -------------------------------------------------------------------------------------
def confirm(case: Case, user, reason: str = "", *, auto: bool = False) -> Case:
    if not auto and not can_review(user, case):
        raise PermissionDenied(_("你不能复核这个案件"))
    with transaction.atomic():
        workflow.transition(
            case,
            "confirm",
            actor=user,
            reason=reason or (_("自动确认") if auto else ""),
            data={"auto": auto, "score": round(case.score, 4)},
        )
        Case.objects.filter(pk=case.pk).update(auto_confirmed=auto)
        case.refresh_from_db()
        issue_notice(case, Notice.Kind.NOTICE)
    notify(
        holder_people(case),
        f"case-confirmed:{case.pk}",
        _("发现《%(work)s》盗版，已确认并向平台发函") % {"work": case.work.title},
        case.url,
        case_url(case),
    )
    return case


def reject(case: Case, user, reason: str) -> Case:
    if not can_review(user, case):
        raise PermissionDenied(_("你不能复核这个案件"))
    if not (reason or "").strip():
        raise ValidationError(_("请说明不构成侵权的理由"))
    workflow.transition(case, "reject", actor=user, reason=reason.strip())
    case.refresh_from_db()
    return case


def withdraw(case: Case, user, reason: str) -> Case:
    if not can_review(user, case):
        raise PermissionDenied(_("你不能撤回这个案件"))
    if not (reason or "").strip():
        raise ValidationError(_("请说明撤回理由"))
    workflow.transition(case, "withdraw", actor=user, reason=reason.strip())
    case.refresh_from_db()
    return case


def resolve_dispute(case: Case, user, accept: bool, reason: str) -> Case:
    if not can_review(user, case):
        raise PermissionDenied(_("你不能处理这个异议"))
    if not (reason or "").strip():
        raise ValidationError(_("请填写处理意见"))
    with transaction.atomic():
        workflow.transition(
            case, "dispute_accepted" if accept else "dispute_rejected", actor=user, reason=reason.strip()
        )
        case.refresh_from_db()
        if not accept:
            issue_notice(case, Notice.Kind.ESCALATION)
    return case


# --- notices ------------------------------------------------------------------------------------
def issue_notice(case: Case, kind: str) -> Notice | None:
    """Write the letter (PDF, in the evidence log) and queue its deliveries."""
    if case.platform is None:
        workflow.record(case, "no_channel", reason=_("该视频来源未关联平台，需人工发函"))
        notify(
            centre_officers(),
            f"case-no-platform:{case.pk}",
            _("%(case)s 无法自动发函：未关联平台") % {"case": case.number},
            "",
            case_url(case),
            level="warning",
        )
        return None
    existing = case.notices.filter(kind=kind).first()
    if existing:
        return existing
    profile = PlatformProfile.objects.filter(organisation=case.platform).first()
    hours = takedown_hours(case)
    now = timezone.now()
    notice = Notice(
        case=case,
        kind=kind,
        number=f"{NUMBER_PREFIX[kind]}{now:%Y}{case.pk:06d}",
        recipient=case.platform,
        created_at=now,
        sha256="",
        deadline=case.takedown_due_at
        if kind != Notice.Kind.NOTICE and case.takedown_due_at
        else now + timedelta(hours=hours),
    )
    pdf = letter.render(notice, hours)
    notice.sha256 = hashlib.sha256(pdf).hexdigest()
    notice.pdf.save(f"{notice.number}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        return case.notices.filter(kind=kind).first()
    evidence_pack.add_item(
        case,
        EvidenceItem.Kind.LETTER,
        {
            "notice": notice.number,
            "kind": kind,
            "recipient": notice.recipient.name,
            "pdf_sha256": notice.sha256,
            "created_at": now.isoformat(),
            "deadline": notice.deadline.isoformat(),
        },
    )
    targets = []
    if profile:
        email = profile.escalation_email if kind == Notice.Kind.ESCALATION else profile.notice_email
        if email:
            targets.append((Delivery.Channel.EMAIL, email))
        if profile.webhook_url and kind != Notice.Kind.ESCALATION:
            targets.append((Delivery.Channel.WEBHOOK, profile.webhook_url))
    if not targets:
        workflow.record(case, "no_channel", reason=_("平台未配置通知邮箱或 Webhook"))
        notify(
            centre_officers(),
            f"case-no-channel:{case.pk}:{kind}",
            _("%(case)s 无法自动发函：平台未配置通知渠道") % {"case": case.number},
            "",
            case_url(case),
            level="warning",
        )
    from .tasks import deliver

    for channel, target in targets:
        d = Delivery.objects.create(notice=notice, channel=channel, target=target)
        transaction.on_commit(lambda pk=d.pk: deliver.delay(pk))
    notify(
        platform_people(case.platform),
        f"notice:{notice.pk}",
        _("收到%(kind)s %(no)s：《%(work)s》")
        % {"kind": notice.get_kind_display(), "no": notice.number, "work": case.work.title},
        case.url,
        reverse("enforcement:notice", args=[notice.pk]),
        level="warning",
        email=False,
    )
    return notice


def retry_delay(attempts: int) -> timedelta:
    from django.conf import settings

    base = float(getattr(settings, "ENFORCEMENT_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=base * 2 ** max(0, attempts - 1))


def deliver(delivery_id: int) -> str:
    """One delivery attempt (claimed, so two workers never send the same letter at once)."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING]
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Delivery.Status.SENDING, last_attempt_at=now)
    )
    if not claimed:
        return "skipped"
    d = Delivery.objects.select_related(
        "notice__case__work__owner", "notice__recipient", "notice__case__episode"
    ).get(pk=delivery_id)
    started = time.monotonic()
    if d.channel == Delivery.Channel.EMAIL:
        attempt = senders.send_email(d)
    else:
        profile = PlatformProfile.objects.filter(organisation=d.notice.recipient).first()
        attempt = (
            senders.send_webhook(d, profile)
            if profile
            else senders.Attempt(False, error="平台档案不存在", retry=False)
        )
    attempts = d.attempts + 1
    line = {
        "at": timezone.now().isoformat(),
        "attempt": attempts,
        "ok": attempt.ok,
        "code": attempt.code,
        "error": attempt.error[:300],
        "seconds": round(time.monotonic() - started, 3),
    }
    fields = {
        "attempts": attempts,
        "response_code": attempt.code,
        "response_body": attempt.body[:2000],
        "error": attempt.error[:1000],
        "log": [*d.log, line],
    }
    if attempt.ok:
        Delivery.objects.filter(pk=d.pk).update(
            status=Delivery.Status.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None, **fields
        )
        d.refresh_from_db()
        notice_delivered(d.notice, d)
        return "delivered"
    case = d.notice.case
    if attempt.retry and attempts < MAX_DELIVERY_ATTEMPTS:
        wait = retry_delay(attempts)
        Delivery.objects.filter(pk=d.pk).update(
            status=Delivery.Status.RETRYING, next_attempt_at=now + wait, **fields
        )  # counted from this attempt's start
        return "retrying"
    Delivery.objects.filter(pk=d.pk).update(status=Delivery.Status.FAILED, next_attempt_at=None, **fields)
    workflow.record(
        case,
        "delivery_failed",
        reason=attempt.error,
        data={"notice": d.notice.number, "channel": d.channel, "target": d.target, "attempts": attempts},
    )
    notify(
        centre_officers(),
        f"delivery-failed:{d.pk}",
        _("%(no)s 经 %(ch)s 发送失败") % {"no": d.notice.number, "ch": d.get_channel_display()},
        attempt.error,
        case_url(case),
        level="error",
    )
    return "failed"


def notice_delivered(notice: Notice, delivery: Delivery) -> None:
    """The first successful delivery starts the takedown clock (for the warning letter)."""
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.sent_at:
            return
        locked.sent_at = delivery.delivered_at
        case = locked.case
        if locked.kind == Notice.Kind.NOTICE:
            hours = takedown_hours(case)
            locked.deadline = locked.sent_at + timedelta(hours=hours)
            locked.save(update_fields=["sent_at", "deadline"])
            # withdrawn or rejected meanwhile: the letter went out, the case stays where it is
            with contextlib.suppress(workflow.TransitionError):
                workflow.transition(
                    case,
                    "notice_sent",
                    data={
                        "notice": locked.number,
                        "channel": delivery.channel,
                        "target": delivery.target,
                        "takedown_hours": hours,
                        "sent_at_dt": locked.sent_at,
                        "seconds_since_detection": round(
                            (locked.sent_at - case.detected_at).total_seconds(), 1
                        ),
                    },
                )
        else:
            locked.save(update_fields=["sent_at"])


# --- the platform's answer ------------------------------------------------------------------------
def can_answer(user, notice: Notice) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_platform_admin
        or (user.has_role(Role.PLATFORM_CONTACT) and user.organisation_id == notice.recipient_id)
    )


def _answer(notice: Notice, user, response: str, note: str) -> None:
    Notice.objects.filter(pk=notice.pk).update(
        response=response, response_note=note, responded_at=timezone.now(), responded_by=user
    )


def report_takedown(notice: Notice, user, note: str = "") -> Case:
    if not can_answer(user, notice):
        raise PermissionDenied(_("只有收函平台的对接人可以报告下架"))
    case = notice.case
    with transaction.atomic():
        _answer(notice, user, Notice.Response.TAKEN_DOWN, note)
        workflow.transition(
            case, "takedown_reported", actor=user, reason=note, data={"notice": notice.number}
        )
    from .tasks import recheck_case

    transaction.on_commit(lambda: recheck_case.delay(case.pk))  # verify it at once
    case.refresh_from_db()
    return case


def dispute(notice: Notice, user, reason: str) -> Case:
    if not can_answer(user, notice):
        raise PermissionDenied(_("只有收函平台的对接人可以提出异议"))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(_("请写明异议理由（至少 5 个字）"))
    case = notice.case
    with transaction.atomic():
        _answer(notice, user, Notice.Response.DISPUTED, reason)
        workflow.transition(case, "dispute", actor=user, reason=reason, data={"notice": notice.number})
    notify(
        centre_officers() + holder_people(case),
        f"case-dispute:{case.pk}:{notice.pk}",
        _("%(platform)s 对 %(case)s 提出异议") % {"platform": case.platform, "case": case.number},
        reason,
        case_url(case),
        level="warning",
    )
    case.refresh_from_db()
    return case


# --- the clock ------------------------------------------------------------------------------------
def recheck(case_id: int) -> str:
    from . import recheck as checker

    case = Case.objects.select_related("candidate__source").get(pk=case_id)
    if case.state not in Case.WATCHED_STATES:
        return "not watched"
    result = checker.check(case.candidate)
    Case.objects.filter(pk=case.pk).update(
        last_checked_at=timezone.now(),
        still_online=result.online if result.online is not None else case.still_online,
    )
    case.refresh_from_db()
    if result.online is None:
        return "unknown"
    if result.online:
        if case.state == St.TAKEN_DOWN:
            workflow.transition(case, "takedown_not_verified", reason=result.detail)
        return "online"
    with transaction.atomic():
        evidence_pack.add_item(
            case,
            EvidenceItem.Kind.RECHECK,
            {
                "url": case.url,
                "online": False,
                "detail": result.detail,
                "status": result.status,
                "checked_at": timezone.now().isoformat(),
            },
        )
        if case.state != St.TAKEN_DOWN:
            workflow.transition(case, "disappeared", reason=result.detail)
        else:
            Case.objects.filter(pk=case.pk).update(disappeared_at=timezone.now())
            case.refresh_from_db()
        workflow.transition(case, "close", reason=_("复查确认侵权视频已下架"))
    case.refresh_from_db()
    notify(
        holder_people(case),
        f"case-closed:{case.pk}",
        _("《%(work)s》盗版已下架，案件 %(case)s 结案") % {"work": case.work.title, "case": case.number},
        case.url,
        case_url(case),
    )
    return "gone"


def sweep(now=None) -> dict:
    """Once a minute: retry due deliveries, remind and escalate overdue takedowns, warn about the
    notice clock, and queue re-checks."""
    from .tasks import deliver as deliver_task
    from .tasks import recheck_case

    now = now or timezone.now()
    policy = Policy.current()
    done = {"retried": 0, "reminded": 0, "escalated": 0, "rechecks": 0, "warned": 0}
    # a delivery stuck in "sending" lost its worker
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, last_attempt_at__lt=now - timedelta(minutes=10)
    ).update(status=Delivery.Status.RETRYING, next_attempt_at=now)
    for pk in Delivery.objects.filter(status=Delivery.Status.RETRYING, next_attempt_at__lte=now).values_list(
        "pk", flat=True
    ):
        deliver_task.delay(pk)
        done["retried"] += 1
    for case in Case.objects.filter(state=St.NOTICE_SENT, takedown_due_at__lte=now, escalation_level=0):
        with transaction.atomic():
            if Case.objects.filter(pk=case.pk, escalation_level=0).update(escalation_level=1):
                workflow.record(case, "reminder_sent", reason=_("超过约定下架时限"))
                issue_notice(case, Notice.Kind.REMINDER)
                done["reminded"] += 1
    escalate_after = timedelta(hours=float(policy.escalate_after_hours))
    for case in Case.objects.filter(
        state=St.NOTICE_SENT, escalation_level=1, takedown_due_at__lte=now - escalate_after
    ):
        with transaction.atomic():
            workflow.transition(case, "escalate", reason=_("催告后仍未下架"))
            case.refresh_from_db()
            issue_notice(case, Notice.Kind.ESCALATION)
            done["escalated"] += 1
        notify(
            centre_officers() + holder_people(case),
            f"case-escalated:{case.pk}",
            _("%(case)s 逾期未下架，已升级至平台升级联系人") % {"case": case.number},
            case.url,
            case_url(case),
            level="error",
        )
    soon = now + timedelta(minutes=30)
    for case in Case.objects.filter(state__in=[St.DETECTED, St.CONFIRMED], notice_due_at__lte=soon):
        created = notify(
            centre_officers(),
            f"case-notice-clock:{case.pk}",
            _("%(case)s 即将超过 %(h)s 小时发函时限")
            % {"case": case.number, "h": f"{float(policy.notice_hours):g}"},
            case.url,
            case_url(case),
            level="error",
        )
        done["warned"] += bool(created)
    stale = now - timedelta(minutes=policy.recheck_minutes)
    for case in Case.objects.filter(state__in=Case.WATCHED_STATES).filter(
        Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=stale)
    ):
        if (
            Case.objects.filter(pk=case.pk)
            .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=stale))
            .update(last_checked_at=now)
        ):
            recheck_case.delay(case.pk)
            done["rechecks"] += 1
    return done

"""Warning letters, reminders and escalations: numbered, rendered, delivered (mail and webhook, with
retries), and the platform's answer to them — takedown reported, or disputed."""

from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.accounts.roles import Role
from microdrama.hub.notifications import notify

from .. import delivery as senders
from .. import evidence_pack, letter, workflow
from ..models import Case, Delivery, EvidenceItem, Notice, PlatformProfile
from .people import case_url, centre_officers, holder_people, platform_people, takedown_hours

MAX_DELIVERY_ATTEMPTS = 6
NUMBER_PREFIX = {Notice.Kind.NOTICE: "YJ", Notice.Kind.REMINDER: "CG", Notice.Kind.ESCALATION: "SJ"}


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
    from ..tasks import deliver

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
    from ..tasks import recheck_case

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

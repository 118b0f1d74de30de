"""The clock: re-check a reported URL, and the sweep that sends reminders, escalates overdue cases and
retries what is stuck."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.hub.notifications import notify

from .. import evidence_pack, workflow
from ..models import Case, Delivery, EvidenceItem, Notice, Policy
from .notices import issue_notice
from .people import case_url, centre_officers, holder_people

St = Case.State


# --- the clock ------------------------------------------------------------------------------------
def recheck(case_id: int) -> str:
    from .. import recheck as checker

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
    from ..tasks import deliver as deliver_task
    from ..tasks import recheck_case

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

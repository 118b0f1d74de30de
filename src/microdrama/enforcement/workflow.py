"""A case's states and the only ways between them; every step is a `CaseEvent` (who, when, why) and
an entry in the evidence log, so the timeline shown to people is also tamper-evident.

    detected → confirmed → notice_sent → taken_down / disputed / escalated → closed
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microdrama.rights import evidence

from .models import Case, CaseEvent

St = Case.State

# action: (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({St.DETECTED}), St.CONFIRMED),
    "reject": (frozenset({St.DETECTED, St.CONFIRMED}), St.CLOSED),
    "notice_sent": (frozenset({St.CONFIRMED}), St.NOTICE_SENT),
    "takedown_reported": (frozenset({St.NOTICE_SENT, St.ESCALATED, St.DISPUTED}), St.TAKEN_DOWN),
    "disappeared": (frozenset({St.CONFIRMED, St.NOTICE_SENT, St.ESCALATED, St.DISPUTED}), St.TAKEN_DOWN),
    "takedown_not_verified": (frozenset({St.TAKEN_DOWN}), St.NOTICE_SENT),
    "dispute": (frozenset({St.NOTICE_SENT, St.ESCALATED}), St.DISPUTED),
    "dispute_rejected": (frozenset({St.DISPUTED}), St.ESCALATED),
    "dispute_accepted": (frozenset({St.DISPUTED}), St.CLOSED),
    "escalate": (frozenset({St.NOTICE_SENT}), St.ESCALATED),
    "close": (frozenset({St.TAKEN_DOWN}), St.CLOSED),
    "withdraw": (frozenset(Case.OPEN_STATES), St.CLOSED),
}

ACTION_LABELS = {
    "detected": gettext_lazy("发现疑似盗版，立案"),
    "confirm": gettext_lazy("确认侵权"),
    "reject": gettext_lazy("复核不构成侵权"),
    "notice_sent": gettext_lazy("预警函已送达"),
    "takedown_reported": gettext_lazy("平台报告已下架"),
    "disappeared": gettext_lazy("复查：侵权视频已不可访问"),
    "takedown_not_verified": gettext_lazy("复查：平台报告下架但视频仍可访问"),
    "dispute": gettext_lazy("平台提出异议"),
    "dispute_rejected": gettext_lazy("驳回平台异议并升级"),
    "dispute_accepted": gettext_lazy("采纳平台异议"),
    "escalate": gettext_lazy("逾期未下架，升级"),
    "close": gettext_lazy("结案"),
    "withdraw": gettext_lazy("撤回案件"),
    "reminder_sent": gettext_lazy("逾期未下架，已催告"),
    "notice_issued": gettext_lazy("生成函件"),
    "delivery_failed": gettext_lazy("函件发送失败"),
    "no_channel": gettext_lazy("平台未配置通知渠道"),
    "duplicate_seen": gettext_lazy("同一内容在其他地址再次出现"),
    "watermark": gettext_lazy("水印检测结果"),
    "evidence": gettext_lazy("证据已固定"),
    "still_online": gettext_lazy("复查：仍可访问"),
}

RESOLUTIONS = {
    "reject": Case.Resolution.NOT_INFRINGING,
    "dispute_accepted": Case.Resolution.DISPUTE_ACCEPTED,
    "close": Case.Resolution.REMOVED,
    "withdraw": Case.Resolution.WITHDRAWN,
}


class TransitionError(ValidationError):
    pass


def can(case: Case, action: str) -> bool:
    allowed, _to = TRANSITIONS[action]
    return case.state in allowed


def _actor_name(actor) -> str:
    return str(actor) if actor else "系统"


def record(
    case: Case,
    action: str,
    *,
    actor=None,
    reason: str = "",
    data: dict | None = None,
    from_state: str = "",
    to_state: str = "",
) -> CaseEvent:
    """An event on the case's timeline, entered in the evidence log."""
    now = timezone.now()
    data = data or {}
    entry = evidence.append(
        "case_event",
        {
            "case": case.number,
            "case_id": case.pk,
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
            "actor": _actor_name(actor),
            "at": now.isoformat(),
            "reason": reason,
            "data": data,
        },
    )
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        at=now,
        reason=reason,
        data=data,
        evidence=entry,
    )


@transaction.atomic
def transition(
    case: Case, action: str, *, actor=None, reason: str = "", data: dict | None = None
) -> CaseEvent:
    """Move the case (locked) along `action`, stamping the times the clocks need."""
    allowed, to_state = TRANSITIONS[action]
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in allowed:
        raise TransitionError(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”")
            % {"state": locked.get_state_display(), "action": ACTION_LABELS.get(action, action)}
        )
    now = timezone.now()
    from_state = locked.state
    locked.state = to_state
    if action == "confirm":
        locked.confirmed_at = now
        locked.reviewed_by = actor or locked.reviewed_by
    elif action == "reject":
        locked.reviewed_by = actor
    elif action == "notice_sent":
        locked.notice_sent_at = (data or {}).get("sent_at_dt") or now
        hours = (data or {}).get("takedown_hours", 24)
        locked.takedown_due_at = locked.notice_sent_at + timedelta(hours=float(hours))
    elif action in ("takedown_reported", "disappeared"):
        locked.taken_down_at = locked.taken_down_at or now
        if action == "disappeared":
            locked.disappeared_at = locked.disappeared_at or now
    elif action == "takedown_not_verified":
        locked.taken_down_at = None
    elif action == "dispute":
        locked.dispute_reason = reason
    elif action in ("escalate", "dispute_rejected"):
        locked.escalation_level = max(locked.escalation_level, 2)
    if to_state == St.CLOSED:
        locked.closed_at = now
        locked.resolution = RESOLUTIONS.get(action, Case.Resolution.REMOVED)
    locked.save()
    case.refresh_from_db()
    clean = {k: v for k, v in (data or {}).items() if not k.endswith("_dt")}
    return record(
        case, action, actor=actor, reason=reason, data=clean, from_state=from_state, to_state=to_state
    )

"""A case from a match: opened with its evidence pack and watermark check, then confirmed, rejected,
withdrawn, or its dispute resolved by the copyright officer."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.hub.notifications import notify

from .. import evidence_pack, workflow
from ..models import Case, EvidenceItem, Notice, Policy
from .notices import issue_notice
from .people import can_review, case_url, centre_officers, holder_people

logger = logging.getLogger(__name__)
St = Case.State


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
        from ..tasks import collect_evidence

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
    from ..tasks import check_watermark

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

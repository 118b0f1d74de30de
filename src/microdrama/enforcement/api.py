"""Enforcement API. For rights holders: their works' cases, one case with its evidence, the
evidence pack. For platforms: the notices addressed to them, the letter, and their answer —
takedown done, or a dispute with reasons. Every object another organisation may not see is 404."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from microdrama.accounts.access import has_role
from microdrama.accounts.roles import Role

from . import evidence_pack, services
from .models import Case, Notice

router = Router(tags=["enforcement"])


def _user(request):
    if not has_role(request.auth, Role.COPYRIGHT_OFFICER, Role.APPLICANT, Role.PLATFORM_CONTACT):
        raise HttpError(403, "你的角色不能使用版权维权接口")
    return request.auth


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    at: datetime
    actor: str
    reason: str
    evidence_index: int | None


class EvidenceOut(Schema):
    kind: str
    evidence_index: int
    leaf_hash: str
    data: dict


class DeliveryOut(Schema):
    channel: str
    target: str
    status: str
    attempts: int
    delivered_at: datetime | None
    response_code: int | None
    error: str


class NoticeOut(Schema):
    id: int
    number: str
    kind: str
    case_id: int
    case_number: str
    recipient: str
    infringing_url: str
    work: str
    episode: int | None
    created_at: datetime
    sent_at: datetime | None
    deadline: datetime | None
    letter_sha256: str
    response: str
    responded_at: datetime | None
    case_state: str


class NoticeDetailOut(NoticeOut):
    deliveries: list[DeliveryOut]


class CaseOut(Schema):
    id: int
    number: str
    state: str
    resolution: str
    work_id: int
    work: str
    episode: int | None
    platform: str | None
    url: str
    uploader: str
    score: float
    detected_at: datetime
    notice_due_at: datetime
    notice_sent_at: datetime | None
    takedown_due_at: datetime | None
    taken_down_at: datetime | None
    closed_at: datetime | None


class CaseDetailOut(CaseOut):
    suspect_sha256: str
    fetched_at: datetime | None
    events: list[EventOut]
    evidence: list[EvidenceOut]
    notices: list[NoticeOut]


class TakedownIn(Schema):
    note: str = ""


class DisputeIn(Schema):
    reason: str


def _case(c: Case) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "state": c.state,
        "resolution": c.resolution,
        "work_id": c.work_id,
        "work": c.work.title,
        "episode": c.episode.number if c.episode else None,
        "platform": c.platform.name if c.platform else None,
        "url": c.url,
        "uploader": c.uploader,
        "score": round(c.score, 4),
        "detected_at": c.detected_at,
        "notice_due_at": c.notice_due_at,
        "notice_sent_at": c.notice_sent_at,
        "takedown_due_at": c.takedown_due_at,
        "taken_down_at": c.taken_down_at,
        "closed_at": c.closed_at,
    }


def _notice(n: Notice) -> dict:
    c = n.case
    return {
        "id": n.pk,
        "number": n.number,
        "kind": n.kind,
        "case_id": c.pk,
        "case_number": c.number,
        "recipient": n.recipient.name,
        "infringing_url": c.url,
        "work": c.work.title,
        "episode": c.episode.number if c.episode else None,
        "created_at": n.created_at,
        "sent_at": n.sent_at,
        "deadline": n.deadline,
        "letter_sha256": n.sha256,
        "response": n.response,
        "responded_at": n.responded_at,
        "case_state": c.state,
    }


def _cases(user):
    return Case.objects.visible_to(user).select_related("work", "episode", "platform")


@router.get("/cases", response=list[CaseOut])
def list_cases(request, work_id: int | None = None, state: str | None = None):
    """Cases about the works you may see (a company: its own works; the centre: all)."""
    user = _user(request)
    cases = _cases(user)
    if work_id is not None:
        cases = cases.filter(work_id=work_id)
    if state:
        if state not in Case.State.values:
            raise HttpError(422, f"未知状态：{state}")
        cases = cases.filter(state=state)
    return [_case(c) for c in cases]


@router.get("/cases/{case_id}", response=CaseDetailOut)
def get_case(request, case_id: int):
    user = _user(request)
    c = get_object_or_404(_cases(user).select_related("candidate"), pk=case_id)
    return {
        **_case(c),
        "suspect_sha256": c.candidate.sha256,
        "fetched_at": c.candidate.fetched_at,
        "events": [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "at": e.at,
                "actor": str(e.actor) if e.actor else "系统",
                "reason": e.reason,
                "evidence_index": e.evidence.index if e.evidence else None,
            }
            for e in c.events.select_related("actor", "evidence")
        ],
        "evidence": [
            {"kind": i.kind, "evidence_index": i.entry.index, "leaf_hash": i.entry.leaf_hash, "data": i.data}
            for i in c.evidence_items.select_related("entry")
        ],
        "notices": [_notice(n) for n in c.notices.select_related("recipient", "case__work", "case__episode")],
    }


@router.get("/cases/{case_id}/evidence.zip")
def case_evidence(request, case_id: int):
    """The evidence pack: every evidence-log entry with its inclusion proof, frame stills, letters."""
    user = _user(request)
    c = get_object_or_404(_cases(user), pk=case_id)
    response = HttpResponse(evidence_pack.export_zip(c), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="evidence-{c.number}.zip"'
    return response


def _notices(user):
    return Notice.objects.visible_to(user).select_related("case__work", "case__episode", "recipient")


@router.get("/notices", response=list[NoticeOut])
def list_notices(request, pending: bool = False):
    """Notices addressed to your platform (the centre and rights holders see theirs)."""
    user = _user(request)
    notices = _notices(user)
    if pending:
        notices = notices.filter(response="", case__state__in=[Case.State.NOTICE_SENT, Case.State.ESCALATED])
    return [_notice(n) for n in notices]


@router.get("/notices/{notice_id}", response=NoticeDetailOut)
def get_notice(request, notice_id: int):
    n = get_object_or_404(_notices(_user(request)), pk=notice_id)
    return {
        **_notice(n),
        "deliveries": list(
            n.deliveries.values(
                "channel", "target", "status", "attempts", "delivered_at", "response_code", "error"
            )
        ),
    }


@router.get("/notices/{notice_id}/letter.pdf")
def notice_letter(request, notice_id: int):
    n = get_object_or_404(_notices(_user(request)), pk=notice_id)
    with n.pdf.open("rb") as fh:
        return HttpResponse(fh.read(), content_type="application/pdf")


def _answer(call):
    try:
        case = call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "无权操作") from exc
    except ValidationError as exc:
        raise HttpError(409 if "状态" in " ".join(exc.messages) else 422, " ".join(exc.messages)) from exc
    return _case(case)


@router.post("/notices/{notice_id}/takedown", response=CaseOut)
def report_takedown(request, notice_id: int, payload: TakedownIn):
    """Report that the video is taken down; the centre re-checks the URL at once."""
    n = get_object_or_404(_notices(_user(request)), pk=notice_id)
    return _answer(lambda: services.report_takedown(n, request.auth, payload.note))


@router.post("/notices/{notice_id}/dispute", response=CaseOut)
def dispute(request, notice_id: int, payload: DisputeIn):
    """Dispute the notice, with the reason (e.g. a licence)."""
    n = get_object_or_404(_notices(_user(request)), pk=notice_id)
    return _answer(lambda: services.dispute(n, request.auth, payload.reason))

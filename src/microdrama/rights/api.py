"""Rights API for rights holders: works, registration status, certificates and their proofs."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from microdrama.accounts.access import has_role
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import Role

from . import certificate, evidence, services
from .models import RegisteredEpisode, Work

router = Router(tags=["rights"])


def _require(request):
    if not has_role(request.auth, Role.COPYRIGHT_OFFICER, Role.APPLICANT):
        raise HttpError(403, "你的角色不能使用作品登记")
    return request.auth


class EpisodeOut(Schema):
    id: int
    number: int
    status: str
    progress: float
    sha256: str
    fingerprint_digest: str
    registered_at: datetime | None
    certificate_code: str
    evidence_index: int | None
    error: str


class WorkOut(Schema):
    id: int
    title: str
    owner: str
    filing_number: str
    source: str
    episodes: list[EpisodeOut]


class WorkIn(Schema):
    title: str
    filing_number: str = ""
    aliases: list[str] = []
    owner_id: int | None = None


def _episode(e: RegisteredEpisode) -> dict:
    return {"id": e.pk, "number": e.number, "status": e.status, "progress": e.progress, "sha256": e.sha256,
            "fingerprint_digest": e.fp_digest, "registered_at": e.registered_at,
            "certificate_code": str(e.certificate_code), "evidence_index": e.evidence.index if e.evidence else None,
            "error": e.error}


def _work(w: Work) -> dict:
    return {"id": w.pk, "title": w.title, "owner": w.owner.name, "filing_number": w.filing_number,
            "source": w.source, "episodes": [_episode(e) for e in w.episodes.select_related("evidence")]}


@router.get("/works", response=list[WorkOut])
def list_works(request):
    user = _require(request)
    return [_work(w) for w in Work.objects.visible_to(user).select_related("owner")]


@router.post("/works", response={201: WorkOut})
def create_work(request, payload: WorkIn):
    user = _require(request)
    owner = (Organisation.objects.filter(pk=payload.owner_id).first() if payload.owner_id else user.organisation)
    if owner is None:
        raise HttpError(422, "请指定权利人")
    try:
        work = services.create_work(user, owner, payload.title, payload.filing_number, payload.aliases)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, _work(work))


@router.get("/works/{work_id}", response=WorkOut)
def get_work(request, work_id: int):
    user = _require(request)
    return _work(get_object_or_404(Work.objects.visible_to(user).select_related("owner"), pk=work_id))


@router.get("/episodes/{episode_id}/certificate.pdf")
def episode_certificate(request, episode_id: int):
    """The registration certificate (PDF)."""
    user = _require(request)
    ep = get_object_or_404(RegisteredEpisode.objects.visible_to(user).select_related("work__owner", "evidence"),
                           pk=episode_id)
    if ep.evidence is None:
        raise HttpError(409, "该集尚未完成登记")
    return HttpResponse(certificate.render(ep), content_type="application/pdf")


@router.get("/certificates/{code}", auth=None)
def check_certificate(request, code: str):
    """Public: the certificate's entry, its inclusion proof and the result of checking them."""
    ep = RegisteredEpisode.objects.select_related("evidence").filter(certificate_code=code,
                                                                    evidence__isnull=False).first()
    if ep is None:
        raise HttpError(404, "证书不存在")
    proof = evidence.prove(ep.evidence).as_dict()
    return {"entry": json.loads(ep.evidence.data), "entry_data": ep.evidence.data, "proof": proof,
            "check": evidence.check_entry(ep.evidence.data, proof), "public_key": evidence.public_key_b64()}


@router.get("/log/head", auth=None)
def log_head(request):
    """Public: the latest signed tree head of the evidence log and the key to check it with."""
    head = evidence.latest_head()
    return {"size": head.size if head else 0, "root_hash": head.root_hash if head else None,
            "timestamp": head.timestamp.isoformat() if head else None, "signature": head.signature if head else None,
            "public_key": evidence.public_key_b64()}

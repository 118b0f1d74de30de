"""Talent centre endpoints under /api/v1/talent: search profiles, a profile (contact details only
for verified organisations), a drama's roles (from the AI lab's character bible), matches and the
shortlist. Another company's roles and shortlist answer 404."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from microdrama.filing.models import Drama

from .models import CastingRole, Enrolment, ShortlistEntry, TalentProfile
from .models.profiles import is_verified
from .services import casting
from .services.search import TalentQuery, search_profiles

router = Router(tags=["talent"])


class ProfileOut(Schema):
    id: int
    number: str
    name: str
    kind: str
    kind_label: str
    gender: str
    age_min: int | None
    age_max: int | None
    city: str
    headline: str
    languages: list[str]
    dialects: list[str]
    specialities: list[str]
    genres: list[str]
    certificates: list[str] = []
    credits: list[str] = []
    busy: list[list[date]] = []
    contact: dict | None = None


class ProfileFilters(Schema):
    kind: str = ""
    gender: str = ""
    age: int | None = None
    city: str = ""
    language: str = ""
    dialect: str = ""
    speciality: str = ""
    genre: str = ""
    q: str = ""
    free_from: date | None = None
    free_to: date | None = None
    limit: int = 50
    offset: int = 0


class RoleIn(Schema):
    name: str
    kind: str = "actor"
    description: str = ""
    gender: str = ""
    age: str = ""
    age_min: int | None = None
    age_max: int | None = None
    languages: list[str] = []
    dialects: list[str] = []
    specialities: list[str] = []


class RolesIn(Schema):
    roles: list[RoleIn]


class RoleOut(Schema):
    id: int
    drama_id: int
    name: str
    kind: str
    description: str
    gender: str
    age_min: int | None
    age_max: int | None
    languages: list[str]
    dialects: list[str]
    specialities: list[str]
    source: str


class MatchOut(Schema):
    profile_id: int
    number: str
    name: str
    score: int
    reasons: list[str]
    concerns: list[str]


class EntryIn(Schema):
    profile_id: int
    note: str = ""


class EntryOut(Schema):
    id: int
    role_id: int
    profile_id: int
    name: str
    status: str
    score: int
    reasons: list[str]
    note: str


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc


def _profile_out(p: TalentProfile, user, detail: bool = False) -> dict:
    out = {
        "id": p.pk,
        "number": p.number,
        "name": p.name,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "gender": p.gender,
        "age_min": p.age_min,
        "age_max": p.age_max,
        "city": p.city,
        "headline": p.headline,
        "languages": p.languages,
        "dialects": p.dialects,
        "specialities": p.specialities,
        "genres": p.genres,
    }
    if detail:
        out["certificates"] = [
            e.course.title for e in p.enrolments.all() if e.status == Enrolment.Status.COMPLETED
        ]
        out["credits"] = [str(c) for c in p.credits.all()]
        out["busy"] = [[b.start, b.end] for b in p.busy.all()]
        if is_verified(user) or p.user_id == user.pk:
            out["contact"] = {"phone": p.phone, "email": p.email, "wechat": p.wechat, "agent": p.agent}
    return out


def _role_out(r: CastingRole) -> dict:
    return {
        "id": r.pk,
        "drama_id": r.drama_id,
        "name": r.name,
        "kind": r.kind,
        "description": r.description,
        "gender": r.gender,
        "age_min": r.age_min,
        "age_max": r.age_max,
        "languages": r.languages,
        "dialects": r.dialects,
        "specialities": r.specialities,
        "source": r.source,
    }


def _entry_out(e: ShortlistEntry) -> dict:
    return {
        "id": e.pk,
        "role_id": e.role_id,
        "profile_id": e.profile_id,
        "name": e.profile.name,
        "status": e.status,
        "score": e.score,
        "reasons": e.reasons,
        "note": e.note,
    }


@router.get("/profiles", response=list[ProfileOut])
def list_profiles(request, filters: Query[ProfileFilters]):
    q = TalentQuery(
        kind=filters.kind,
        gender=filters.gender,
        age=filters.age,
        city=filters.city,
        language=filters.language,
        dialect=filters.dialect,
        speciality=filters.speciality,
        genre=filters.genre,
        text=filters.q,
        free_from=filters.free_from,
        free_to=filters.free_to,
    )
    rows = search_profiles(request.auth, q).order_by("number")[
        filters.offset : filters.offset + min(filters.limit, 200)
    ]
    return [_profile_out(p, request.auth) for p in rows]


@router.get("/profiles/{profile_id}", response=ProfileOut)
def get_profile(request, profile_id: int):
    """Contact details are present only for verified organisations (and the person)."""
    qs = TalentProfile.objects.visible_to(request.auth).prefetch_related(
        "tags", "credits", "busy", "enrolments__course"
    )
    return _profile_out(get_object_or_404(qs, pk=profile_id), request.auth, detail=True)


def _drama(request, drama_id: int) -> Drama:
    drama = get_object_or_404(Drama.objects.visible_to(request.auth), pk=drama_id)
    if drama.company_id != request.auth.organisation_id and not request.auth.is_platform_admin:
        raise HttpError(404, "Not Found")
    return drama


@router.get("/dramas/{drama_id}/roles", response=list[RoleOut])
def list_roles(request, drama_id: int):
    drama = _drama(request, drama_id)
    return [_role_out(r) for r in CastingRole.objects.visible_to(request.auth).filter(drama=drama)]


@router.post("/dramas/{drama_id}/roles", response={201: list[RoleOut]})
def put_roles(request, drama_id: int, payload: RolesIn):
    """Create or update roles by name (the AI lab's character bible); all or nothing."""
    drama = _drama(request, drama_id)
    roles = _call(
        casting.set_roles_from_dicts,
        request.auth,
        drama,
        [r.dict() for r in payload.roles],
        source=CastingRole.Source.AI_LAB,
    )
    return Status(201, [_role_out(r) for r in roles])


@router.post("/dramas/{drama_id}/roles/from-filing", response={201: list[RoleOut]})
def roles_from_filing(request, drama_id: int):
    drama = _drama(request, drama_id)
    return Status(201, [_role_out(r) for r in _call(casting.roles_from_filing, request.auth, drama)])


@router.get("/roles/{role_id}/matches", response=list[MatchOut])
def matches(request, role_id: int, limit: int = 20):
    role = get_object_or_404(CastingRole.objects.visible_to(request.auth).select_related("drama"), pk=role_id)
    found = _call(casting.match_role, request.auth, role, limit=min(limit, 100))
    return [
        {
            "profile_id": p.pk,
            "number": p.number,
            "name": p.name,
            "score": m.score,
            "reasons": m.reasons,
            "concerns": m.concerns,
        }
        for p, m in found
    ]


@router.get("/roles/{role_id}/shortlist", response=list[EntryOut])
def shortlist(request, role_id: int):
    role = get_object_or_404(CastingRole.objects.visible_to(request.auth), pk=role_id)
    return [_entry_out(e) for e in role.entries.select_related("profile")]


@router.post("/roles/{role_id}/shortlist", response={201: EntryOut})
def add_entry(request, role_id: int, payload: EntryIn):
    role = get_object_or_404(CastingRole.objects.visible_to(request.auth).select_related("drama"), pk=role_id)
    profile = get_object_or_404(TalentProfile.objects.visible_to(request.auth), pk=payload.profile_id)
    return Status(201, _entry_out(_call(casting.add_to_shortlist, request.auth, role, profile, payload.note)))

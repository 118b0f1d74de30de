"""Casting for a drama: its roles, matching profiles to a role, and the shortlist per role.

Roles arrive as plain dicts, so the AI lab can pass its character bible without knowing any model:

    set_roles_from_dicts(user, drama, [
        {"name": "林晚", "description": "瓷厂女工，倔强", "gender": "女", "age": "22-28",
         "dialects": ["景德镇话"], "specialities": ["拉坯"], "kind": "actor"},
    ], source="ai_lab")

`name` is required; `kind` defaults to actor (code or label, e.g. "演员"); `gender` is 男/女/male/
female or empty; the age is `age_min`/`age_max` or an "a-b" string; tag lists may be lists or
strings separated by 、 or commas. Roles are matched by name, so sending the bible again updates it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama, DramaCreator

from ..matching import Candidate, Match, RoleSpec, rank
from ..models import CastingRole, Enrolment, Shortlist, ShortlistEntry, TalentKind, TalentProfile
from ..models.profiles import Gender
from .profiles import clean_tags

MAX_ROLES = 100


def _check_company(user, drama: Drama) -> None:
    org = getattr(user, "organisation", None)
    ok = (
        org is not None
        and org.kind == OrgKind.PRODUCTION
        and user.has_role(Role.APPLICANT, Role.CREATOR)
        and drama.company_id == org.pk
    )
    if not (ok or getattr(user, "is_platform_admin", False)):
        raise PermissionDenied(_("只能为本机构的剧目选角"))


def shortlist_for(user, drama: Drama) -> Shortlist:
    _check_company(user, drama)
    shortlist, created = Shortlist.objects.get_or_create(
        drama=drama, defaults={"company": drama.company, "created_by": user}
    )
    if created or not shortlist.shoot_start:
        window = shooting_window(drama)
        if window:
            shortlist.shoot_start, shortlist.shoot_end = window
            shortlist.save(update_fields=["shoot_start", "shoot_end"])
    return shortlist


def shooting_window(drama: Drama) -> tuple[date, date] | None:
    """The drama's shooting days as booked at the shooting base, if any (held or confirmed)."""
    from microdrama.locations.services.bookings import shooting_window as booked_window

    return booked_window(drama)


def set_window(
    user, shortlist: Shortlist, start: date | None, end: date | None, notes: str | None = None
) -> Shortlist:
    _check_company(user, shortlist.drama)
    if start and end and end < start:
        raise ValidationError(_("杀青日期不能早于开机日期"))
    shortlist.shoot_start, shortlist.shoot_end = start, end or start
    if notes is not None:
        shortlist.notes = notes[:3000]
    shortlist.save()
    return shortlist


def _kind(value) -> str:
    value = str(value or "").strip()
    if not value:
        return TalentKind.ACTOR
    for code, label in TalentKind.choices:
        if value.lower() == code or value == str(label):
            return code
    raise ValidationError(_("未知的人才类别“%(v)s”") % {"v": value})


def _gender(value) -> str:
    value = str(value or "").strip().lower()
    mapping = {
        "": "",
        "男": Gender.MALE,
        "male": Gender.MALE,
        "m": Gender.MALE,
        "女": Gender.FEMALE,
        "female": Gender.FEMALE,
        "f": Gender.FEMALE,
        "不限": "",
    }
    if value not in mapping:
        raise ValidationError(_("性别应为 男、女 或留空，而不是“%(v)s”") % {"v": value})
    return mapping[value]


def _ages(raw: dict) -> tuple[int | None, int | None]:
    lo, hi = raw.get("age_min"), raw.get("age_max")
    if raw.get("age") not in (None, "") and lo in (None, "") and hi in (None, ""):
        numbers = [int(n) for n in re.findall(r"\d+", str(raw["age"]))]
        if not numbers:
            raise ValidationError(_("年龄“%(v)s”看不懂，请写成 20-28") % {"v": raw["age"]})
        lo, hi = numbers[0], numbers[-1]
    try:
        lo = None if lo in (None, "") else int(lo)
        hi = None if hi in (None, "") else int(hi)
    except (TypeError, ValueError):
        raise ValidationError(_("年龄应为整数")) from None
    for n in (lo, hi):
        if n is not None and not 0 <= n <= 100:
            raise ValidationError(_("年龄应在 0 到 100 之间"))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def normalise_role(raw: dict) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("角色须为键值对"))
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValidationError(_("缺少角色名"))
    if len(name) > 40:
        raise ValidationError(_("角色名不能超过 40 个字"))
    age_min, age_max = _ages(raw)
    return {
        "name": name,
        "kind": _kind(raw.get("kind")),
        "gender": _gender(raw.get("gender")),
        "description": str(raw.get("description") or "").strip()[:300],
        "age_min": age_min,
        "age_max": age_max,
        "languages": clean_tags(raw.get("languages") or []),
        "dialects": clean_tags(raw.get("dialects") or []),
        "specialities": clean_tags(raw.get("specialities") or []),
        "filed_name": str(raw.get("filed_name") or "").strip()[:40],
    }


def set_roles_from_dicts(
    user, drama: Drama, roles: list[dict], source: str = CastingRole.Source.AI_LAB
) -> list[CastingRole]:
    """Create or update a drama's roles from plain dicts (see the module docstring); all or nothing."""
    _check_company(user, drama)
    if not isinstance(roles, list) or not roles:
        raise ValidationError(_("角色清单是空的"))
    if len(roles) > MAX_ROLES:
        raise ValidationError(_("一次最多 %(n)s 个角色") % {"n": MAX_ROLES})
    clean, problems = [], []
    for i, raw in enumerate(roles, start=1):
        try:
            clean.append(normalise_role(raw))
        except ValidationError as exc:
            problems.append(_("第 %(i)s 个角色：%(e)s") % {"i": i, "e": "；".join(exc.messages)})
    if problems:
        raise ValidationError(problems)
    out = []
    with transaction.atomic():
        start = drama.casting_roles.count()
        for i, fields in enumerate(clean):
            role, created = CastingRole.objects.update_or_create(
                drama=drama, name=fields["name"], defaults={**fields, "source": source}
            )
            if created:
                role.order = start + i
                role.save(update_fields=["order"])
            out.append(role)
    return out


def roles_from_filing(user, drama: Drama) -> list[CastingRole]:
    """One role per character the filed leads play (主演 with 饰演角色), naming the filed actor."""
    _check_company(user, drama)
    leads = DramaCreator.objects.filter(drama=drama, role=DramaCreator.Role.LEAD).exclude(character="")
    dicts = [
        {"name": c.character, "filed_name": c.name, "description": _("备案主演：%(n)s") % {"n": c.name}}
        for c in leads
    ]
    if not dicts:
        raise ValidationError(_("备案材料里没有填写主演饰演的角色，请手工添加角色"))
    existing = set(drama.casting_roles.values_list("name", flat=True))
    fresh = [d for d in dicts if d["name"] not in existing]
    return set_roles_from_dicts(user, drama, fresh, source=CastingRole.Source.FILING) if fresh else []


def save_role(user, role: CastingRole) -> CastingRole:
    _check_company(user, role.drama)
    role.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            if not role.pk:
                role.order = role.drama.casting_roles.count()
            role.save()
    except IntegrityError:
        raise ValidationError(_("本剧已有名为“%(n)s”的角色") % {"n": role.name}) from None
    return role


def delete_role(user, role: CastingRole) -> None:
    _check_company(user, role.drama)
    role.delete()


def role_spec(role: CastingRole, shortlist: Shortlist | None) -> RoleSpec:
    window = None
    if shortlist and shortlist.shoot_start:
        window = (shortlist.shoot_start, shortlist.shoot_end or shortlist.shoot_start)
    return RoleSpec(
        kind=role.kind,
        gender=role.gender,
        age_min=role.age_min,
        age_max=role.age_max,
        languages=tuple(role.languages),
        dialects=tuple(role.dialects),
        specialities=tuple(role.specialities),
        genre=role.drama.genre,
        genre_label=role.drama.get_genre_display(),
        window=window,
        filed_name=role.filed_name,
    )


def candidates(user, kind: str) -> list[Candidate]:
    """The published profiles of a kind, as plain data for the matcher (a handful of queries)."""
    profiles = (
        TalentProfile.objects.visible_to(user)
        .published()
        .filter(kind=kind)
        .prefetch_related(
            "tags",
            "busy",
            Prefetch("credits__drama"),
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related("course"),
                to_attr="completed",
            ),
        )
    )
    out = []
    for p in profiles:
        credits = list(p.credits.all())
        out.append(
            Candidate(
                id=p.pk,
                name=p.name,
                kind=p.kind,
                gender=p.gender,
                age_min=p.age_min,
                age_max=p.age_max,
                languages=tuple(p.languages),
                dialects=tuple(p.dialects),
                specialities=tuple(p.specialities),
                genres=tuple(p.genres),
                credit_genres=tuple(c.drama.genre for c in credits if c.drama),
                credits=len(credits),
                busy=tuple((b.start, b.end) for b in p.busy.all()),
                certificates=tuple(e.course.title for e in p.completed),
            )
        )
    return out


def match_role(user, role: CastingRole, limit: int = 20) -> list[tuple[TalentProfile, Match]]:
    """The best-matching profiles for a role, with the reasons, best first."""
    _check_company(user, role.drama)
    shortlist = Shortlist.objects.filter(drama=role.drama).first()
    matches = rank(role_spec(role, shortlist), candidates(user, role.kind), limit=limit)
    profiles = TalentProfile.objects.in_bulk([m.candidate.id for m in matches])
    return [(profiles[m.candidate.id], m) for m in matches]


def add_to_shortlist(user, role: CastingRole, profile: TalentProfile, note: str = "") -> ShortlistEntry:
    _check_company(user, role.drama)
    if not TalentProfile.objects.visible_to(user).published().filter(pk=profile.pk).exists():
        raise ValidationError(_("该人才档案不存在或未公开"))
    if profile.kind != role.kind:
        raise ValidationError(
            _("%(n)s 是%(k)s，与角色所需不符") % {"n": profile.name, "k": profile.get_kind_display()}
        )
    shortlist = shortlist_for(user, role.drama)
    found = [
        m
        for m in rank(
            role_spec(role, shortlist), [c for c in candidates(user, role.kind) if c.id == profile.pk]
        )
    ]
    score, lines = (found[0].score, found[0].lines) if found else (0, [])
    try:
        with transaction.atomic():
            return ShortlistEntry.objects.create(
                role=role, profile=profile, score=score, reasons=lines, note=(note or "")[:200], added_by=user
            )
    except IntegrityError:
        raise ValidationError(
            _("%(n)s 已在“%(r)s”的候选名单中") % {"n": profile.name, "r": role.name}
        ) from None


def update_entry(
    user, entry: ShortlistEntry, status: str | None = None, note: str | None = None
) -> ShortlistEntry:
    _check_company(user, entry.role.drama)
    if status is not None:
        if status not in ShortlistEntry.Status.values:
            raise ValidationError(_("未知的进展"))
        if (
            status == ShortlistEntry.Status.CONFIRMED
            and entry.role.entries.filter(status=ShortlistEntry.Status.CONFIRMED)
            .exclude(pk=entry.pk)
            .exists()
        ):
            raise ValidationError(_("角色“%(r)s”已有确定人选，请先改掉原人选的进展") % {"r": entry.role.name})
        entry.status = status
    if note is not None:
        entry.note = note[:200]
    entry.save()
    return entry


def remove_entry(user, entry: ShortlistEntry) -> None:
    _check_company(user, entry.role.drama)
    entry.delete()


def export_shortlist(shortlist: Shortlist) -> bytes:
    """The shortlist as CSV (UTF-8 with BOM for Excel): one row per candidate."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["角色", "人才编号", "姓名", "类别", "可饰年龄", "城市", "进展", "匹配分", "匹配理由", "备注"])
    entries = (
        ShortlistEntry.objects.filter(role__drama=shortlist.drama)
        .select_related("role", "profile")
        .order_by("role__order", "-score")
    )
    for e in entries:
        w.writerow(
            [
                e.role.name,
                e.profile.number,
                e.profile.name,
                e.profile.get_kind_display(),
                e.profile.age_range,
                e.profile.city,
                e.get_status_display(),
                e.score,
                "；".join(e.reasons),
                e.note,
            ]
        )
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")

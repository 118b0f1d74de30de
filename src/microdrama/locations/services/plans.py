"""Shooting plans: from a drama's scene list to strips on a stripboard, suggested sets, and booking
every strip in one go.

The scene list is plain data, so the AI lab can hand over its shot list without knowing any model:

    plan_from_scenes(user, drama, [
        {"set_type": "80年代筒子楼", "description": "母女争吵", "scene_count": 3, "minutes": 4.5, "kind": "年代"},
        {"set_type": "医院", "description": "急诊室重逢", "scene_count": 2},
    ], start_date=date(2026, 6, 1))

`set_type` is required; `kind` (code such as "period" or label such as "年代") is inferred from the
sets of that type when missing; `scene_count` defaults to 1; `minutes` is the finished duration.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microdrama.filing.models import Drama

from ..models import Booking, PlanGroup, PlanScene, Set, SetKind, ShootingPlan, Slot
from .availability import occupancy
from .bookings import can_book, request_booking

# Production pace assumptions: a micro-drama crew finishes about 8 scenes or 6 minutes of cut per half-day.
SCENES_PER_HALF_DAY = 8
MINUTES_PER_HALF_DAY = Decimal("6")
MAX_SCENES = 500
# When no set of a type exists yet, these words in a set type suggest its kind.
KIND_HINTS = [
    (("宫", "殿", "古街", "客栈", "府", "衙", "庙", "江湖", "王朝", "皇", "书院", "酒楼"), SetKind.COSTUME),
    (("年代", "筒子楼", "民国", "供销社", "知青", "老厂", "弄堂", "大院"), SetKind.PERIOD),
    (("绿幕", "虚拟", "LED", "棚"), SetKind.VIRTUAL),
    (("欧式", "海外", "异国", "教堂", "庄园", "唐人街", "西式"), SetKind.OVERSEAS),
]


def _kind_from(value) -> str | None:
    value = str(value or "").strip()
    if not value:
        return ""
    for code, label in SetKind.choices:
        if value.lower() == code or value == str(label) or value == str(label).rstrip("装"):
            return code
    return None


def infer_kind(set_type: str) -> str:
    """The kind most sets of this type have; else a hint from the words; else modern."""
    counts = Counter(Set.objects.filter(set_type=set_type).values_list("kind", flat=True))
    if counts:
        return counts.most_common(1)[0][0]
    for words, kind in KIND_HINTS:
        if any(w.lower() in set_type.lower() for w in words):
            return kind
    return SetKind.MODERN


def normalise_scenes(scenes: list[dict]) -> list[dict]:
    """Check a scene list given as dicts; every bad item is named in one error."""
    if not isinstance(scenes, list) or not scenes:
        raise ValidationError(_("场景清单是空的"), code="empty")
    if len(scenes) > MAX_SCENES:
        raise ValidationError(_("场景清单超过 %(n)s 条") % {"n": MAX_SCENES}, code="too_many")
    clean, problems = [], []
    for i, raw in enumerate(scenes, start=1):
        if not isinstance(raw, dict):
            problems.append(_("第 %(i)s 条不是场景") % {"i": i})
            continue
        set_type = str(raw.get("set_type") or "").strip()
        kind = _kind_from(raw.get("kind"))
        errs = []
        if not set_type:
            errs.append(_("缺少场景类型"))
        elif len(set_type) > 30:
            errs.append(_("场景类型不能超过 30 个字"))
        if kind is None:
            errs.append(_("类别“%(v)s”不对") % {"v": raw.get("kind")})
        try:
            count = int(raw.get("scene_count") or 1)
            if count < 1 or count > 500:
                raise ValueError
        except (TypeError, ValueError):
            errs.append(_("场次应为 1 到 500 的整数"))
            count = 1
        minutes = raw.get("minutes")
        if minutes in (None, ""):
            minutes = None
        else:
            try:
                minutes = Decimal(str(minutes)).quantize(Decimal("0.1"))
                if minutes <= 0 or minutes > 600:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                errs.append(_("时长应为正数（分钟）"))
                minutes = None
        if errs:
            problems.append(_("第 %(i)s 条：%(errs)s") % {"i": i, "errs": "；".join(errs)})
            continue
        clean.append(
            {
                "set_type": set_type,
                "kind": kind or infer_kind(set_type),
                "description": str(raw.get("description") or "").strip()[:200],
                "scene_count": count,
                "minutes": minutes,
            }
        )
    if problems:
        raise ValidationError(problems, code="scenes")
    return clean


def parse_scene_text(text: str) -> list[dict]:
    """Lines pasted from a spreadsheet or typed: 场景类型，描述，场次，时长（分钟），类别 — the last
    three optional; tab, comma or | separates."""
    scenes = []
    for line in (text or "").splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = [p.strip() for p in re.split(r"\t|,|，|\|", line)]
        if parts and parts[0] in {"场景类型", "set_type"}:
            continue  # a header row
        parts += [""] * (5 - len(parts))
        count = re.sub(r"[场次\s]", "", parts[2])
        minutes = re.sub(r"[分钟\s]|min", "", parts[3])
        scenes.append(
            {
                "set_type": parts[0],
                "description": parts[1],
                "scene_count": count or 1,
                "minutes": minutes,
                "kind": parts[4],
            }
        )
    return scenes


def scenes_as_text(plan: ShootingPlan) -> str:
    labels = dict(SetKind.choices)
    return "\n".join(
        "，".join(
            [
                s.set_type,
                s.description,
                str(s.scene_count),
                "" if s.minutes is None else str(s.minutes),
                str(labels.get(s.kind, "")),
            ]
        )
        for s in plan.scenes.all()
    )


def half_days_for(scene_count: int, minutes: Decimal) -> int:
    by_scenes = scene_count / SCENES_PER_HALF_DAY
    by_minutes = float(minutes / MINUTES_PER_HALF_DAY) if minutes else 0
    return max(1, math.ceil(max(by_scenes, by_minutes)))


def _check_company(user, drama: Drama) -> None:
    if not can_book(user) or drama.company_id != user.organisation_id:
        raise PermissionDenied(_("只能为本机构的剧目制定拍摄计划"))


def plan_from_scenes(
    user,
    drama: Drama,
    scenes: list[dict],
    *,
    start_date: date,
    title: str = "",
    preferred_city: str = "",
    source: str = ShootingPlan.Source.TYPED,
) -> ShootingPlan:
    """Create a plan from a scene list (dicts, see the module docstring), grouped and scheduled."""
    _check_company(user, drama)
    clean = normalise_scenes(scenes)
    if start_date < timezone.localdate():
        raise ValidationError(_("开机日期不能早于今天"), code="past")
    with transaction.atomic():
        plan = ShootingPlan.objects.create(
            drama=drama,
            company=drama.company,
            created_by=user,
            start_date=start_date,
            source=source,
            title=(title or "").strip()[:60] or _("《%(title)s》拍摄计划") % {"title": drama.title},
            preferred_city=(preferred_city or "").strip()[:20],
        )
        _store_scenes(plan, clean)
    return plan


def replace_scenes(plan: ShootingPlan, user, scenes: list[dict]) -> ShootingPlan:
    _check_company(user, plan.drama)
    clean = normalise_scenes(scenes)
    with transaction.atomic():
        if any(g.active_booking for g in plan.groups.prefetch_related("bookings")):
            raise ValidationError(_("计划中已有预订，请先取消预订再修改场景清单"), code="booked")
        plan.scenes.all().delete()
        plan.groups.all().delete()
        _store_scenes(plan, clean)
    return plan


def _store_scenes(plan: ShootingPlan, clean: list[dict]) -> None:
    groups: dict[tuple[str, str], PlanGroup] = {}
    totals: dict[tuple[str, str], list] = {}
    for i, scene in enumerate(clean):
        key = (scene["kind"], scene["set_type"])
        if key not in groups:
            groups[key] = PlanGroup(
                plan=plan,
                order=len(groups),
                kind=scene["kind"],
                set_type=scene["set_type"],
                half_days=1,
                start_date=plan.start_date,
            )
            totals[key] = [0, Decimal("0")]
        totals[key][0] += scene["scene_count"]
        totals[key][1] += scene["minutes"] or 0
        scene["_key"], scene["_order"] = key, i
    for key, group in groups.items():
        group.half_days = half_days_for(*totals[key])
        group.save()
    PlanScene.objects.bulk_create(
        [
            PlanScene(
                plan=plan,
                group=groups[s["_key"]],
                order=s["_order"],
                kind=s["kind"],
                set_type=s["set_type"],
                description=s["description"],
                scene_count=s["scene_count"],
                minutes=s["minutes"],
            )
            for s in clean
        ]
    )
    schedule(plan)


def schedule(plan: ShootingPlan) -> None:
    """Lay the strips end to end from the plan's start, in strip order, skipping none."""
    day, slot = plan.start_date, Slot.AM
    for group in plan.groups.order_by("order", "pk"):
        group.start_date, group.start_slot = day, slot
        group.save(update_fields=["start_date", "start_slot"])
        end_day, end_slot = group.slots[-1]
        day, slot = (end_day, Slot.PM) if end_slot == Slot.AM else (end_day + timedelta(days=1), Slot.AM)


def update_group(
    group: PlanGroup, user, *, half_days: int | None = None, order: int | None = None
) -> PlanGroup:
    """Change a strip's length or position and lay the stripboard out again."""
    _check_company(user, group.plan.drama)
    if group.active_booking:
        raise ValidationError(_("该条已预订，请先取消预订再调整"), code="booked")
    if half_days is not None:
        if not 1 <= half_days <= 60:
            raise ValidationError(_("所需半天数应在 1 到 60 之间"), code="half_days")
        group.half_days = half_days
        group.save(update_fields=["half_days"])
    if order is not None:  # move the strip to position `order`, the others keep their sequence
        others = [g for g in group.plan.groups.order_by("order", "pk") if g.pk != group.pk]
        others.insert(max(0, min(order, len(others))), group)
        for i, g in enumerate(others):
            PlanGroup.objects.filter(pk=g.pk).update(order=i)
    if not any(g.active_booking for g in group.plan.groups.prefetch_related("bookings")):
        schedule(group.plan)
    group.refresh_from_db()
    return group


@dataclass
class Suggestion:
    set: Set
    price: Decimal
    score: int
    reasons: list[str] = field(default_factory=list)


def suggest_sets(group: PlanGroup, user, limit: int = 5) -> list[Suggestion]:
    """Bookable sets of the strip's kind that are free on all its half-days, best match first."""
    from .bookings import price_for

    slots = group.slots
    candidates = Set.objects.visible_to(user).bookable().select_related("base").prefetch_related("photos")
    if group.kind:
        candidates = candidates.filter(kind=group.kind)
    candidates = list(candidates)
    taken = occupancy([s.pk for s in candidates], slots[0][0], slots[-1][0])
    wanted = group.set_type.strip()
    city = group.plan.preferred_city
    out = []
    for s in candidates:
        if any(slot in taken.get(s.pk, {}) for slot in slots):
            continue
        reasons, score = [], 0
        if s.set_type == wanted:
            score += 60
            reasons.append(_("类型一致：%(t)s") % {"t": s.set_type})
        elif wanted and (wanted in s.set_type or s.set_type in wanted):
            score += 40
            reasons.append(_("类型相近：%(t)s") % {"t": s.set_type})
        else:
            reasons.append(_("同类别可改景：%(t)s") % {"t": s.set_type})
        if city and s.base.city == city:
            score += 20
            reasons.append(_("在%(city)s") % {"city": city})
        reasons.append(_("全部 %(n)s 个半天空闲") % {"n": len(slots)})
        out.append(Suggestion(s, price_for(s, slots), score, reasons))
    out.sort(key=lambda x: (-x.score, x.price, x.set.code))
    return out[:limit]


def book_plan(
    plan: ShootingPlan, user, choices: dict[int, int] | None = None, note: str = ""
) -> list[Booking]:
    """Request every unbooked strip on its chosen set, all or nothing: one conflict books none."""
    _check_company(user, plan.drama)
    choices = choices or {}
    groups = list(plan.groups.select_related("chosen_set").prefetch_related("bookings"))
    todo = [g for g in groups if not g.active_booking]
    if not todo:
        raise ValidationError(_("计划中的每一条都已预订"), code="nothing")
    problems, bookings = [], []
    with transaction.atomic():
        for group in todo:
            set_id = choices.get(group.pk) or group.chosen_set_id
            label = f"{group.get_kind_display() or ''}·{group.set_type}"
            if not set_id:
                problems.append(_("%(group)s：请选择场景") % {"group": label})
                continue
            set_obj = Set.objects.visible_to(user).filter(pk=set_id).select_related("base").first()
            if set_obj is None:
                problems.append(_("%(group)s：场景不存在") % {"group": label})
                continue
            group.chosen_set = set_obj
            group.save(update_fields=["chosen_set"])
            try:
                bookings.append(
                    request_booking(
                        user,
                        set_obj,
                        plan.drama,
                        group.slots,
                        note or _("拍摄计划：%(plan)s") % {"plan": plan.title},
                        plan_group=group,
                    )
                )
            except ValidationError as exc:
                problems.append(
                    _("%(group)s：%(error)s") % {"group": label, "error": "；".join(exc.messages)}
                )
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ValidationError(problems, code="plan")
    return bookings

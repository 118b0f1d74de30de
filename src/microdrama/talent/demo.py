"""Demo talent centre: about 120 people from Jiangxi's cities and universities (names generated from a
seed, so every load makes the same people), their tags, credits (linked to the filed demo dramas
where the filing materials name them), busy periods, six courses run with partner platforms and
universities with sessions, attendance and certificates, and a casting sheet for one drama.

All names are fictional. Profiles are matched by number, courses by code, so loading twice changes
nothing; attendance and casting are only seeded where there is none yet."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from microdrama.accounts.models import Organisation, User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Drama, DramaCreator

from .models import (
    CastingRole,
    Course,
    Credit,
    Enrolment,
    Session,
    ShortlistEntry,
    TagCategory,
    TalentKind,
    TalentProfile,
    Unavailability,
)
from .services import casting, training
from .services.profiles import number_prefix, set_tags

DATA = json.loads((Path(__file__).resolve().parent / "data" / "demo_pool.json").read_text(encoding="utf-8"))
SURNAMES = list(DATA["surnames"])
GIVEN_F, GIVEN_M = DATA["given_female"], DATA["given_male"]
CITIES, CITY_DIALECT, SCHOOLS = DATA["cities"], DATA["city_dialect"], DATA["schools"]
SPECIALITIES, CREW_SKILLS, PAST_WORKS = DATA["specialities"], DATA["crew_skills"], DATA["past_works"]
KIND_COUNTS = [(kind, n) for kind, n in DATA["kind_counts"]]
# People whom the filed demo dramas name as leads, directors or writers: (name, kind, gender, age).
FILED_PEOPLE = [tuple(p) for p in DATA["filed_people"]]
COURSES = DATA["courses"]
GENRES = [g for g, _label in Drama.Genre.choices if g != "other"]


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def _people() -> list[dict]:
    """The pool as plain dicts, the same on every load."""
    rng = _rng("talent-pool")
    used: set[str] = set()
    out = []
    for name, kind, gender, age in FILED_PEOPLE:
        used.add(name)
        out.append({"name": name, "kind": kind, "gender": gender, "age": age})
    for kind, count in KIND_COUNTS:
        existing = sum(1 for p in out if p["kind"] == kind)
        for _i in range(count - existing):
            gender = rng.choice(["female", "male"])
            while True:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN_F if gender == "female" else GIVEN_M)
                if name not in used:
                    break
            used.add(name)
            age = rng.randint(18, 58) if kind == TalentKind.ACTOR else rng.randint(23, 55)
            out.append({"name": name, "kind": kind, "gender": gender, "age": age})
    for i, p in enumerate(out):
        r = _rng(f"person-{p['name']}")
        p["city"] = "南昌" if i < len(FILED_PEOPLE) else r.choice(CITIES)
        p["school"] = r.choice(SCHOOLS)
        same_kind = sum(1 for q in out[:i] if q["kind"] == p["kind"])
        p["number"] = f"{number_prefix(p['kind'])}{same_kind + 1:04d}"
        p["r"] = r
    return out


def _tags(p: dict) -> dict[str, list[str]]:
    r: random.Random = p["r"]
    languages = ["普通话"] + (["英语"] if r.random() < 0.35 else []) + (["粤语"] if r.random() < 0.08 else [])
    dialects = [CITY_DIALECT[p["city"]]] if r.random() < 0.8 else []
    if r.random() < 0.2:
        dialects.append(r.choice(["客家话", "南昌话", "四川话", "东北话", "吴语"]))
    if p["kind"] == TalentKind.ACTOR:
        specialities = r.sample(SPECIALITIES, r.randint(1, 4))
    else:
        specialities = r.sample(CREW_SKILLS[p["kind"]], min(2, len(CREW_SKILLS[p["kind"]])))
    return {
        TagCategory.LANGUAGE: languages,
        TagCategory.DIALECT: list(dict.fromkeys(dialects)),
        TagCategory.SPECIALITY: specialities,
        TagCategory.GENRE: r.sample(GENRES, r.randint(1, 3)),
    }


def load() -> dict[str, int]:
    centre = Organisation.objects.filter(kind=OrgKind.TALENT_CENTRE).order_by("pk").first()
    officer = User.objects.filter(organisation=centre, role_grants__role=Role.TALENT_OFFICER).first()
    if officer is None:
        return {"talent_profiles": 0}
    today = timezone.localdate()
    people = _people()
    profiles = {}
    fresh = []
    for p in people:
        r: random.Random = p["r"]
        is_actor = p["kind"] == TalentKind.ACTOR
        profile, created = TalentProfile.objects.get_or_create(
            number=p["number"],
            defaults={
                "name": p["name"],
                "kind": p["kind"],
                "gender": p["gender"],
                "birth_year": today.year - p["age"],
                "age_min": max(16, p["age"] - r.randint(2, 5)) if is_actor else None,
                "age_max": p["age"] + r.randint(2, 5) if is_actor else None,
                "height_cm": (r.randint(158, 172) if p["gender"] == "female" else r.randint(170, 186))
                if is_actor
                else None,
                "city": p["city"],
                "school": p["school"],
                "headline": f"{p['school']}毕业，{p['city']}本地{TalentKind(p['kind']).label}",
                "bio": f"毕业于{p['school']}，常驻{p['city']}，参与过多部微短剧拍摄。",
                "phone": f"1{r.choice('3578')}{r.randint(100000000, 999999999)}",
                "email": f"rc{hashlib.md5(p['number'].encode()).hexdigest()[:8]}@talent.example.cn",
                "wechat": f"wx_{hashlib.md5(p['name'].encode()).hexdigest()[:8]}",
                "agent": r.choice(["", "", "赣江星光经纪", "洪城艺人经纪"]) if is_actor else "",
                "status": TalentProfile.Status.HIDDEN
                if r.random() < 0.04
                else TalentProfile.Status.PUBLISHED,
            },
        )
        profiles[p["number"]] = profile
        if created:
            fresh.append((profile, p))
    for profile, p in fresh:
        r = p["r"]
        set_tags(profile, _tags(p))
        for _n in range(r.randint(0, 4)):
            Credit.objects.create(
                profile=profile,
                title=r.choice(PAST_WORKS),
                year=r.randint(2021, today.year),
                position="主演"
                if profile.kind == TalentKind.ACTOR and r.random() < 0.4
                else ("配角" if profile.kind == TalentKind.ACTOR else profile.get_kind_display()),
            )
        if r.random() < 0.3:
            start = today + timedelta(days=r.randint(-10, 40))
            Unavailability.objects.create(
                profile=profile,
                start=start,
                end=start + timedelta(days=r.randint(3, 20)),
                note=r.choice(["外地拍摄", "已签约剧组", "学业考试", "进组拍摄"]),
            )
    _link_filed_credits(profiles)
    _person_account(profiles)
    courses = _courses(officer, list(profiles.values()), today)
    _casting()
    return {
        "talent_profiles": len(profiles),
        "courses": courses,
        "certificates": Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).count(),
    }


def _link_filed_credits(profiles: dict[str, TalentProfile]) -> None:
    """Credits for the filed dramas that name people in the pool (the portfolio link to the hub)."""
    by_name = {p.name: p for p in profiles.values()}
    for creator in DramaCreator.objects.filter(name__in=by_name).select_related("drama"):
        profile = by_name[creator.name]
        if not profile.credits.filter(drama=creator.drama).exists():
            Credit.objects.create(
                profile=profile,
                drama=creator.drama,
                title=creator.drama.title,
                position=creator.get_role_display(),
                character=creator.character,
                year=creator.drama.created_at.year,
            )


def _person_account(profiles: dict[str, TalentProfile]) -> None:
    """One person who looks after their own profile: the actor 苏晚 logs in as `actor`."""
    profile = next((p for p in profiles.values() if p.name == "苏晚"), None)
    if profile is None or profile.user_id:
        return
    user, created = User.objects.get_or_create(
        username="actor", defaults={"display_name": "苏晚", "email": "actor@demo.example.cn"}
    )
    if created:
        user.set_password(settings.MICRODRAMA["demo_password"])
        user.save()
    if not TalentProfile.objects.filter(user=user).exists():
        profile.user = user
        profile.save(update_fields=["user"])


def _courses(officer: User, pool: list[TalentProfile], today) -> int:
    tz = timezone.get_current_timezone()
    for c in COURSES:
        code, title, category, school, hours = c["code"], c["title"], c["category"], c["school"], c["hours"]
        capacity, status, first, topics = c["capacity"], c["status"], c["first_session_day"], c["topics"]
        partner = Organisation.objects.filter(name=c["partner"]).first() if c["partner"] else None
        course, created = Course.objects.get_or_create(code=code, defaults={
            "title": title, "category": category, "partner_name": school, "hours": hours, "capacity": capacity,
            "status": status, "partner": partner,
            "description": f"人才中心联合{school}{'与合作平台' if partner else ''}开展的实训课程，{hours} 学时，"
            f"出勤 80% 以上颁发结业证书。",
        })  # fmt: skip
        if not created:
            continue
        r = _rng(code)
        for i, topic in enumerate(topics):
            day = today + timedelta(days=first + i * 7 if len(topics) > 5 else first + i * 4)
            start = datetime.combine(day, time(14, 0) if i % 2 else time(9, 0), tz)
            Session.objects.create(
                course=course,
                topic=topic,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                venue=f"{school} 实训楼 {r.randint(101, 420)}",
                teacher=r.choice(["周远", "林默", "江河", "叶知秋", "孟青", "唐一舟", "邵华"]),
            )
        wanted = [p for p in pool if _course_fits(category, p)]
        r.shuffle(wanted)
        for profile in wanted[: max(1, capacity - r.randint(0, 6))]:
            Enrolment.objects.create(course=course, profile=profile)
        past = [s for s in course.sessions.all() if s.starts_at <= timezone.now()]
        for session in past:
            present = {e.pk for e in course.enrolments.all() if r.random() < 0.9}
            training.record_attendance(officer, session, present)
        if status == Course.Status.FINISHED:
            last = max(s.starts_at for s in course.sessions.all())
            for e in course.enrolments.all():
                if training.progress(e).eligible:
                    training.complete(officer, e, on=timezone.localtime(last).date())
    return Course.objects.count()


def _course_fits(category: str, p: TalentProfile) -> bool:
    return {
        Course.Category.ACTING: p.kind == TalentKind.ACTOR,
        Course.Category.WRITING: p.kind
        in (TalentKind.SCREENWRITER, TalentKind.DIRECTOR, TalentKind.AI_CREATOR),
        Course.Category.AI: p.kind
        in (
            TalentKind.AI_CREATOR,
            TalentKind.EDITOR,
            TalentKind.POST_PRODUCTION,
            TalentKind.SCREENWRITER,
            TalentKind.DIRECTOR,
            TalentKind.ACTOR,
        ),
        Course.Category.CAMERA: p.kind
        in (TalentKind.CINEMATOGRAPHER, TalentKind.DIRECTOR, TalentKind.ART, TalentKind.SOUND),
        Course.Category.COMPLIANCE: p.kind
        in (TalentKind.REVIEWER, TalentKind.PRODUCER, TalentKind.SCREENWRITER),
        Course.Category.EDITING: p.kind in (TalentKind.EDITOR, TalentKind.POST_PRODUCTION),
    }.get(category, False)


def _casting() -> None:
    """《赣江潮起》at 映画文化 has its roles and a shortlist under way; other dramas are left for people
    to cast (the walk-through imports the roles of 《滕王阁下》 from its filed creators)."""
    drama = Drama.objects.filter(title="赣江潮起", company__name="南昌映画文化传媒有限公司").first()
    producer = (
        User.objects.filter(organisation=drama.company, role_grants__role=Role.APPLICANT).first()
        if drama
        else None
    )
    if drama is None or producer is None or drama.casting_roles.exists():
        return
    roles = casting.set_roles_from_dicts(
        producer,
        drama,
        [
            {
                "name": "陈海生",
                "description": "船厂第二代掌舵人，倔强务实",
                "gender": "男",
                "age": "30-40",
                "dialects": ["南昌话"],
                "filed_name": "许晴川",
            },
            {
                "name": "陈母",
                "description": "船厂老工人的妻子，刀子嘴豆腐心",
                "gender": "女",
                "age": "50-60",
                "dialects": ["南昌话"],
            },
            {
                "name": "陈小帆",
                "description": "第三代，留学归来想把船厂做成文创",
                "gender": "女",
                "age": "20-26",
                "languages": ["英语"],
                "specialities": ["游泳"],
            },
        ],
        source=CastingRole.Source.AI_LAB,
    )
    for role in roles:
        for profile, _match in casting.match_role(producer, role, limit=3):
            try:
                entry = casting.add_to_shortlist(producer, role, profile)
            except ValidationError:  # already on the list
                continue
            if role.name == "陈海生" and entry.profile.name == "许晴川":
                casting.update_entry(producer, entry, ShortlistEntry.Status.CONFIRMED)

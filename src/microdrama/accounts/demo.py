"""Demo organisations and people: a hub in 赣江新区 with its centres, three platforms and seven
production companies, and a login for every role. All names are fictional."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings

from .credit_code import ALPHABET, make_credit_code
from .models import Organisation, User
from .roles import OrgKind, Role

ORGANISATIONS = [
    # key, name, short name, kind, city, division code
    ("filing", "赣江新区网络微短剧备案服务中心", "备案中心", OrgKind.FILING_CENTRE, "南昌", "360100"),
    ("copyright", "赣江新区微短剧版权服务中心（可信AI实验室）", "版权中心", OrgKind.COPYRIGHT_CENTRE, "南昌", "360100"),
    ("base", "赣江新区微短剧拍摄基地（场景联盟）", "拍摄基地", OrgKind.SHOOTING_BASE, "南昌", "360100"),
    ("talent", "赣江新区微短剧人才中心", "人才中心", OrgKind.TALENT_CENTRE, "南昌", "360100"),
    ("xinghe", "星河短剧科技有限公司", "星河短剧", OrgKind.PLATFORM, "杭州", "330100"),
    ("qingning", "青柠视频网络科技有限公司", "青柠视频", OrgKind.PLATFORM, "北京", "110100"),
    ("baichuan", "百川短视频信息技术有限公司", "百川短视频", OrgKind.PLATFORM, "深圳", "440300"),
    ("yinghua", "南昌映画文化传媒有限公司", "映画文化", OrgKind.PRODUCTION, "南昌", "360100"),
    ("xinghuo", "赣江星火影视制作有限公司", "星火影视", OrgKind.PRODUCTION, "南昌", "360100"),
    ("hongcheng", "洪城光影传媒有限公司", "洪城光影", OrgKind.PRODUCTION, "南昌", "360100"),
    ("lushan", "庐山云起影业有限公司", "云起影业", OrgKind.PRODUCTION, "九江", "360400"),
    ("jinggang", "井冈红映文化传播有限公司", "红映文化", OrgKind.PRODUCTION, "吉安", "360800"),
    ("cidu", "瓷都微剧影视有限公司", "瓷都微剧", OrgKind.PRODUCTION, "景德镇", "360200"),
    ("ganzhou", "赣州客家风影视文化有限公司", "客家风影视", OrgKind.PRODUCTION, "赣州", "360700"),
]

# username, display name, organisation key, roles, description shown with the demo logins
PEOPLE = [
    ("admin", "平台管理员", "filing", [Role.ADMIN], "平台管理员 platform admin"),
    ("applicant", "张明", "yinghua", [Role.APPLICANT, Role.COPYRIGHT_OFFICER], "申报人 · 南昌映画 applicant"),
    ("applicant2", "李婷", "xinghuo", [Role.APPLICANT], "申报人 · 赣江星火 applicant"),
    ("applicant3", "王磊", "hongcheng", [Role.APPLICANT], "申报人 · 洪城光影 applicant"),
    ("applicant4", "陈思远", "lushan", [Role.APPLICANT], None),
    ("applicant5", "刘佳怡", "jinggang", [Role.APPLICANT], None),
    ("applicant6", "黄晓峰", "cidu", [Role.APPLICANT], None),
    ("applicant7", "钟慧", "ganzhou", [Role.APPLICANT], None),
    ("creator", "何晨", "yinghua", [Role.CREATOR], "创作者 · 南昌映画 creator"),
    ("casemanager", "刘芳", "filing", [Role.CASE_MANAGER], "剧管家 case manager"),
    ("casemanager2", "周航", "filing", [Role.CASE_MANAGER], None),
    ("caselead", "邓建华", "filing", [Role.CASE_MANAGER, Role.CASE_LEAD], "剧管家组长 case lead"),
    ("reviewer1", "王审", "filing", [Role.REVIEWER], "审核员 reviewer"),
    ("reviewer2", "赵敏", "filing", [Role.REVIEWER], None),
    ("reviewer3", "孙立", "filing", [Role.REVIEWER], None),
    ("copyright", "李维权", "copyright", [Role.COPYRIGHT_OFFICER], "版权专员 copyright officer"),
    ("platform", "吴倩", "xinghe", [Role.PLATFORM_CONTACT], "平台对接人 · 星河短剧 platform contact"),
    ("platform2", "郑凯", "qingning", [Role.PLATFORM_CONTACT], None),
    ("platform3", "冯雪", "baichuan", [Role.PLATFORM_CONTACT], None),
    ("location", "周场景", "base", [Role.LOCATION_MANAGER], "场景运营 location manager"),
    ("talent", "吴人才", "talent", [Role.TALENT_OFFICER], "人才运营 talent officer"),
]


def _org_body(key: str) -> str:
    """A stable 8-character organisation-code body for a demo key ("MA3" + 5 characters)."""
    digest = hashlib.sha256(key.encode()).digest()
    return "MA3" + "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:5])


def organisations() -> dict[str, Organisation]:
    return {key: Organisation.objects.get(name=name) for key, name, *_ in ORGANISATIONS}


def load() -> dict[str, int]:
    for n, (key, name, short, kind, city, division) in enumerate(ORGANISATIONS, start=1):
        org, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short, "kind": kind, "city": city,
                "credit_code": make_credit_code("91", division, _org_body(key)),
                "contact_email": f"contact@{key}.example.cn",
                "phone": f"0791-8{n:03d}{n * 37 % 1000:04d}",
                "licence_number": f"(赣)字第{2000 + n * 17:05d}号" if kind == OrgKind.PRODUCTION else "",
                "licence_expiry": date(2027, 6, 30) if kind == OrgKind.PRODUCTION else None,
                "address": f"江西省{city}市示范路{n * 11}号",
            },
        )
        org.full_clean()
    orgs = organisations()
    password = settings.MICRODRAMA["demo_password"]
    for username, display, org_key, roles, _description in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"display_name": display, "organisation": orgs[org_key], "email": f"{username}@demo.example.cn"},
        )
        if created:
            user.set_password(password)
        if Role.ADMIN in roles:
            user.is_staff = user.is_superuser = True
        user.save()
        user.set_roles(roles)
    return {"organisations": len(ORGANISATIONS), "people": len(PEOPLE)}


# People other demo modules create, listed with the demo logins.
OTHER_LOGINS = [("actor", "演员本人 · 维护自己的人才档案 talent (own profile)")]


def logins() -> list[tuple[str, str]]:
    return [(username, description) for username, _d, _o, _r, description in PEOPLE if description] + OTHER_LOGINS

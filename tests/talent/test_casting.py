"""Casting: roles from the filed creators, typed in or sent by the AI lab as plain dicts; ranked
matches with reasons; a shortlist per role that only the drama's company sees."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microdrama.talent.models import CastingRole, Shortlist, ShortlistEntry
from microdrama.talent.services import casting as svc
from microdrama.talent.services import profiles


def test_roles_come_from_the_filed_leads_with_their_actors(producer, drama):
    roles = svc.roles_from_filing(producer, drama)
    assert [(r.name, r.filed_name, r.source) for r in roles] == [
        ("林画", "苏晚", "filing"),
        ("王子安", "顾衍", "filing"),
    ]
    assert svc.roles_from_filing(producer, drama) == []  # already there


def test_the_ai_lab_sends_a_character_bible_as_plain_dicts(producer, drama):
    roles = svc.set_roles_from_dicts(
        producer,
        drama,
        [
            {
                "name": "林画",
                "gender": "女",
                "age": "20-28",
                "dialects": "南昌话、客家话",
                "specialities": ["书法"],
            },
            {"name": "老掌柜", "kind": "演员", "gender": "male", "age_min": 60, "age_max": 55},
        ],
    )
    first, second = roles
    assert (first.gender, first.age_min, first.age_max, first.dialects) == (
        "female",
        20,
        28,
        ["南昌话", "客家话"],
    )
    assert (second.kind, second.age_min, second.age_max, second.source) == ("actor", 55, 60, "ai_lab")
    svc.set_roles_from_dicts(producer, drama, [{"name": "林画", "description": "女画师"}])
    assert CastingRole.objects.get(drama=drama, name="林画").description == "女画师"  # sent again: updated
    assert CastingRole.objects.filter(drama=drama).count() == 2


def test_every_bad_role_is_named_and_none_is_saved(producer, drama):
    with pytest.raises(ValidationError) as err:
        svc.set_roles_from_dicts(
            producer,
            drama,
            [
                {"name": ""},
                {"name": "甲", "gender": "未知"},
                {"name": "乙", "kind": "宇航员"},
                {"name": "丙", "age": "老"},
            ],
        )
    text = " ".join(err.value.messages)
    assert all(f"第 {i} 个角色" in text for i in (1, 2, 3, 4))
    assert not CastingRole.objects.filter(drama=drama).exists()


def test_only_the_dramas_company_casts_it(other_producer, drama):
    with pytest.raises(PermissionDenied):
        svc.set_roles_from_dicts(other_producer, drama, [{"name": "林画"}])


def test_matches_rank_the_filed_actor_and_the_right_dialect_first(producer, drama, make_profile):
    sw = make_profile("苏晚", gender="female", age_min=20, age_max=28, tags={"dialect": ["南昌话"]})
    good = make_profile("会南昌话的", gender="female", age_min=20, age_max=28, tags={"dialect": ["南昌话"]})
    plain = make_profile("不会方言的", gender="female", age_min=20, age_max=28)
    make_profile("男演员", gender="male", age_min=20, age_max=28, tags={"dialect": ["南昌话"]})
    make_profile("太老的", gender="female", age_min=50, age_max=60, tags={"dialect": ["南昌话"]})
    make_profile("导演", kind="director", gender="female")
    role = svc.roles_from_filing(producer, drama)[0]
    role.gender, role.age_min, role.age_max, role.dialects = "female", 20, 26, ["南昌话"]
    svc.save_role(producer, role)
    ranked = svc.match_role(producer, role)
    assert [p for p, _m in ranked] == [sw, good, plain]
    assert "备案材料中已填报为该角色人选" in ranked[0][1].reasons
    assert "不会南昌话" in ranked[2][1].concerns


def test_a_busy_period_during_the_shoot_lowers_a_match(producer, drama, officer, make_profile):
    make_profile("空闲的", gender="female")
    busy = make_profile("忙碌的", gender="female")
    start = date.today() + timedelta(days=30)
    profiles.add_busy(officer, busy, start + timedelta(days=2), start + timedelta(days=40), "外地拍摄")
    shortlist = svc.shortlist_for(producer, drama)
    svc.set_window(producer, shortlist, start, start + timedelta(days=10))
    role = svc.set_roles_from_dicts(producer, drama, [{"name": "林画", "gender": "女"}])[0]
    ranked = dict((p.name, m) for p, m in svc.match_role(producer, role))
    assert ranked["空闲的"].score > ranked["忙碌的"].score
    assert any("档期冲突" in c for c in ranked["忙碌的"].concerns)


def test_the_shooting_window_defaults_to_the_dramas_set_bookings(producer, drama, make_org, make_user):
    from decimal import Decimal

    from microdrama.accounts.roles import OrgKind, Role
    from microdrama.locations.models import Base, Set
    from microdrama.locations.services.availability import slots_for
    from microdrama.locations.services.bookings import request_booking

    base_org = make_org(OrgKind.SHOOTING_BASE)
    make_user(Role.LOCATION_MANAGER, org=base_org)
    s = Set.objects.create(
        base=Base.objects.create(operator=base_org, name="基地", city="南昌"),
        code="W-1",
        name="宫殿",
        kind="costume",
        set_type="宫殿",
        floor_area=1,
        capacity=1,
        day_rate=Decimal(1),
    )
    first = date.today() + timedelta(days=10)
    request_booking(producer, s, drama, slots_for(first, first + timedelta(days=4), "day"))
    shortlist = svc.shortlist_for(producer, drama)
    assert (shortlist.shoot_start, shortlist.shoot_end) == (first, first + timedelta(days=4))


def test_shortlisting_keeps_the_score_and_reasons_of_the_moment(producer, drama, make_profile):
    p = make_profile("苏晚", gender="female")
    role = svc.roles_from_filing(producer, drama)[0]
    entry = svc.add_to_shortlist(producer, role, p)
    assert entry.score > 0 and any("备案材料" in r for r in entry.reasons)
    with pytest.raises(ValidationError):
        svc.add_to_shortlist(producer, role, p)


def test_a_role_has_at_most_one_confirmed_person(producer, drama, make_profile):
    role = svc.roles_from_filing(producer, drama)[0]
    a = svc.add_to_shortlist(producer, role, make_profile(gender="female"))
    b = svc.add_to_shortlist(producer, role, make_profile(gender="female"))
    svc.update_entry(producer, a, ShortlistEntry.Status.CONFIRMED)
    with pytest.raises(ValidationError):
        svc.update_entry(producer, b, ShortlistEntry.Status.CONFIRMED)
    svc.update_entry(producer, a, ShortlistEntry.Status.DROPPED)
    svc.update_entry(producer, b, ShortlistEntry.Status.CONFIRMED)


def test_a_profile_of_another_kind_or_hidden_cannot_be_shortlisted(producer, drama, make_profile):
    role = svc.roles_from_filing(producer, drama)[0]
    with pytest.raises(ValidationError):
        svc.add_to_shortlist(producer, role, make_profile(kind="director"))
    with pytest.raises(ValidationError):
        svc.add_to_shortlist(producer, role, make_profile(status="hidden"))


def test_the_shortlist_exports_as_csv(producer, drama, make_profile):
    role = svc.roles_from_filing(producer, drama)[0]
    svc.add_to_shortlist(producer, role, make_profile("苏晚", gender="female"))
    text = svc.export_shortlist(Shortlist.objects.get(drama=drama)).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("角色,人才编号,姓名") and "林画" in text and "苏晚" in text

"""Shooting plans: a scene list (typed, pasted or from the AI lab as plain dicts) grouped by set into
strips, matching free sets suggested, and every strip booked in one go — or none."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microdrama.locations.models import Booking, BookingStatus
from microdrama.locations.services import bookings as booking_svc
from microdrama.locations.services import plans as svc
from microdrama.locations.services.availability import slots_for

AI_LAB_SHOTS = [
    {"set_type": "80年代筒子楼", "description": "母女争吵", "scene_count": 6, "minutes": 4.5, "kind": "年代"},
    {"set_type": "医院", "description": "急诊室重逢", "scene_count": 3},
    {"set_type": "80年代筒子楼", "description": "邻居送饺子", "scene_count": 4, "kind": "period"},
    {"set_type": "宫殿", "description": "梦回大唐", "scene_count": 2},
]


def test_scenes_are_grouped_by_kind_and_set_type_and_laid_end_to_end(crew, drama, make_set, next_week):
    plan = svc.plan_from_scenes(crew, drama, AI_LAB_SHOTS, start_date=next_week[0], source="ai_lab")
    groups = list(plan.groups.order_by("order"))
    assert [(g.kind, g.set_type, g.scene_total) for g in groups] == [
        ("period", "80年代筒子楼", 10),
        ("modern", "医院", 3),
        ("costume", "宫殿", 2),
    ]
    assert groups[0].half_days == 2  # 10 scenes at 8 per half-day
    assert groups[0].slots == [(next_week[0], "am"), (next_week[0], "pm")]
    assert groups[1].slots == [(next_week[0] + timedelta(days=1), "am")]
    assert groups[2].slots == [(next_week[0] + timedelta(days=1), "pm")]
    assert plan.scenes.count() == 4


def test_a_kind_left_out_is_taken_from_the_sets_of_that_type(crew, drama, make_set, next_week):
    make_set(kind="overseas", set_type="咖啡馆")
    plan = svc.plan_from_scenes(
        crew, drama, [{"set_type": "咖啡馆"}, {"set_type": "欧式教堂"}], start_date=next_week[0]
    )
    assert [g.kind for g in plan.groups.order_by("order")] == ["overseas", "overseas"]


def test_every_bad_scene_is_named(crew, drama, next_week):
    with pytest.raises(ValidationError) as err:
        svc.plan_from_scenes(
            crew,
            drama,
            [
                {"set_type": ""},
                {"set_type": "医院", "scene_count": "很多"},
                {"set_type": "宫殿", "kind": "外星"},
                "不是场景",
            ],
            start_date=next_week[0],
        )
    text = " ".join(err.value.messages)
    assert "第 1 条" in text and "第 2 条" in text and "第 3 条" in text and "第 4 条" in text


def test_pasted_lines_become_scenes():
    scenes = svc.parse_scene_text(
        "场景类型，描述，场次，时长，类别\n80年代筒子楼，母女争吵，3场，4.5分钟，年代\n医院\t急诊\t2\n\n"
    )
    assert scenes == [
        {
            "set_type": "80年代筒子楼",
            "description": "母女争吵",
            "scene_count": "3",
            "minutes": "4.5",
            "kind": "年代",
        },
        {"set_type": "医院", "description": "急诊", "scene_count": "2", "minutes": "", "kind": ""},
    ]


def test_suggestions_are_free_matching_sets_best_first(
    crew, drama, other_crew, other_drama, make_set, next_week
):
    exact_cheap = make_set(kind="period", set_type="80年代筒子楼", day_rate="3000")
    exact_dear = make_set(kind="period", set_type="80年代筒子楼", day_rate="5000")
    taken = make_set(kind="period", set_type="80年代筒子楼", day_rate="1000")
    other_type = make_set(kind="period", set_type="供销社", day_rate="500")
    make_set(kind="modern", set_type="80年代筒子楼")  # wrong kind
    booking_svc.request_booking(other_crew, taken, other_drama, slots_for(next_week[0], next_week[0], "am"))
    plan = svc.plan_from_scenes(crew, drama, AI_LAB_SHOTS[:1], start_date=next_week[0])
    suggestions = svc.suggest_sets(plan.groups.get(), crew)
    assert [s.set for s in suggestions] == [exact_cheap, exact_dear, other_type]
    assert "类型一致" in suggestions[0].reasons[0]


def test_booking_a_plan_books_every_strip(crew, drama, make_set, next_week):
    tenement = make_set(kind="period", set_type="80年代筒子楼")
    hospital = make_set(kind="modern", set_type="医院")
    palace = make_set(kind="costume", set_type="宫殿")
    plan = svc.plan_from_scenes(crew, drama, AI_LAB_SHOTS, start_date=next_week[0])
    choices = {
        g.pk: s.pk for g, s in zip(plan.groups.order_by("order"), [tenement, hospital, palace], strict=True)
    }
    bookings = svc.book_plan(plan, crew, choices)
    assert len(bookings) == 3
    assert all(b.status == BookingStatus.HELD and b.plan_group_id for b in bookings)
    assert {b.set for b in bookings} == {tenement, hospital, palace}
    with pytest.raises(ValidationError):
        svc.book_plan(plan, crew, choices)  # nothing left to book


def test_one_clash_books_nothing(crew, drama, other_crew, other_drama, make_set, next_week):
    tenement = make_set(kind="period", set_type="80年代筒子楼")
    hospital = make_set(kind="modern", set_type="医院")
    palace = make_set(kind="costume", set_type="宫殿")
    plan = svc.plan_from_scenes(crew, drama, AI_LAB_SHOTS, start_date=next_week[0])
    hospital_day = plan.groups.get(set_type="医院").slots[0][0]
    booking_svc.request_booking(
        other_crew, hospital, other_drama, slots_for(hospital_day, hospital_day, "day")
    )
    choices = {
        g.pk: s.pk for g, s in zip(plan.groups.order_by("order"), [tenement, hospital, palace], strict=True)
    }
    with pytest.raises(ValidationError) as err:
        svc.book_plan(plan, crew, choices)
    assert "医院" in " ".join(err.value.messages)
    assert Booking.objects.filter(drama=drama).count() == 0


def test_moving_and_lengthening_a_strip_lays_the_board_out_again(crew, drama, next_week):
    plan = svc.plan_from_scenes(crew, drama, AI_LAB_SHOTS, start_date=next_week[0])
    palace = plan.groups.get(set_type="宫殿")
    svc.update_group(palace, crew, order=0, half_days=3)
    groups = list(plan.groups.order_by("order"))
    assert [g.set_type for g in groups] == ["宫殿", "80年代筒子楼", "医院"]
    assert groups[0].slots[-1] == (next_week[0] + timedelta(days=1), "am")
    assert groups[1].slots[0] == (next_week[0] + timedelta(days=1), "pm")


def test_only_the_dramas_company_plans_it(other_crew, drama, next_week):
    with pytest.raises(PermissionDenied):
        svc.plan_from_scenes(other_crew, drama, AI_LAB_SHOTS, start_date=next_week[0])

"""The shooting base's pages as crews and base managers use them."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microdrama.locations.models import Booking, BookingStatus, Set, ShootingPlan


def test_a_crew_searches_books_and_sees_its_booking(client, crew, drama, make_set, next_week):
    s = make_set(kind="period", set_type="80年代筒子楼")
    client.force_login(crew)
    page = client.get(
        reverse("locations:search"), {"kind": "period", "date_from": next_week[0], "date_to": next_week[1]}
    ).content.decode()
    assert s.name in page and "全部空闲" in page
    assert client.get(reverse("locations:set", args=[s.pk])).status_code == 200
    response = client.post(
        reverse("locations:book", args=[s.pk]),
        {
            "drama": drama.pk,
            "first_date": next_week[0],
            "last_date": next_week[1],
            "mode": "day",
            "note": "20 人",
        },
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse("locations:booking", args=[booking.pk])
    detail = client.get(response.url).content.decode()
    assert "待审批" in detail and booking.reference in detail
    assert booking.reference in client.get(reverse("locations:bookings")).content.decode()


def test_a_clash_shows_the_form_again_with_the_reason(client, crew, drama, make_set, next_week):
    s = make_set()
    client.force_login(crew)
    form = {"drama": drama.pk, "first_date": next_week[0], "last_date": next_week[0], "mode": "day"}
    client.post(reverse("locations:book", args=[s.pk]), form)
    again = client.post(reverse("locations:book", args=[s.pk]), form)
    assert again.status_code == 400
    assert "已被占用" in again.content.decode()
    assert Booking.objects.count() == 1


def test_search_rejects_dates_in_the_past(client, crew):
    client.force_login(crew)
    page = client.get(reverse("locations:search"), {"date_from": "2000-01-01"}).content.decode()
    assert "不能查询今天之前的档期" in page


def test_the_manager_approves_from_the_booking_page(client, crew, drama, manager, make_set, next_week):
    from microdrama.locations.services.availability import slots_for
    from microdrama.locations.services.bookings import request_booking

    booking = request_booking(crew, make_set(), drama, slots_for(*next_week, "day"))
    client.force_login(manager)
    assert "确认预订" in client.get(reverse("locations:booking", args=[booking.pk])).content.decode()
    client.post(reverse("locations:approve", args=[booking.pk]), {"note": "欢迎"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED


def test_the_manager_pages_render(client, crew, drama, manager, base, make_set, next_week):
    from microdrama.locations.services.availability import slots_for
    from microdrama.locations.services.bookings import request_booking

    s = make_set()
    request_booking(crew, s, drama, slots_for(*next_week, "day"))
    client.force_login(manager)
    assert client.get(reverse("locations:index")).url == reverse("locations:dashboard")
    dashboard = client.get(reverse("locations:dashboard")).content.decode()
    assert "chart-data" in dashboard and "echarts" in dashboard
    assert s.code in client.get(reverse("locations:sets")).content.decode()
    grid = client.get(
        reverse("locations:base_calendar", args=[base.pk]),
        {"month": f"{next_week[0].year}-{next_week[0].month}"},
    ).content.decode()
    assert "half-held" in grid
    assert client.get(reverse("locations:set_month", args=[s.pk]), {"month": "2027-2"}).status_code == 200


def test_the_manager_creates_a_set_and_imports_a_csv(client, manager, base):
    client.force_login(manager)
    response = client.post(
        reverse("locations:set_new"),
        {
            "base": base.pk,
            "code": "NEW-1",
            "name": "新场景",
            "kind": "virtual",
            "set_type": "绿幕棚",
            "floor_area": 300,
            "capacity": 30,
            "day_rate": "4200",
            "facilities": ["green_screen", "power"],
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert Set.objects.get(code="NEW-1").facilities == ["power", "green_screen"]
    bad = "场景编号,基地,场景名称,类别,场景类型,面积（平方米）,可容纳人数,日租金（元）\nX,测试基地,坏,火星,房,1,1,1\n"
    page = client.post(reverse("locations:import"), {"file": SimpleUploadedFile("s.csv", bad.encode("gbk"))})
    assert "没有导入任何场景" in page.content.decode() and "第 2 行" in page.content.decode()
    good = bad.replace("火星", "现代")
    assert (
        client.post(
            reverse("locations:import"), {"file": SimpleUploadedFile("s.csv", good.encode("gbk"))}
        ).status_code
        == 302
    )
    assert Set.objects.filter(code="X").exists()


def test_a_crew_builds_and_books_a_shooting_plan(client, crew, drama, make_set, next_week):
    tenement = make_set(kind="period", set_type="80年代筒子楼")
    client.force_login(crew)
    response = client.post(
        reverse("locations:plan_new"),
        {"drama": drama.pk, "start_date": next_week[0], "scenes": "80年代筒子楼，母女争吵，3，4，年代"},
    )
    plan = ShootingPlan.objects.get()
    assert response.url == reverse("locations:plan", args=[plan.pk])
    board = client.get(response.url).content.decode()
    assert tenement.name in board
    client.post(reverse("locations:plan_book", args=[plan.pk]), {f"set_{plan.groups.get().pk}": tenement.pk})
    assert Booking.objects.get().set == tenement


def test_pages_speak_english_on_request(client, crew, make_set, next_week):
    make_set(kind="period")
    client.force_login(crew)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("locations:search")).content.decode()
    assert "Find a set" in page and "20th-century period" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})


def test_the_calendar_file_lists_each_day(client, crew, drama, make_set, next_week):
    from microdrama.locations.services.availability import slots_for
    from microdrama.locations.services.bookings import request_booking

    booking = request_booking(
        crew, make_set(), drama, slots_for(next_week[0], next_week[0] + timedelta(days=1), "day")
    )
    client.force_login(crew)
    body = client.get(reverse("locations:booking_ics", args=[booking.pk])).content.decode()
    assert body.count("BEGIN:VEVENT") == 2 and "甲公司的剧" in body

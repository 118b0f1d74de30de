"""Importing a year: the State Council notice text parses into the same calendar as the library,
a preview comes first, problems are reported, and admins' corrections are kept in the history."""

from datetime import date

import pytest
from django.urls import reverse

from microdrama.filing.calendar_import import parse_notice, plan_from_library, save_plan, set_day
from microdrama.filing.models import CalendarEdit, CalendarYear, WorkDay
from microdrama.filing.tasks import next_year_missing
from microdrama.filing.workdays import WorkCalendar

# 国务院办公厅关于2026年部分节假日安排的通知 (as published, the numbered lines).
NOTICE_2026 = """
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def test_the_notice_gives_the_same_2026_as_chinesecalendar():
    parsed, library = parse_notice(NOTICE_2026, 2026), plan_from_library(2026)
    assert parsed.problems == []
    assert {d: w for d, (w, _n) in parsed.days().items()} == {d: w for d, (w, _n) in library.days().items()}
    assert sorted(parsed.workdays) == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                                       date(2026, 9, 20), date(2026, 10, 10)]


@pytest.mark.parametrize(("text", "problem"), [
    ("", "没有找到"),
    ("一、元旦：好好休息。", "没有读懂"),
    ("一、元旦：2月30日放假。", "日期无效"),
    ("一、元旦：1月1日至3日放假。1月1日上班。", "同时被列为放假和上班"),
])
def test_a_notice_that_cannot_be_read_reports_the_problem(text, problem):
    assert any(problem in p for p in parse_notice(text, 2027).problems)


def test_a_plan_with_problems_is_never_saved(db):
    with pytest.raises(ValueError):
        save_plan(parse_notice("一、元旦：好好休息。", 2031), "test")
    assert not CalendarYear.objects.filter(year=2031).exists()
    assert not WorkDay.objects.filter(date__year=2031).exists()


def test_importing_a_new_year_makes_deadlines_computable(db):
    notice_2031 = "一、元旦：1月1日（周三）放假，共1天。\n二、春节：1月22日至28日放假调休，共7天。1月19日（周日）、2月8日（周六）上班。"
    with pytest.raises(ValueError):
        WorkCalendar.from_db().add_working_days(date(2031, 1, 20), 3)
    save_plan(parse_notice(notice_2031, 2031), "国务院办公厅通知")
    cal = WorkCalendar.from_db()
    assert cal.is_workday(date(2031, 1, 19))  # a make-up Sunday
    assert cal.add_working_days(date(2031, 1, 20), 3) == date(2031, 1, 30)  # 21st, then 29th and 30th


def test_an_admin_correction_is_recorded_with_its_reason(db, make_user):
    from microdrama.accounts.roles import Role

    admin = make_user(Role.ADMIN)
    with pytest.raises(ValueError, match="修改原因"):
        set_day(date(2026, 6, 22), False, "", admin, " ")
    set_day(date(2026, 6, 22), False, "中心停电检修", admin, "本中心临时闭馆")
    assert not WorkCalendar.from_db().is_workday(date(2026, 6, 22))
    edit = CalendarEdit.objects.get(date=date(2026, 6, 22))
    assert edit.was_workday is True and edit.by == admin and edit.reason == "本中心临时闭馆"


def test_admins_are_warned_from_1_december_when_next_year_is_missing(db):
    assert next_year_missing(date(2026, 11, 30)) is None
    assert next_year_missing(date(2026, 12, 1)) == 2027
    assert next_year_missing(date(2025, 12, 1)) is None  # 2026 is loaded


def test_calendar_page_previews_before_importing(client, db, make_user):
    from microdrama.accounts.roles import Role

    admin = make_user(Role.CASE_MANAGER, Role.ADMIN)
    client.force_login(admin)
    url = reverse("filing:calendar")
    preview = client.post(url, {"form": "import", "year": 2030, "source": "notice",
                                "text": "一、元旦：1月1日（周二）放假，共1天。", "preview": "1"})
    assert preview.status_code == 200
    assert "import-preview" in preview.content.decode()
    assert not CalendarYear.objects.filter(year=2030).exists()
    client.post(url, {"form": "import", "year": 2030, "source": "notice",
                      "text": "一、元旦：1月1日（周二）放假，共1天。", "confirm": "1"})
    assert CalendarYear.objects.filter(year=2030).exists()


def test_only_admins_can_change_the_calendar(client, db, make_user):
    from microdrama.accounts.roles import Role

    client.force_login(make_user(Role.CASE_MANAGER))
    client.post(reverse("filing:calendar"), {"form": "import", "year": 2030, "source": "library", "confirm": "1"})
    assert not CalendarYear.objects.filter(year=2030).exists()

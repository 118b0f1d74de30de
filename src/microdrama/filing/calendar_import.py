"""Loading a year into the calendar: from `chinesecalendar`, or from the State Council's notice.

The notice (国务院办公厅关于XXXX年部分节假日安排的通知) is pasted as text; each line such as
"二、春节：2月15日（农历腊月二十八）至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
is parsed into days off and make-up working days. The admin sees a preview before anything is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

_SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*(?P<name>[^：:]+)[：:](?P<body>.+)$")
_MONTH_DAY = r"(?:(?P<{p}y>\d{{4}})年)?(?P<{p}m>\d{{1,2}})月(?P<{p}d>\d{{1,2}})日"
_RANGE = re.compile(
    _MONTH_DAY.format(p="a") + r"(?:（[^）]*）|\([^)]*\))?"
    r"(?:\s*至\s*(?:(?:(?P<bm>\d{1,2})月)?(?P<bd>\d{1,2})日)(?:（[^）]*）|\([^)]*\))?)?"
    r"\s*(?:放假|休息)"
)
_SINGLE_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


@dataclass
class YearPlan:
    """Days off and make-up working days of one year, plus what could not be understood."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def days(self) -> dict[date, tuple[bool, str]]:
        """Every day of the year: (is working day, name)."""
        result = {}
        day = date(self.year, 1, 1)
        while day.year == self.year:
            if day in self.holidays:
                result[day] = (False, self.holidays[day])
            elif day in self.workdays:
                result[day] = (True, self.workdays[day])
            else:
                result[day] = (day.weekday() < 5, "")
            day += timedelta(days=1)
        return result


def plan_from_library(year: int) -> YearPlan:
    import chinese_calendar

    plan = YearPlan(year)
    for day, name in chinese_calendar.holidays.items():
        if day.year == year:
            plan.holidays[day] = HOLIDAY_NAMES_ZH.get(name, name)
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            plan.workdays[day] = f"{HOLIDAY_NAMES_ZH.get(name, name)}调休上班"
    if not plan.holidays:
        plan.problems.append(_("chinesecalendar 没有 %(year)s 年的数据") % {"year": year})
    return plan


def _date(year: int, month: str | None, day: str | None, default_month: int | None = None) -> date:
    return date(year, int(month) if month else default_month, int(day))


def _add_days_off(plan: YearPlan, sentence: str, name: str, year: int) -> bool:
    found = False
    for r in _RANGE.finditer(sentence):
        try:
            first = _date(int(r.group("ay") or year), r.group("am"), r.group("ad"))
            last = _date(first.year, r.group("bm") or r.group("am"), r.group("bd")) if r.group("bd") else first
        except ValueError as exc:
            plan.problems.append(_("“%(name)s”中的日期无效：%(err)s") % {"name": name, "err": exc})
            continue
        if last < first:  # a range running into January of the next year
            last = last.replace(year=last.year + 1)
        day = first
        while day <= last:
            plan.holidays[day] = name
            day += timedelta(days=1)
        found = True
    return found


def parse_notice(text: str, year: int) -> YearPlan:
    """Parse the State Council notice's numbered lines for `year` into a YearPlan."""
    plan = YearPlan(year)
    sections = 0
    for raw in text.splitlines():
        line = raw.strip().replace(" ", "")
        m = _SECTION.match(line)
        if not m:
            continue
        sections += 1
        name, body = m.group("name").strip(), m.group("body")
        found_off = False
        for sentence in re.split(r"[。；;]", body):
            if "放假" in sentence or "休息" in sentence:
                found_off |= _add_days_off(plan, sentence, name, year)
            elif "上班" in sentence:
                for y, mo, d in _SINGLE_DAY.findall(sentence):
                    try:
                        plan.workdays[date(int(y or year), int(mo), int(d))] = f"{name}调休上班"
                    except ValueError as exc:
                        plan.problems.append(_("“%(name)s”中的日期无效：%(err)s") % {"name": name, "err": exc})
        if not found_off:
            plan.problems.append(_("没有读懂这一行的放假日期：%(line)s") % {"line": raw.strip()})
    if sections == 0:
        plan.problems.append(_("没有找到“一、元旦：……”格式的放假安排条目"))
    for day in list(plan.holidays) + list(plan.workdays):
        if day.year not in (year, year + 1, year - 1):
            plan.problems.append(_("日期 %(day)s 不在 %(year)s 年附近") % {"day": day, "year": year})
    both = set(plan.holidays) & set(plan.workdays)
    for day in sorted(both):
        plan.problems.append(_("%(day)s 同时被列为放假和上班") % {"day": day})
    # Only days of the year itself are stored; spill-over belongs to the neighbouring year's notice.
    plan.holidays = {d: n for d, n in plan.holidays.items() if d.year == year}
    plan.workdays = {d: n for d, n in plan.workdays.items() if d.year == year}
    return plan


@transaction.atomic
def save_plan(plan: YearPlan, source: str, user=None, reason: str = "") -> int:
    """Write a year's days (replacing what was there) and record every change in the history."""
    from .models import CalendarEdit, CalendarYear, WorkDay

    if plan.problems:
        raise ValueError("；".join(plan.problems))
    existing = {w.date: w for w in WorkDay.objects.filter(date__year=plan.year)}
    changes = 0
    edits = []
    for day, (is_workday, name) in plan.days().items():
        current = existing.get(day)
        if current and current.is_workday == is_workday and current.name == name:
            continue
        WorkDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name, "source": source})
        if current is not None or source != "chinesecalendar":
            edits.append(CalendarEdit(date=day, was_workday=current.is_workday if current else None,
                                      is_workday=is_workday, name=name, reason=reason or source, by=user))
        changes += 1
    CalendarEdit.objects.bulk_create(edits)
    CalendarYear.objects.update_or_create(year=plan.year, defaults={"source": source})
    return changes


@transaction.atomic
def set_day(day: date, is_workday: bool, name: str, user, reason: str) -> None:
    """An admin's correction of one day (local closure, a data fix), kept in the history."""
    from .models import CalendarEdit, CalendarYear, WorkDay

    if not reason.strip():
        raise ValueError(_("请说明修改原因"))
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise ValueError(_("%(year)s 年的日历尚未导入，请先导入整年安排") % {"year": day.year})
    current = WorkDay.objects.get(date=day)
    CalendarEdit.objects.create(date=day, was_workday=current.is_workday, is_workday=is_workday, name=name,
                                reason=reason, by=user)
    current.is_workday, current.name, current.source = is_workday, name, "admin"
    current.save()


def seed_from_library(first: int = 2004, last: int | None = None) -> list[int]:
    """Load every year chinesecalendar knows (used by the data migration and `microdrama workdays seed`)."""
    import chinese_calendar

    last = last or max(chinese_calendar.holidays).year
    from .models import CalendarYear

    done = set(CalendarYear.objects.values_list("year", flat=True))
    loaded = []
    for year in range(first, last + 1):
        if year in done:
            continue
        save_plan(plan_from_library(year), "chinesecalendar")
        loaded.append(year)
    return loaded

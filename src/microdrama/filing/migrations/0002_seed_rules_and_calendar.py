"""Seed the working-day calendar from chinesecalendar (2004 onwards) and the starting rules."""

from django.db import migrations


def seed(apps, schema_editor):
    from microdrama.filing.calendar_import import plan_from_library
    from microdrama.filing.seed import seed_rules

    seed_rules(apps.get_model("filing", "TierRule"), apps.get_model("filing", "SlaPolicy"),
               apps.get_model("filing", "ChecklistItem"), apps.get_model("filing", "TitleRule"))
    import chinese_calendar

    WorkDay = apps.get_model("filing", "WorkDay")  # noqa: N806
    CalendarYear = apps.get_model("filing", "CalendarYear")  # noqa: N806
    covered = set(CalendarYear.objects.values_list("year", flat=True))
    last = max(chinese_calendar.holidays).year
    rows = []
    for year in range(2004, last + 1):
        if year in covered:
            continue
        plan = plan_from_library(year)
        rows += [WorkDay(date=d, is_workday=w, name=n, source="chinesecalendar") for d, (w, n) in plan.days().items()]
        CalendarYear.objects.create(year=year, source="chinesecalendar")
    WorkDay.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("filing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

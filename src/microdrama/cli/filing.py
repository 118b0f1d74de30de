"""Filing-centre commands for scripts and operators: working days, classification, number checks."""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from .django_setup import setup_django


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}” 不是 YYYY-MM-DD 格式的日期 / not a YYYY-MM-DD date") from None


@click.group()
def workdays() -> None:
    """Working days on the official calendar (法定节假日 off, 调休 make-up days on)."""


@workdays.command("add")
@click.argument("start", callback=_date)
@click.argument("n", type=click.IntRange(0, 366))
def workdays_add(start: date, n: int) -> None:
    """Print the Nth working day after START (the start day does not count)."""
    setup_django()
    from microdrama.filing.workdays import CalendarMissing, WorkCalendar

    try:
        click.echo(WorkCalendar.from_db().add_working_days(start, n).isoformat())
    except CalendarMissing as exc:
        raise click.ClickException(str(exc)) from exc


@workdays.command("between")
@click.argument("start", callback=_date)
@click.argument("end", callback=_date)
def workdays_between(start: date, end: date) -> None:
    """Print how many working days d satisfy START < d <= END."""
    setup_django()
    from microdrama.filing.workdays import CalendarMissing, WorkCalendar

    try:
        click.echo(WorkCalendar.from_db().working_days_between(start, end))
    except (CalendarMissing, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


@workdays.command("import")
@click.argument("year", type=click.IntRange(2004, 2100))
@click.option("--notice", type=click.File("r", encoding="utf-8"), help="Text of the State Council notice.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported, change nothing.")
def workdays_import(year: int, notice, dry_run: bool) -> None:
    """Import YEAR from the State Council notice text (--notice FILE) or from chinesecalendar."""
    setup_django()
    from microdrama.filing import calendar_import

    plan = calendar_import.parse_notice(notice.read(), year) if notice else calendar_import.plan_from_library(year)
    for problem in plan.problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo(f"{year}: {len(plan.holidays)} holiday weekdays, {len(plan.workdays)} make-up working days "
               f"({', '.join(d.strftime('%m-%d') for d in sorted(plan.workdays))})")
    if plan.problems:
        sys.exit(1)
    if not dry_run:
        changed = calendar_import.save_plan(plan, "国务院办公厅通知" if notice else "chinesecalendar",
                                            reason=f"microdrama workdays import {year}")
        click.echo(f"saved; {changed} days changed")


@click.group()
def filing() -> None:
    """Filing-centre rules: tier classification and official number checks."""


@filing.command("classify")
@click.option("--investment", required=True, help="Total investment in yuan, e.g. 1500000.")
@click.option("--date", "on", callback=_date, help="Filing date (default: today).")
@click.option("--topic", "topics", multiple=True,
              help="Special topic code: politics, military, diplomacy, national_security, united_front, "
                   "ethnicity, religion, judiciary, public_security. Repeatable.")
@click.option("--json", "as_json", is_flag=True)
def classify_cmd(investment: str, on: date | None, topics: tuple[str, ...], as_json: bool) -> None:
    """Print the tier (重点/普通/其他) and the rule version that decides it."""
    setup_django()
    from django.utils import timezone

    from microdrama.filing.classification import ClassificationError, classify

    try:
        result = classify(investment, on or timezone.localdate(), topics)
    except ClassificationError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        return
    click.echo(f"{result.tier_label} ({result.tier})  rule: {result.rule.version_label}")
    for reason in result.reasons:
        click.echo(f"  · {reason}")


@filing.command("check-number")
@click.argument("number")
@click.option("--tier", type=click.Choice(["key", "ordinary", "other"]), help="Check it fits this tier.")
@click.option("--year", type=int, help="The year the number must carry.")
def check_number(number: str, tier: str | None, year: int | None) -> None:
    """Say whether NUMBER is a valid 备案号 / 许可证号 and why; exit status 1 when it is not."""
    setup_django()
    from microdrama.filing import numbers

    try:
        parsed = numbers.validate(number, tier, {year} if year else None)
    except numbers.NumberError as exc:
        click.echo(f"invalid: {exc}")
        sys.exit(1)
    kind = "licence (审字)" if parsed.kind == "审" else "registration (备字)"
    click.echo(f"valid: {parsed.text}  issuer {parsed.issuer}, {kind}, year {parsed.year}, serial {parsed.serial}")


commands = [workdays, filing]

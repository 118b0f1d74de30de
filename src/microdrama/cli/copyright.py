"""Copyright-centre commands: run a monitoring source now (and watch what it found), list sources,
verify the evidence log."""

from __future__ import annotations

import json
import sys

import click

from .django_setup import setup_django


@click.group("monitor")
def monitor() -> None:
    """全网监测 — monitoring sources (watched folders, feeds, platform search)."""


@monitor.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def sources(as_json: bool) -> None:
    """List the monitoring sources and their last run."""
    setup_django()
    from microdrama.monitoring.models import Source

    rows = []
    for s in Source.objects.select_related("platform").order_by("name"):
        last = s.runs.first()
        rows.append(
            {
                "id": s.pk,
                "name": s.name,
                "kind": s.kind,
                "enabled": s.enabled,
                "target": s.target,
                "last_run": last.started_at.isoformat() if last else None,
                "last_status": last.status if last else None,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['id']:>4}  {r['kind']:<7} {'on ' if r['enabled'] else 'off'} {r['name']}  "
            f"[{r['last_status'] or '-'}]  {r['target']}"
        )


@monitor.command("run")
@click.argument("source")
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="Fetch and match the candidates here (no worker needed) instead of queueing them.",
)
def run(source: str, wait: bool) -> None:
    """Run SOURCE (its id or name) now and print its log."""
    setup_django()
    from django.db.models import Q

    from microdrama.hub.celery import app
    from microdrama.monitoring import services
    from microdrama.monitoring.models import Candidate, Source

    lookup = Q(name=source) | Q(pk=int(source)) if source.isdigit() else Q(name=source)
    found = Source.objects.filter(lookup).first()
    if found is None:
        raise click.ClickException(f"监测源不存在 / no such source: {source}")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = eager or wait  # with --wait every step runs here, one after the other
    try:
        run_ = services.start_run(found, trigger="cli")
        services.execute_run(run_)
    finally:
        app.conf.task_always_eager = eager
    run_.refresh_from_db()
    for line in run_.log.all():
        click.echo(
            f"{line.at:%H:%M:%S} {line.level:<7} {line.message}" + (f"  {line.url}" if line.url else "")
        )
    statuses = {}
    for c in Candidate.objects.filter(run=run_):
        statuses[c.status] = statuses.get(c.status, 0) + 1
    click.echo(
        f"run {run_.pk}: {run_.get_status_display()} · listed {run_.found}, new {run_.new}, "
        f"known {run_.duplicates}, errors {run_.errors} · candidates {statuses}"
    )
    if run_.status == "failed":
        sys.exit(1)


@click.group("evidence")
def evidence_group() -> None:
    """存证日志 — the tamper-evident evidence log."""


@evidence_group.command("verify")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def verify(as_json: bool) -> None:
    """Recompute every entry, tree head, signature and consistency proof; exit 1 on any problem."""
    setup_django()
    from tqdm import tqdm

    from microdrama.rights import evidence

    with tqdm(total=100, desc="verify", unit="%", file=sys.stderr, disable=as_json) as bar:

        def progress(fraction: float) -> None:
            bar.n = round(fraction * 100)
            bar.refresh()

        result = evidence.verify_log(progress=progress)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{result['entries']} entries, {result['tree_heads']} signed tree heads")
        for problem in result["problems"]:
            click.echo(f"PROBLEM: {problem}", err=True)
        click.echo("evidence log intact" if result["ok"] else "evidence log FAILED verification")
    if not result["ok"]:
        sys.exit(1)


commands = [monitor, evidence_group]

"""Running the platform: `serve`, `web`, `worker`, `beat`, `demo`, `check` and `manage`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import click

from .django_setup import setup_django

CELERY_APP = "microdrama.hub"


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", CELERY_APP, *args]


def _web_command(host: str, port: int, threads: int) -> list[str]:
    return [
        sys.executable, "-m", "waitress", f"--listen={host}:{port}", f"--threads={threads}",
        "--channel-timeout=300", "--max-request-body-size=21474836480", "microdrama.hub.wsgi:application",
    ]


def _prepare_database() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise click.ClickException(f"数据库不可用 / database unavailable: {exc}") from exc
    from microdrama.hub.i18n import compile_messages

    compile_messages()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the web server listens on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Web server threads.")
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--no-worker", is_flag=True, help="Do not start a Celery worker (run them elsewhere).")
@click.option("--no-beat", is_flag=True, help="Do not start Celery beat (one beat per deployment).")
def serve(host: str, port: int, threads: int, concurrency: int, no_worker: bool, no_beat: bool) -> None:
    """Run the whole platform in the foreground: web server, a Celery worker and Celery beat.

    Applies database migrations first. Ctrl-C stops every process cleanly; if any of them dies,
    the others are stopped too and the command exits non-zero.
    """
    _prepare_database()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "microdrama.hub.settings"}
    from django.conf import settings

    env.setdefault("MICRODRAMA_VAR_DIR", str(settings.VAR_DIR))
    procs: dict[str, subprocess.Popen] = {}
    commands = {"web": _web_command(host, port, threads)}
    if not no_worker:
        commands["worker"] = _celery("worker", "--loglevel=INFO", f"--concurrency={concurrency}",
                                     "--hostname=worker@%h", "--without-mingle", "--without-gossip")
    if not no_beat:
        commands["beat"] = _celery("beat", "--loglevel=INFO", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME)

    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    for name, cmd in commands.items():
        procs[name] = subprocess.Popen(cmd, env=env)
    url = f"http://{host}:{port}/"
    click.echo(f"\n微短剧产业服务平台 running at {url}  (Ctrl-C to stop)")
    click.echo(f"  processes: {', '.join(f'{n} pid {p.pid}' for n, p in procs.items())}")
    click.echo(f"  data: {settings.VAR_DIR}   broker: {settings.CELERY_BROKER_URL.split('://')[0]}\n")
    _print_demo_logins()
    exit_code = 0
    try:
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    click.echo(f"{name} exited with status {proc.returncode}; stopping the others.", err=True)
                    exit_code = 1
                    stop()
                    break
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("\nStopping…")
        stop()
    deadline = time.monotonic() + 20
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    click.echo("Stopped.")
    sys.exit(exit_code)


def _print_demo_logins() -> None:
    from microdrama.hub.demo import demo_logins

    logins = demo_logins()
    if not logins:
        return
    from django.conf import settings

    click.echo(f"Demo logins (password for all: {settings.MICRODRAMA['demo_password']}):")
    for username, description in logins:
        click.echo(f"  {username:<14} {description}")
    click.echo("")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def web(host: str, port: int, threads: int) -> None:
    """Run only the web server (scale-out: as many as you like behind a load balancer)."""
    _prepare_database()
    os.execv(sys.executable, _web_command(host, port, threads))


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--queues", "-Q", default=None, help="Comma-separated queues to consume (default: all).")
@click.option("--concurrency", "-c", default=2, show_default=True, type=click.IntRange(1, 256))
@click.option("--name", "-n", default="worker@%h", show_default=True, help="Worker node name.")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(queues: str | None, concurrency: int, name: str, celery_args: tuple[str, ...]) -> None:
    """Run one Celery worker (start one per machine or per queue to scale out).

    Extra arguments after `--` go straight to `celery worker`.
    """
    setup_django()
    args = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--hostname={name}"]
    if queues:
        args.append(f"--queues={queues}")
    os.execv(sys.executable, _celery(*args, *celery_args))


@click.command()
def beat() -> None:
    """Run Celery beat, the scheduler of periodic work (exactly one per deployment)."""
    setup_django()
    from django.conf import settings

    os.execv(sys.executable, _celery("beat", "--loglevel=INFO", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME))


@click.command()
@click.option("--if-empty", is_flag=True, help="Only load when the database has no organisations yet.")
def demo(if_empty: bool) -> None:
    """Load demo data that looks like a real hub: centres, platforms, companies, people in every role."""
    setup_django()
    from microdrama.hub.demo import database_is_empty, load_demo

    if if_empty and not database_is_empty():
        click.echo("Database already has data; demo data not loaded.")
        return
    summary = load_demo(progress=lambda msg: click.echo(f"  · {msg}"))
    click.echo("Demo data loaded: " + ", ".join(f"{k} {v}" for k, v in summary.items()))


@click.command()
@click.option("--round-trip/--no-round-trip", default=True, help="Send a task through the broker to a worker.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for a worker.")
def check(round_trip: bool, timeout: float) -> None:
    """Report database, broker and worker health; prove a task round trip through a worker."""
    setup_django()
    import json

    from microdrama.hub.heartbeat import health_report
    from microdrama.hub.models import SelfTestRun
    from microdrama.hub.tasks import self_test

    if round_trip:
        token = uuid.uuid4().hex
        SelfTestRun.objects.create(token=token)
        result = self_test.delay(token)
        try:
            value = result.get(timeout=timeout)
        except Exception as exc:
            raise click.ClickException(f"no worker answered within {timeout:.0f} s ({exc.__class__.__name__})") from exc
    report = health_report()  # after the round trip, so a just-started worker has reported in
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if round_trip:
        click.echo(f"round trip ok: completed by {value['completed_by']}")
    if not report["ok"]:
        sys.exit(1)


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `microdrama manage createsuperuser`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["microdrama manage", *args])


commands = [serve, web, worker, beat, demo, check, manage]

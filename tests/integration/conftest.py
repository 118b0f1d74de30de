"""Real services on 127.0.0.1 for the scale-out tests: a fresh PostgreSQL database, a Redis database,
RabbitMQ, and real worker processes. Each fixture skips with the reason when its service is absent."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest

PG = {"host": "127.0.0.1", "port": 5432, "user": os.environ.get("PGUSER", "postgres")}


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if not reachable(5432):
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import psycopg

    name = f"microdrama_it_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{PG['user']}@127.0.0.1:5432/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url() -> Iterator[str]:
    if not reachable(6379):
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    import redis

    db = 1 + uuid.uuid4().int % 14
    client = redis.Redis(host="127.0.0.1", port=6379, db=db)
    client.flushdb()
    yield f"redis://127.0.0.1:6379/{db}"
    client.flushdb()


@pytest.fixture
def rabbitmq_url() -> str:
    if not reachable(5672):
        pytest.skip("RabbitMQ is not reachable on 127.0.0.1:5672")
    return "amqp://guest:guest@127.0.0.1:5672//"


class Deployment:
    """A platform configuration (database + broker) and the processes started against it."""

    def __init__(self, tmp_path, database_url: str, broker_url: str, **extra_env: str) -> None:
        self.env = {
            **os.environ,
            "MICRODRAMA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "MICRODRAMA_BROKER_URL": broker_url,
            **extra_env,
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.procs: list[subprocess.Popen] = []
        self.logs = tmp_path

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "microdrama.cli", *args], env=self.env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    def python(self, code: str) -> str:
        """Run Django code against this deployment's database; returns stdout."""
        result = subprocess.run(
            [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
             "'microdrama.hub.settings'); django.setup()\n" + code],
            env=self.env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip()

    def start_worker(self, name: str, queues: str | None = None) -> subprocess.Popen:
        args = [sys.executable, "-m", "microdrama.cli", "worker", "-c", "1", "-n", f"{name}@%h"]
        if queues:
            args += ["-Q", queues]
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool children: no warm shutdown, nothing acknowledged."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def deployment_factory(tmp_path):
    made: list[Deployment] = []

    def make(database_url: str, broker_url: str, **env: str) -> Deployment:
        d = Deployment(tmp_path, database_url, broker_url, **env)
        d.cli("manage", "migrate", "--noinput")
        made.append(d)
        return d

    yield make
    for d in made:
        d.stop_all()

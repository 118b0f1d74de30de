"""`microdrama serve` as `make run` uses it: one foreground command serving web, worker and beat.

Runs the real processes on a free port with a fresh data folder, logs in with every demo login over
HTTP, stops with Ctrl-C (SIGINT to the process group) and starts again with the data kept.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(f"{base}/api/v1/health", timeout=5).json()
            if last["ok"]:
                return last
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(1)
    raise AssertionError(f"platform not healthy in {timeout}s: {last}")


def cli(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "microdrama.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300, **kwargs)


def start(env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "microdrama.cli", "serve", "--port", str(port), "--concurrency", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def stop_with_ctrl_c(proc) -> str:
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, _ = proc.communicate(timeout=60)
    return out


def login(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=20, follow_redirects=True)
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    client.post("/accounts/login/", data={"username": username, "password": password,
                                          "csrfmiddlewaretoken": token}, headers={"Referer": f"{base}/accounts/login/"})
    return client


def test_serve_runs_the_platform_stops_cleanly_and_keeps_data(tmp_path):
    env = {**os.environ, "MICRODRAMA_VAR_DIR": str(tmp_path), "MICRODRAMA_DEMO_PASSWORD": "demo-Pass-1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    assert cli(env, "manage", "migrate", "--noinput").returncode == 0
    loaded = cli(env, "demo", "--if-empty")
    assert "Demo data loaded" in loaded.stdout, loaded.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(env, port)
    try:
        health = wait_healthy(base)
        assert health["workers"]["alive"] >= 1
        from microdrama.accounts.demo import logins

        for username, _description in logins():
            client = login(base, username, "demo-Pass-1")
            home = client.get("/")
            assert home.url.path == "/", f"{username} could not log in"
            assert "工作台" in home.text
            client.close()
    finally:
        out = stop_with_ctrl_c(proc)
    assert proc.returncode == 0, out
    assert "running at" in out and "Stopped." in out
    assert "applicant" in out  # demo logins printed

    again = cli(env, "demo", "--if-empty")
    assert "already has data" in again.stdout
    proc = start(env, port)
    try:
        wait_healthy(base)
        client = login(base, "applicant", "demo-Pass-1")
        assert "南昌映画文化传媒有限公司" in client.get("/").text
    finally:
        stop_with_ctrl_c(proc)


def test_serve_stops_everything_when_a_process_dies(tmp_path):
    env = {**os.environ, "MICRODRAMA_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = free_port()
    with socket.socket() as blocker:  # the web server cannot bind: it exits, and serve must follow
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
        proc = start(env, port)
        out, _ = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "web exited" in out

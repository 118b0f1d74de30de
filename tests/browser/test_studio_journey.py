"""The AI lab end to end, in Chromium, with a real Celery worker running the jobs: a creator starts
a project from a premise, runs the pipeline (one small episode), edits a line of the script, re-runs
the storyboard, re-renders only the shot that changed, plays it, exports, and sends the project to
filing, where the company's applicant finds the pre-filled drama."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from .conftest import PASSWORD

pytestmark = pytest.mark.slow

PREMISE = "为了应付催婚，插画师在街头拉住陌生人假扮男友，没想到他是新上司"


@pytest.fixture
def studio_worker(demo_site, settings):
    """A real `microdrama worker` on the test database, rendering small like the live server."""
    from tests.studio.worker_settings import STUDIO

    settings.STUDIO = STUDIO
    db_path = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "MICRODRAMA_VAR_DIR": str(settings.VAR_DIR),
        "MICRODRAMA_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.studio.worker_settings",
    }
    for name in ("MICRODRAMA_LLM_BASE_URL", "MICRODRAMA_LLM_MODEL", "MICRODRAMA_LLM_API_KEY"):
        env.pop(name, None)
    log = open(settings.VAR_DIR / "studio-worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "microdrama.cli", "worker", "-c", "1", "-n", "studio@%h"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def go(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def flash(page) -> str:
    return " ".join(page.locator(".messages .alert").all_inner_texts())


def wait_for_job(page, timeout: float = 120_000) -> str:
    """The job panel polls while a job runs and reloads the page when it is done."""
    page.wait_for_selector("[data-testid=jobs][data-active='0'] [data-testid=job]", timeout=timeout)
    job = page.locator("[data-testid=job]").first
    assert job.get_attribute("data-status") == "done", job.inner_text()
    return job.inner_text()


def test_a_creator_goes_from_premise_to_a_filed_draft(chromium, demo_site, studio_worker, login, shot):
    base = demo_site.url
    page = login("creator")
    page.set_default_timeout(20000)
    go(page, "[data-nav=studio]")
    go(page, "[data-testid=new-project]")
    page.fill("#id_premise", PREMISE)
    page.select_option("#id_genre", "甜宠")
    page.fill("#id_episodes", "1")
    go(page, "[data-testid=create-project]")
    assert "项目已创建" in flash(page)
    project_url = page.url

    # --- the whole pipeline, with live progress from the worker --------------------------------------
    go(page, "[data-testid=run-all]")
    page.wait_for_selector("[data-testid=job-message]")  # progress shows while it runs
    wait_for_job(page)
    states = page.locator("[data-testid=stages] tr[data-state]").evaluate_all(
        "rows => rows.map(r => r.dataset.state)"
    )
    assert states == ["fresh"] * 7, states
    title = page.locator("[data-testid=project-title]").inner_text()
    shot(page, "studio-project")

    # --- edit one spoken line (same length, so the shots are cut the same way) -----------------------
    go(page, "[data-tab=scripts]")
    line = page.locator("[data-testid=line][data-kind=dialogue] [data-testid=line-text]").nth(1)
    old = line.input_value()
    new = ("其实我早就认出你了" + "。" * 40)[: len(old)]
    line.fill(new)
    go(page, "[data-testid=save-script]")
    assert "剧本已保存" in flash(page)

    page.goto(project_url)
    assert page.locator("[data-testid=stage-scripts]").get_attribute("data-edited") == "1"
    assert page.locator("[data-testid=stage-storyboard]").get_attribute("data-state") == "stale"
    go(page, "[data-testid=stage-storyboard] [data-testid=run-stage]")
    wait_for_job(page)

    # --- the storyboard shows the one changed shot; re-render only it ---------------------------------
    go(page, "[data-tab=storyboard]")
    changed = page.locator("[data-testid=shot-card][data-changed='1'][data-rendered='1']")
    assert changed.count() == 1
    assert new in changed.inner_text()
    number = changed.get_attribute("data-shot")
    shot(page, "studio-storyboard")
    go(page, f"[data-testid=shot-card][data-shot='{number}'] [data-testid=render-shot]")
    summary = wait_for_job(page)
    assert f"渲染了 1 个镜头（e01-s{int(number):03d}）" in summary, summary
    assert page.locator("[data-testid=shot-card][data-changed='1']").count() == 0

    # --- play the shot ---------------------------------------------------------------------------------
    go(page, f"[data-testid=shot-card][data-shot='{number}'] a")
    assert page.locator("[data-testid=shot-current]").count() == 1
    page.evaluate("""async () => { const v = document.querySelector('[data-testid=shot-player]');
        v.muted = true; await v.play(); }""")
    page.wait_for_function(
        "document.querySelector('[data-testid=shot-player]').currentTime > 0.5", timeout=20000
    )
    shot(page, "studio-shot")

    # --- export, and the Fountain carries the edited line ---------------------------------------------
    go(page, "[data-tab=export]")
    assert page.locator("[data-testid=export-stale]").count() == 1  # the storyboard changed since
    go(page, "[data-testid=run-export]")
    wait_for_job(page)
    assert page.locator("[data-testid=export-stale]").count() == 0
    fountain = page.locator("[data-testid=export-fountain]").get_attribute("href")
    text = page.request.get(base + fountain).text()
    assert new in text and "@" in text
    assert (
        page.request.get(base + page.locator("[data-testid=export-pdf]").get_attribute("href")).body()[:4]
        == b"%PDF"
    )
    go(page, "[data-tab=screening]")
    assert page.locator("[data-testid=episode-player]").count() == 1
    shot(page, "studio-screening")

    # --- send to filing; the company's applicant finds the pre-filled draft -----------------------------
    page.goto(project_url)
    go(page, "[data-testid=send-to-filing]")
    assert "已送备案中心" in flash(page), flash(page)
    page.context.close()

    applicant = chromium.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN").new_page()
    applicant.goto(f"{base}/accounts/login/")
    applicant.fill("#id_username", "applicant")
    applicant.fill("#id_password", PASSWORD)
    applicant.click("[data-testid=login-submit]")
    applicant.goto(f"{base}/filing/?scope=all&q={title}")
    go(applicant, f"a:has-text('{title}')")
    body = applicant.locator("main").inner_text()
    assert title in body and "甜宠" in body
    shot(applicant, "studio-filing-draft")
    applicant.context.close()

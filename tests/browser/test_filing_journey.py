"""The filing centre end to end, in Chromium, with a real Celery worker doing the technical pre-check:

a company files a drama, gets a revision request through its 剧管家, fixes it, passes 初审, records
its planning number, uploads the cut, gets the automatic pre-check report and three reviewers'
opinions, passes 成片预审 and records its online number; the public can then verify the number.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .conftest import PASSWORD

pytestmark = pytest.mark.slow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def worker(demo_site):
    """A real `microdrama worker` process on the test database and the filesystem broker."""
    db_path = connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "MICRODRAMA_VAR_DIR": str(settings.VAR_DIR),
           "MICRODRAMA_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(settings.VAR_DIR / "journey-worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "microdrama.cli", "worker", "-c", "1", "-n", "journey@%h"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def cut(tmp_path_factory):
    """Two 12-second episodes with the planning number in their opening titles (written later)."""
    return tmp_path_factory.mktemp("cut")


def as_user(chromium, base: str, username: str):
    context = chromium.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    return page


def go(page, selector: str) -> None:
    """Click a button that submits a form and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def flash(page) -> str:
    return " ".join(page.locator(".messages .alert").all_inner_texts())


def state(page, stage: str) -> str:
    return page.locator(f"[data-testid=app-{stage}]").get_attribute("data-state")


def review_round(chromium, base, drama_url, stage, shot, watch: bool):
    """Each of the three reviewers answers the checklist, writes an opinion and gives a verdict."""
    for n in (1, 2, 3):
        page = as_user(chromium, base, f"reviewer{n}")
        page.goto(drama_url)
        go(page, f"[data-testid=app-{stage}] [data-testid=review-link]")
        if watch:
            for episode in (1, 2):
                page.goto(re.sub(r"\?.*$", "", page.url) + f"?episode={episode}")
                page.evaluate("""async () => { const v = document.getElementById('player');
                    v.muted = true; await v.play(); v.playbackRate = 1.5; }""")
                page.wait_for_function("document.getElementById('player').ended", timeout=40000)
                page.wait_for_timeout(300)
                page.click("[data-testid=mark-full]")
                page.wait_for_selector("[data-testid=watched-full]")
        for item in page.locator("[data-testid=checklist] input[value=ok]").all():
            item.check()
        go(page, "[data-testid=save-checklist]")
        assert "检查单已保存" in flash(page)
        if watch:
            page.fill("#id_episode", "2")
            page.fill("#id_timecode", "00:07")
        page.select_option("#id_category", "subtitle" if watch else "title")
        page.select_option("#id_severity", "note")
        page.fill("#id_text", f"审核员{n}：字幕清晰，无导向问题")
        go(page, "[data-testid=save-opinion]")
        assert "意见已保存" in flash(page)
        page.select_option("#id_recommendation", "pass")
        page.fill("#id_summary", "内容积极向上，同意通过")
        go(page, "[data-testid=save-verdict]")
        assert "审核结论已提交" in flash(page), flash(page)
        if n == 3:
            shot(page, f"filing-review-{stage}")
            page.select_option("#id_decision", "pass")
            page.fill("#id_reason", "三名审核员一致同意通过")
            go(page, "[data-testid=act-decide]")
            assert "决定已记录" in flash(page), flash(page)
        page.context.close()


def report_and_number(chromium, base, drama_url, stage, number):
    page = as_user(chromium, base, "casemanager")
    page.goto(drama_url)
    go(page, f"[data-testid=app-{stage}] [data-testid=act-report]")
    page.fill(f"[data-testid=app-{stage}] [data-testid=number-form] input[name=number]", number)
    go(page, f"[data-testid=app-{stage}] [data-testid=act-record-number]")
    assert "备案号已登记" in flash(page), flash(page)
    assert page.locator(f"[data-testid=app-{stage}] [data-testid=number]").inner_text() == number
    page.context.close()


def test_a_drama_goes_from_filing_to_its_online_number(chromium, demo_site, worker, cut, shot, tmp_path):
    from microdrama.filing.demo_media import make_episode

    base = demo_site.url
    # --- the company files the drama -----------------------------------------------------------
    company = as_user(chromium, base, "applicant")
    go(company, "[data-nav=filing]")
    go(company, "[data-testid=new-drama]")
    company.fill("#id_title", "赣水长流")
    company.select_option("#id_genre", "realism")
    company.fill("#id_synopsis", "赣江边一家三代船工的故事。")
    company.fill("#id_episodes", "2")
    company.fill("#id_minutes_per_episode", "0.2")
    company.fill("#id_total_minutes", "0.4")
    company.fill("#id_investment", "1500000")
    company.fill("#id_creators_text", "导演 周远\n主演 许晴川 陈海生")
    go(company, "[data-testid=save-drama]")
    assert "剧目已创建" in flash(company)
    drama_url = company.url
    for kind, name in [("script", "剧本.pdf"), ("script_pledge", "承诺书.pdf")]:
        company.select_option("[data-testid=attachment-form] select[name=kind]", kind)
        company.set_input_files("[data-testid=attachment-form] input[type=file]",
                                files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])
        go(company, "[data-testid=attachment-form] button")
        assert "已上传" in flash(company)
    go(company, "[data-testid=start-planning]")
    go(company, "[data-testid=act-submit]")
    assert "还缺少申报材料：成本配置报告" in flash(company)  # refused, nothing changed
    company.select_option("[data-testid=attachment-form] select[name=kind]", "cost_report")
    company.set_input_files("[data-testid=attachment-form] input[type=file]",
                            files=[{"name": "成本配置报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    go(company, "[data-testid=attachment-form] button")
    go(company, "[data-testid=act-submit]")
    assert "已提交" in flash(company)
    assert state(company, "planning") == "submitted"
    assert company.locator("[data-testid=app-planning] [data-testid=tier]").inner_text() == "普通"

    # --- the 剧管家 accepts and asks for a revision ------------------------------------------------
    manager = as_user(chromium, base, "casemanager")
    manager.goto(drama_url)
    go(manager, "[data-testid=app-planning] [data-testid=act-accept]")
    manager.click("[data-testid=app-planning] [data-testid=open-revision]")
    manager.fill("[data-testid=app-planning] [data-testid=revision-form] textarea[name=missing]",
                 "成本配置报告缺少演员片酬明细\n分集大纲第 2 集结尾需要写清楚")
    go(manager, "[data-testid=app-planning] [data-testid=act-request-revision]")
    assert "已发出补正通知" in flash(manager)
    assert manager.locator("[data-testid=app-planning] [data-testid=clock]").get_attribute("data-status") == "paused"
    manager.context.close()

    # --- the company sees what is missing in plain words and fixes it -----------------------------
    company.goto(drama_url)
    items = company.locator("[data-testid=revision-items] li").all_inner_texts()
    assert items == ["成本配置报告缺少演员片酬明细", "分集大纲第 2 集结尾需要写清楚"]
    shot(company, "filing-revision-request")
    company.fill("[data-testid=message-form] textarea", "已补充片酬明细，请查收")
    go(company, "[data-testid=message-form] button")
    company.select_option("[data-testid=attachment-form] select[name=kind]", "cost_report")
    company.set_input_files("[data-testid=attachment-form] input[type=file]",
                            files=[{"name": "成本配置报告-补正.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    go(company, "[data-testid=attachment-form] button")
    company.fill("[data-testid=app-planning] [data-testid=resubmit-note]", "已补充片酬明细和分集大纲")
    go(company, "[data-testid=app-planning] [data-testid=act-resubmit]")
    assert state(company, "planning") == "resubmitted"

    # --- 初审 with three reviewers, then the planning number -------------------------------------
    manager = as_user(chromium, base, "casemanager")
    manager.goto(drama_url)  # opening the page reads the company's message
    boxes = manager.locator("[data-testid=app-planning] [data-testid=start-review-form] input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    go(manager, "[data-testid=app-planning] [data-testid=act-start-review]")
    assert "已转入审核" in flash(manager), flash(manager)
    manager.context.close()
    company.reload()
    assert company.locator("[data-testid=read-receipt]").first.inner_text() == "已读"
    review_round(chromium, base, drama_url, "planning", shot, watch=False)
    year = time.localtime().tm_year
    planning_number = f"(赣)网微剧备字({year})第07001号"
    report_and_number(chromium, base, drama_url, "planning", planning_number)

    # --- the cut: resumable upload, automatic pre-check by the worker ------------------------------
    company.goto(drama_url)
    go(company, "[data-testid=start-online]")
    assert "/episodes/" in company.url
    files = [make_episode(Path(cut) / f"ep{n}.mp4", "赣水长流", n, planning_number, seconds=12) for n in (1, 2)]
    bad = tmp_path / "not-a-video.mp4"
    bad.write_bytes(b"this is not a video at all" * 100)
    company.set_input_files("[data-testid=upload-1]", str(bad))
    company.wait_for_function("document.querySelector('#episode-1 .upload-note').textContent.includes('不是可用的视频')")
    for n, path in enumerate(files, start=1):
        with company.expect_navigation():  # the page reloads once the upload is filed
            company.set_input_files(f"[data-testid=upload-{n}]", str(path))
        company.wait_for_selector(f"[data-testid=episode-{n}] [data-testid=qc-status]")
    company.wait_for_function(
        "[...document.querySelectorAll('[data-testid=qc-status]')].length === 2 && "
        "[...document.querySelectorAll('[data-testid=qc-status]')].every(e => e.dataset.status === 'passed')",
        timeout=120000)
    shot(company, "filing-episodes-checked")
    go(company, "[data-testid=episode-1] [data-testid=qc-report-link]")
    assert "技术预检通过" in company.locator("[data-testid=qc-summary]").inner_text()
    assert "片头识别到规划备案号" in company.content()
    shot(company, "filing-qc-report")
    company.go_back()
    go(company, "[data-testid=submit-online]")
    assert "已提交" in flash(company), flash(company)

    # --- 成片预审: three reviewers watch every episode in full ------------------------------------
    manager = as_user(chromium, base, "casemanager")
    manager.goto(drama_url)
    go(manager, "[data-testid=app-online] [data-testid=act-accept]")
    boxes = manager.locator("[data-testid=app-online] [data-testid=start-review-form] input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    go(manager, "[data-testid=app-online] [data-testid=act-start-review]")
    manager.context.close()
    review_round(chromium, base, drama_url, "online", shot, watch=True)
    online_number = f"(赣)网微剧备字({year})第07002号"
    report_and_number(chromium, base, drama_url, "online", online_number)

    company.goto(drama_url)
    assert state(company, "online") == "numbered"
    timeline = company.locator("[data-testid=app-planning] [data-testid=timeline] li").all_inner_texts()
    assert len(timeline) == 8
    shot(company, "filing-drama-numbered")

    # --- anyone can verify the number ------------------------------------------------------------
    public = chromium.new_page()
    public.goto(f"{base}/verify/?number={online_number}")
    assert "赣水长流" in public.locator("[data-testid=verify-result]").inner_text()
    shot(public, "filing-verify")
    public.close()

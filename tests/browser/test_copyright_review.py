"""The copyright centre in Chromium: a cropped, re-encoded copy of a registered episode turns up in a
watched folder while the centre's policy sends every case to an officer (its automatic confirmation
threshold is above any score), so the case waits for an officer. The officer opens it, compares the
matched segments and the frame pairs, confirms it, and the warning letter goes out; the platform
finds the letter in its inbox. Screenshots of every page on the way."""

from __future__ import annotations

import os
import shutil

import pytest
from django.utils import timezone

from microdrama.enforcement.models import Case, Policy
from tests.monitoring.clips import make_pirated
from tests.monitoring.fixtures import NUMBER, TITLE, clips  # noqa: F401  (session fixture)

pytestmark = pytest.mark.slow


@pytest.fixture
def borderline_case(demo_site, clips, settings, tmp_path, django_capture_on_commit_callbacks):  # noqa: F811
    from microdrama.accounts.models import Organisation, User
    from microdrama.hub.celery import app
    from microdrama.monitoring import services as monitoring
    from microdrama.monitoring.models import Source
    from microdrama.rights import services as rights

    settings.MICRODRAMA = {**settings.MICRODRAMA, "index_dir": tmp_path / "index"}
    settings.MONITORING_FOLDER_ROOTS = [str(tmp_path)]
    app.conf.task_always_eager = True
    try:
        officer = User.objects.get(username="copyright")
        owner = Organisation.objects.get(short_name="映画文化")
        work = rights.create_work(officer, owner, TITLE, NUMBER, ["林秋月"])
        rights.add_episode_file(work, 1, clips["episode"], f"{TITLE}-01.mp4")  # registered on commit (eager)
        folder = tmp_path / "uploads"
        folder.mkdir()
        # The sample encoder is not bit-for-bit repeatable, so exact borderline scores are not
        # either: the policy, which is data, makes every match a case for an officer instead.
        Policy.objects.update_or_create(
            effective_from=timezone.localdate(),
            defaults={"confirm_threshold": 1.01, "note": "试运行期间所有案件由版权专员复核"},
        )
        make_pirated(clips["episode"], folder / "clip.mp4", crop=0.1, width=270, height=480)
        os.utime(folder / "clip.mp4", (1, 1))
        source = Source.objects.create(
            name="青柠·可疑上传",
            kind="folder",
            folder_path=str(folder),
            platform=Organisation.objects.get(short_name="青柠视频"),
        )
        monitoring.execute_run(monitoring.start_run(source))
        case = Case.objects.get(work=work)
        yield case
    finally:
        app.conf.task_always_eager = False
        shutil.rmtree(tmp_path / "index", ignore_errors=True)


def test_an_officer_reviews_a_borderline_case_and_the_letter_goes_out(
    borderline_case, login, shot, page, demo_site
):
    case = borderline_case
    policy = Policy.current()
    assert policy.review_threshold <= case.score < policy.confirm_threshold, case.score
    assert case.state == Case.State.DETECTED

    login("copyright")
    page.goto(f"{demo_site.url}/monitoring/")
    page.wait_for_selector("#chart-volume canvas")
    shot(page, "copyright-monitoring")
    page.goto(f"{demo_site.url}/enforcement/?state=detected")
    shot(page, "copyright-review-queue")
    page.click(f"text={case.number}")
    page.wait_for_selector("[data-testid=review]")
    page.wait_for_selector("#chart-align canvas")
    assert page.locator("[data-testid=case-state]").get_attribute("data-state") == "detected"
    assert page.locator("[data-testid=case-score]").inner_text() == f"{case.score:.2f}"
    pairs = page.locator("[data-testid=frame-pair] img")
    assert pairs.count() >= 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=frame-pair] img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    assert page.locator("[data-testid=suspect-sha256]").inner_text() == case.candidate.sha256
    shot(page, "copyright-case-review")

    page.fill("[data-testid=review-reason]", "画面与原片第 6–9 秒一致，裁切后搬运，确认侵权")
    with page.expect_navigation():
        page.click("[data-testid=confirm]")
    assert page.locator("[data-testid=case-state]").get_attribute("data-state") == "notice_sent"
    assert "确认侵权" in page.locator("[data-testid=timeline]").inner_text()
    assert page.locator("[data-testid=deliveries] [data-status=delivered]").count() == 1
    shot(page, "copyright-case-confirmed")
    case.refresh_from_db()
    assert case.reviewed_by.username == "copyright" and case.notice_sent_at

    page.goto(f"{demo_site.url}/enforcement/dashboard/")
    page.wait_for_selector("#chart-notice canvas")
    shot(page, "copyright-dashboard")

    page.context.clear_cookies()
    login("platform2")  # 青柠视频's contact
    page.goto(f"{demo_site.url}/enforcement/notices/")
    assert case.notices.get().number in page.locator("[data-testid=notices]").inner_text()
    page.click(f"text={case.notices.get().number}")
    page.wait_for_selector("[data-testid=report-takedown]")
    shot(page, "copyright-platform-notice")

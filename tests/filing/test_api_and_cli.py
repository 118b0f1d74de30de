"""The filing API and command line: the same operations and answers as the web pages."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from microdrama.accounts.services import issue_token
from microdrama.filing import services


def call(client, user, method, url, body=None):
    _t, raw = issue_token(user, "api")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, **kwargs)


def test_a_drama_is_filed_and_accepted_through_the_api(client, applicant, case_manager):
    created = call(client, applicant, "post", "/api/v1/filing/dramas", {
        "title": "接口剧目", "genre": "urban", "synopsis": "x", "episodes": 10, "minutes_per_episode": "2",
        "total_minutes": "20", "investment": "800000"})
    assert created.status_code == 201, created.content
    drama_id = created.json()["id"]
    app = call(client, applicant, "post", f"/api/v1/filing/dramas/{drama_id}/applications/planning").json()
    refused = call(client, applicant, "post", f"/api/v1/filing/applications/{app['id']}/actions/submit", {})
    assert refused.status_code == 422 and "剧本或分集大纲" in refused.json()["detail"]
    from microdrama.filing.models import Attachment, Drama

    from .conftest import pdf

    drama = Drama.objects.get(pk=drama_id)
    for kind in (Attachment.Kind.OUTLINE, Attachment.Kind.SCRIPT_PLEDGE, Attachment.Kind.COST_REPORT):
        services.add_attachment(drama, applicant, kind, pdf())
    submitted = call(client, applicant, "post", f"/api/v1/filing/applications/{app['id']}/actions/submit", {})
    assert submitted.json()["state"] == "submitted" and submitted.json()["tier"] == "other"
    version = submitted.json()["version"]
    accepted = call(client, case_manager, "post", f"/api/v1/filing/applications/{app['id']}/actions/accept",
                    {"version": version})
    body = accepted.json()
    assert body["state"] == "accepted" and body["clock"]["status"] == "running"
    assert body["clock"]["target_working_days"] == 3
    stale = call(client, case_manager, "post", f"/api/v1/filing/applications/{app['id']}/actions/accept",
                 {"version": version})
    assert stale.status_code == 409


def test_bad_api_input_is_explained(client, applicant):
    response = call(client, applicant, "post", "/api/v1/filing/dramas", {
        "title": "x", "genre": "urban", "synopsis": "x", "episodes": 10, "minutes_per_episode": "2",
        "total_minutes": "99", "investment": "-1"})
    assert response.status_code == 422
    assert "与 10 集 × 2 分钟 = 20 分钟不符" in response.json()["detail"]


def test_public_endpoints_need_no_login(client, db):
    assert client.get("/api/v1/filing/workdays/add?start=2025-09-30&days=3").json()["due"] == "2025-10-11"
    assert client.get("/api/v1/filing/workdays/between?start=2025-12-31&end=2026-12-31").json()["working_days"] == 248
    missing = client.get("/api/v1/filing/workdays/add?start=2031-01-05&days=3")
    assert missing.status_code == 422 and "2031" in missing.json()["detail"]
    result = client.get("/api/v1/filing/classify?investment=3500000&on=2026-02-01").json()
    assert result["tier"] == "key"
    verify = client.get("/api/v1/filing/verify", {"number": "not a number"}).json()
    assert verify == {"valid_format": False, "found": False, "message": verify["message"]}


def test_statistics_are_for_centre_staff(client, applicant, case_manager):
    assert call(client, applicant, "get", "/api/v1/filing/stats").status_code == 403
    figures = call(client, case_manager, "get", "/api/v1/filing/stats").json()
    assert set(figures["totals"]) == {"received", "planning_passed", "online_passed"}


def cli(*args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "microdrama.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_answers_and_fails_clearly():
    added = cli("workdays", "add", "2026-04-30", "5")
    assert added.stdout.strip() == "2026-05-11", added.stderr[-2000:]
    assert cli("workdays", "between", "2025-12-31", "2026-12-31").stdout.strip() == "248"
    bad_date = cli("workdays", "add", "2026-02-30", "3")
    assert bad_date.returncode != 0 and "YYYY-MM-DD" in bad_date.stderr
    missing = cli("workdays", "add", "2030-01-02", "3")
    assert missing.returncode != 0 and "2030 年的工作日历尚未导入" in missing.stderr
    tier = cli("filing", "classify", "--investment", "1500000", "--date", "2026-03-01", "--json")
    assert json.loads(tier.stdout)["tier"] == "ordinary"
    assert cli("filing", "classify", "--investment", "-3", "--date", "2026-03-01").returncode != 0
    good = cli("filing", "check-number", "（赣）网微剧备字（2026）第00123号", "--tier", "ordinary")
    assert good.returncode == 0 and good.stdout.startswith("valid")
    bad = cli("filing", "check-number", "(赣)网微剧审字(2026)第001号", "--tier", "ordinary")
    assert bad.returncode == 1 and "网微剧备字" in bad.stdout

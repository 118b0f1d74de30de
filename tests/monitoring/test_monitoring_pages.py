"""The monitoring pages and API belong to the copyright centre: its officers define sources, run them
and read their logs; rights holders and platforms are turned away. Bad source settings are refused
with the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microdrama.accounts.models import ApiToken
from microdrama.accounts.roles import Role
from microdrama.monitoring.models import Run, Source

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def test_the_centre_creates_a_source_and_sees_its_runs(client, officer, watch_root, platform_org):
    client.force_login(officer)
    response = client.post(
        reverse("monitoring:source_create"),
        {
            "name": "星河·上传目录",
            "kind": "folder",
            "platform": platform_org.pk,
            "enabled": "on",
            "interval_minutes": 15,
            "folder_path": str(watch_root),
            "result_link_pattern": "/v/",
            "credential_header": "Authorization",
            "max_bytes": 10**8,
            "max_duration": 3600,
            "fetch_timeout": 60,
            "max_items": 10,
        },
    )
    source = Source.objects.get(name="星河·上传目录")
    assert response.status_code == 302 and source.platform == platform_org
    client.post(reverse("monitoring:source_run", args=[source.pk]))
    run = Run.objects.get(source=source)
    page = client.get(reverse("monitoring:run", args=[run.pk])).content.decode()
    assert 'data-testid="run-log"' in page
    assert "星河·上传目录" in client.get(reverse("monitoring:index")).content.decode()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"kind": "folder", "folder_path": "/etc"}, "不在允许监控的目录内"),
        ({"kind": "search", "search_url_template": "https://x.example.com/search"}, "{query}"),
        ({"kind": "search", "search_prefix": "rm -rf"}, "ytsearch10:"),
        (
            {"kind": "feed", "feed_url": "https://x.example.com/f.json", "credential_env": "Bearer abc123"},
            "环境变量的名称",
        ),
        ({"kind": "search"}, "至少需要"),
    ],
)
def test_bad_source_settings_are_refused_with_the_reason(client, officer, watch_root, fields, error):
    client.force_login(officer)
    data = {
        "name": "bad",
        "interval_minutes": 10,
        "result_link_pattern": "/v/",
        "max_bytes": 1000,
        "max_duration": 60,
        "fetch_timeout": 60,
        "max_items": 5,
        "credential_header": "Authorization",
        **fields,
    }
    response = client.post(reverse("monitoring:source_create"), data)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Source.objects.exists()


def test_companies_and_platforms_cannot_open_monitoring(client, holder, platform_user, watch_root):
    source = make_source("folder", folder_path=str(watch_root))
    for user in (holder, platform_user):
        client.force_login(user)
        assert client.get(reverse("monitoring:index")).status_code == 403
        assert client.get(reverse("monitoring:source", args=[source.pk])).status_code == 403
        raw = ApiToken.issue(user, "t")[1]
        assert client.get("/api/v1/monitoring/sources", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403


def test_the_api_lists_sources_and_runs_one(client, officer, watch_root, django_capture_on_commit_callbacks):
    source = make_source("folder", folder_path=str(watch_root), credential_env="SOME_TOKEN")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(officer, 't')[1]}"}
    listed = client.get("/api/v1/monitoring/sources", **auth).json()
    assert listed[0]["name"] == source.name and listed[0]["credential_env"] == "SOME_TOKEN"
    with django_capture_on_commit_callbacks(execute=False):
        started = client.post(f"/api/v1/monitoring/sources/{source.pk}/run", **auth)
    assert started.status_code == 202 and started.json()["trigger"] == "api"
    assert client.get(f"/api/v1/monitoring/runs/{started.json()['id']}", **auth).json()["log"] == []


def test_a_rights_holders_own_officer_still_cannot_see_monitoring(client, make_user, holder_org):
    company_officer = make_user(Role.COPYRIGHT_OFFICER, org=holder_org)
    client.force_login(company_officer)
    assert client.get(reverse("monitoring:index")).status_code == 403

"""Per-object access everywhere: a company sees only the cases about its own works, a platform only
the notices addressed to it (and nothing before a notice), in pages, API and downloads; anything
else answers 404 and reveals nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microdrama.accounts.models import ApiToken
from microdrama.accounts.roles import OrgKind, Role
from microdrama.enforcement.models import Case

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


@pytest.fixture
def strangers(make_user, make_org):
    return {
        "company": make_user(
            Role.APPLICANT, Role.COPYRIGHT_OFFICER, org=make_org(OrgKind.PRODUCTION, name="别家公司")
        ),
        "platform": make_user(Role.PLATFORM_CONTACT, org=make_org(OrgKind.PLATFORM, name="别家平台")),
    }


def urls(case) -> list[str]:
    notice = case.notices.first()
    item = case.evidence_items.first()
    out = [
        reverse("enforcement:case", args=[case.pk]),
        reverse("enforcement:evidence_zip", args=[case.pk]),
        reverse("enforcement:suspect_video", args=[case.pk]),
        reverse("enforcement:evidence_image", args=[case.pk, item.pk, "reference"]),
        f"/api/v1/enforcement/cases/{case.pk}",
        f"/api/v1/enforcement/cases/{case.pk}/evidence.zip",
    ]
    if notice:
        out += [
            reverse("enforcement:notice", args=[notice.pk]),
            reverse("enforcement:letter", args=[notice.pk]),
            f"/api/v1/enforcement/notices/{notice.pk}",
            f"/api/v1/enforcement/notices/{notice.pk}/letter.pdf",
        ]
    return out


def test_other_companies_and_platforms_get_404_for_everything_about_a_case(
    client, open_case, profile, strangers
):
    case = open_case(score=0.97)
    for who, user in strangers.items():
        client.force_login(user)
        auth = bearer(user)
        for url in urls(case):
            assert client.get(url, **auth).status_code == 404, (who, url)
        assert client.get("/api/v1/enforcement/cases", **auth).json() == []
        assert client.get("/api/v1/enforcement/notices", **auth).json() == []


def test_the_rights_holder_sees_its_case_and_downloads_the_evidence(client, open_case, profile, holder):
    case = open_case(score=0.97)
    client.force_login(holder)
    assert client.get(reverse("enforcement:case", args=[case.pk])).status_code == 200
    assert client.get(reverse("enforcement:evidence_zip", args=[case.pk])).content[:2] == b"PK"
    listed = client.get(f"/api/v1/enforcement/cases?work_id={case.work_id}", **bearer(holder)).json()
    assert [c["number"] for c in listed] == [case.number]


def test_a_platform_sees_a_case_only_once_a_notice_is_addressed_to_it(client, open_case, platform_user):
    waiting = open_case(score=0.6)  # detected, no letter yet
    client.force_login(platform_user)
    assert client.get(reverse("enforcement:case", args=[waiting.pk])).status_code == 404
    assert client.get(f"/api/v1/enforcement/cases/{waiting.pk}", **bearer(platform_user)).status_code == 404


def test_the_addressed_platform_reads_its_notice_but_not_the_fetched_video(
    client, open_case, profile, platform_user
):
    case = open_case(score=0.97)
    notice = case.notices.get()
    client.force_login(platform_user)
    assert client.get(reverse("enforcement:notice", args=[notice.pk])).status_code == 200
    assert client.get(reverse("enforcement:letter", args=[notice.pk])).status_code == 200
    assert client.get(reverse("enforcement:suspect_video", args=[case.pk])).status_code == 404
    assert client.get(reverse("enforcement:index")).status_code == 302  # platforms work from their inbox


def test_only_reviewers_may_confirm_and_a_platform_cannot(
    client, open_case, platform_user, holder, make_user, holder_org
):
    case = open_case(score=0.6)
    applicant_only = make_user(Role.APPLICANT, org=holder_org)
    client.force_login(applicant_only)
    assert (
        client.post(reverse("enforcement:act", args=[case.pk, "confirm"]), {"reason": "x"}).status_code == 403
    )
    client.force_login(platform_user)
    assert (
        client.post(reverse("enforcement:act", args=[case.pk, "confirm"]), {"reason": "x"}).status_code == 404
    )
    case.refresh_from_db()
    assert case.state == Case.State.DETECTED


def test_the_centre_edits_platform_profiles_and_nobody_else(client, officer, holder, platform_org):
    url = reverse("enforcement:platform_edit", args=[platform_org.pk])
    client.force_login(holder)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    bad = client.post(
        url,
        {
            "webhook_url": "https://p.example.com/hook",
            "webhook_secret_env": "my secret value",
            "response_hours": 48,
        },
    )
    page = bad.content.decode()
    assert "环境变量的名称" in page and "1 到 24 小时" in page
    ok = client.post(
        url,
        {
            "notice_email": "ipr@p.example.com",
            "webhook_url": "https://p.example.com/hook",
            "webhook_secret_env": "P_SECRET",
            "response_hours": 12,
            "api_enabled": "on",
        },
    )
    assert ok.status_code == 302 and platform_org.enforcement_profile.webhook_secret_env == "P_SECRET"

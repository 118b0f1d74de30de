"""Platforms answer through the API (or the inbox page): list the notices addressed to them, report
a takedown, or dispute with a reason; the officer then accepts or rejects the dispute."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microdrama.accounts.models import ApiToken
from microdrama.enforcement import services
from microdrama.enforcement.models import Case, Notice

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


@pytest.fixture
def notice(open_case, profile, fake_platform):
    fake_platform.webhook_mode = "error"  # the video stays up until the platform acts
    return open_case(score=0.97).notices.get()


def test_a_platform_lists_its_notices_and_reports_the_takedown(
    client, notice, platform_user, fake_platform, django_capture_on_commit_callbacks
):
    auth = bearer(platform_user)
    listed = client.get("/api/v1/enforcement/notices?pending=true", **auth).json()
    assert [n["number"] for n in listed] == [notice.number] and listed[0]["infringing_url"] == notice.case.url
    letter = client.get(f"/api/v1/enforcement/notices/{notice.pk}/letter.pdf", **auth)
    assert letter.content.startswith(b"%PDF")
    fake_platform.videos["v1"].removed = True
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            f"/api/v1/enforcement/notices/{notice.pk}/takedown",
            {"note": "已下架"},
            content_type="application/json",
            **auth,
        )
    assert answered.status_code == 200
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.REMOVED  # verified at once
    notice.refresh_from_db()
    assert notice.response == Notice.Response.TAKEN_DOWN and notice.responded_by == platform_user
    again = client.post(
        f"/api/v1/enforcement/notices/{notice.pk}/takedown", {}, content_type="application/json", **auth
    )
    assert again.status_code == 409


def test_a_dispute_needs_a_reason_and_reaches_the_officers(client, notice, platform_user, officer):
    auth = bearer(platform_user)
    short = client.post(
        f"/api/v1/enforcement/notices/{notice.pk}/dispute",
        {"reason": "不"},
        content_type="application/json",
        **auth,
    )
    assert short.status_code == 422 and "至少 5 个字" in short.json()["detail"]
    ok = client.post(
        f"/api/v1/enforcement/notices/{notice.pk}/dispute",
        {"reason": "该账号为剧方授权的宣发账号，授权书编号 SQ-1"},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 200 and ok.json()["state"] == "disputed"
    assert officer.notifications.filter(key__startswith=f"case-dispute:{notice.case_id}").exists()


def test_the_officer_rejects_a_dispute_and_the_case_is_escalated(client, notice, platform_user, officer):
    services.dispute(notice, platform_user, "我们认为这是合理使用")
    client.force_login(officer)
    response = client.post(
        reverse("enforcement:act", args=[notice.case_id, "dispute_rejected"]),
        {"reason": "全片搬运，不属于合理使用"},
    )
    case = Case.objects.get(pk=notice.case_id)
    assert response.status_code == 302 and case.state == Case.State.ESCALATED
    assert case.notices.get(kind=Notice.Kind.ESCALATION).recipient == notice.recipient


def test_the_officer_accepts_a_dispute_and_closes_the_case(client, notice, platform_user, officer):
    services.dispute(notice, platform_user, "已获得权利人书面授权")
    client.force_login(officer)
    client.post(reverse("enforcement:act", args=[notice.case_id, "dispute_accepted"]), {"reason": "授权属实"})
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.DISPUTE_ACCEPTED


def test_only_the_addressed_platform_may_answer(client, notice, holder, make_user, make_org):
    from microdrama.accounts.roles import OrgKind, Role

    other = make_user(Role.PLATFORM_CONTACT, org=make_org(OrgKind.PLATFORM, name="别的平台"))
    url = f"/api/v1/enforcement/notices/{notice.pk}/takedown"
    assert client.post(url, {}, content_type="application/json", **bearer(other)).status_code == 404
    assert client.post(url, {}, content_type="application/json", **bearer(holder)).status_code == 403
    assert Case.objects.get(pk=notice.case_id).state == Case.State.NOTICE_SENT


def test_the_inbox_page_lets_the_platform_answer(client, notice, platform_user):
    client.force_login(platform_user)
    page = client.get(reverse("enforcement:notice", args=[notice.pk])).content.decode()
    assert 'data-testid="report-takedown"' in page and notice.case.url in page
    client.post(reverse("enforcement:answer", args=[notice.pk, "dispute"]), {"reason": "短"})
    assert Case.objects.get(pk=notice.case_id).state == Case.State.NOTICE_SENT  # refused, nothing changed
    client.post(
        reverse("enforcement:answer", args=[notice.pk, "dispute"]), {"reason": "已取得信息网络传播权授权"}
    )
    assert Case.objects.get(pk=notice.case_id).state == Case.State.DISPUTED

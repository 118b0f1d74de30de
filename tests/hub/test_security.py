"""CSRF protection and per-section access: forged posts change nothing; roles open only their centres."""

import pytest
from django.test import Client
from django.urls import reverse

from microdrama.accounts.models import ApiToken
from microdrama.accounts.roles import Role


def test_forged_post_without_csrf_token_is_refused_and_changes_nothing(applicant):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    response = browser.post(reverse("profile"), {"name": "forged", "days": 30})
    assert response.status_code == 403
    assert "请求已过期或来源无法验证" in response.content.decode()
    assert not ApiToken.objects.filter(user=applicant).exists()


def test_post_with_the_page_csrf_token_goes_through(applicant):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    page = browser.get(reverse("profile"))
    token = page.cookies["csrftoken"].value
    response = browser.post(reverse("profile"), {"name": "real", "days": 30, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=applicant, name="real").exists()


def test_session_api_calls_need_csrf_for_writes(applicant):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    assert browser.get("/api/v1/accounts/me").status_code == 200
    response = browser.post("/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=applicant).exists()


@pytest.mark.parametrize(
    ("role", "allowed", "forbidden"),
    [
        (Role.APPLICANT, ["filing:index", "rights:index", "locations:index", "talent:index"], ["studio:index"]),
        (Role.CREATOR, ["studio:index", "locations:index", "talent:index"], ["filing:index", "rights:index"]),
        (Role.REVIEWER, ["filing:index"], ["rights:index", "studio:index", "locations:index", "talent:index"]),
        (Role.LOCATION_MANAGER, ["locations:index"], ["filing:index", "rights:index", "studio:index", "talent:index"]),
        (Role.TALENT_OFFICER, ["talent:index"], ["filing:index", "rights:index", "studio:index", "locations:index"]),
        (Role.PLATFORM_CONTACT, ["rights:index"], ["filing:index", "studio:index", "locations:index", "talent:index"]),
    ],
)
def test_each_role_opens_only_its_centres(client, make_user, role, allowed, forbidden):
    client.force_login(make_user(role))
    for name in allowed:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        assert "/accounts/login/" not in response.redirect_chain[-1][0] if response.redirect_chain else True
    for name in forbidden:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "无权访问" in response.content.decode()


def test_admin_site_is_for_staff_only(client, applicant):
    client.force_login(applicant)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_media_urls_serve_only_shared_files_to_logged_in_people(client, applicant, settings, tmp_path):
    from pathlib import Path

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "locations/sets/1").mkdir(parents=True)
    (tmp_path / "locations/sets/1/photo.jpg").write_bytes(b"\xff\xd8\xff photo")
    (tmp_path / "filing/applications/1").mkdir(parents=True)
    (tmp_path / "filing/applications/1/cut.mp4").write_bytes(b"private cut")
    assert client.get("/media/locations/sets/1/photo.jpg").status_code == 302  # login first
    client.force_login(applicant)
    assert client.get("/media/locations/sets/1/photo.jpg").status_code == 200
    assert client.get("/media/filing/applications/1/cut.mp4").status_code == 404
    assert client.get("/media/locations/sets/../../filing/applications/1/cut.mp4").status_code == 404
    assert Path(tmp_path / "filing/applications/1/cut.mp4").exists()

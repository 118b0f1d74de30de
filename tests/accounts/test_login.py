"""Logging in and out, wrong passwords and the lockout that throttles guessing."""

import pytest
from django.urls import reverse

from microdrama.accounts.roles import Role

PASSWORD = "pass-Word-123"


@pytest.fixture
def person(make_user):
    return make_user(Role.APPLICANT, username="zhangming", password=PASSWORD)


def test_correct_password_logs_in_and_lands_on_the_dashboard(client, person):
    response = client.post(reverse("login"), {"username": "zhangming", "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user == person
    assert response.redirect_chain[-1][0] == reverse("home")


def test_wrong_password_says_so_and_does_not_log_in(client, person):
    response = client.post(reverse("login"), {"username": "zhangming", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "请输入一个正确的" in response.content.decode()  # Django's zh-hans message


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "zhangming", "password": "guess"})
    response = client.post(reverse("login"), {"username": "zhangming", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_global(client, person, make_user):
    other = make_user(Role.APPLICANT, username="liting", password=PASSWORD)
    for _ in range(5):
        client.post(reverse("login"), {"username": "zhangming", "password": "guess"})
    response = client.post(reverse("login"), {"username": "liting", "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user == other


def test_pages_need_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post_and_ends_the_session(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change_needs_the_old_password(client, person):
    client.force_login(person)
    url = reverse("password_change")
    bad = client.post(url, {"old_password": "nope", "new_password1": "Another-Pass-9", "new_password2": "Another-Pass-9"})
    assert bad.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    good = client.post(url, {"old_password": PASSWORD, "new_password1": "Another-Pass-9", "new_password2": "Another-Pass-9"})
    assert good.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Another-Pass-9")

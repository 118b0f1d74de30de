"""Personal API tokens: hashed at rest, usable once issued, refused with a reason when revoked or expired."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from microdrama.accounts.models import ApiToken
from microdrama.accounts.roles import Role
from microdrama.accounts.services import issue_token, revoke_token


def call_me(client, raw):
    return client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_token_secret_is_not_stored(applicant):
    token, raw = issue_token(applicant, "脚本")
    stored = ApiToken.objects.get(pk=token.pk)
    secret = raw.split("_", 2)[2]
    assert secret not in stored.key_hash
    assert stored.key_hash == ApiToken.hash_secret(secret)


def test_token_authenticates_its_owner(client, applicant):
    _token, raw = issue_token(applicant, "脚本")
    response = call_me(client, raw)
    assert response.status_code == 200
    assert response.json()["username"] == applicant.username
    assert Role.APPLICANT in response.json()["roles"]


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda t: setattr(t, "revoked_at", timezone.now()), "撤销"),
        (lambda t: setattr(t, "expires_at", timezone.now() - timedelta(minutes=1)), "过期"),
    ],
)
def test_revoked_or_expired_tokens_are_refused_with_the_reason(client, applicant, mutate, reason):
    token, raw = issue_token(applicant, "脚本")
    mutate(token)
    token.save()
    response = call_me(client, raw)
    assert response.status_code == 401
    assert reason in response.json()["detail"]


@pytest.mark.parametrize("raw", ["nonsense", "mdt_", "mdt_abc_def", ""])
def test_malformed_or_unknown_tokens_are_refused(client, db, raw):
    response = call_me(client, raw)
    assert response.status_code == 401


def test_a_changed_secret_is_refused(client, applicant):
    _token, raw = issue_token(applicant, "脚本")
    response = call_me(client, raw[:-1] + ("A" if raw[-1] != "A" else "B"))
    assert response.status_code == 401


def test_revoking_from_the_profile_page(client, applicant):
    token, raw = issue_token(applicant, "脚本")
    client.force_login(applicant)
    client.post(reverse("revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.state == "revoked"
    client.logout()
    assert call_me(client, raw).status_code == 401


def test_nobody_can_revoke_another_persons_token(client, applicant, make_user):
    token, _raw = issue_token(applicant, "脚本")
    intruder = make_user(Role.APPLICANT)
    client.force_login(intruder)
    assert client.post(reverse("revoke_token", args=[token.pk])).status_code == 404
    with pytest.raises(ApiToken.DoesNotExist):
        revoke_token(intruder, token.pk)
    token.refresh_from_db()
    assert token.state == "active"


def test_tokens_can_be_managed_through_the_api(client, applicant):
    _t, raw = issue_token(applicant, "bootstrap")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    created = client.post("/api/v1/accounts/tokens", {"name": "CI", "days": 30}, content_type="application/json", **auth)
    assert created.status_code == 201
    new_raw = created.json()["token"]
    assert call_me(client, new_raw).status_code == 200
    listed = client.get("/api/v1/accounts/tokens", **auth).json()
    assert {t["name"] for t in listed} == {"bootstrap", "CI"}
    client.delete(f"/api/v1/accounts/tokens/{created.json()['id']}", **auth)
    assert call_me(client, new_raw).status_code == 401


def test_a_token_needs_a_name(client, applicant):
    _t, raw = issue_token(applicant, "bootstrap")
    response = client.post("/api/v1/accounts/tokens", {"name": "  "}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    assert ApiToken.objects.filter(user=applicant).count() == 1

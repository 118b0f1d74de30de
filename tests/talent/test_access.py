"""Another company's casting sheet, roles, shortlist entries and CSV answer 404 in views, the API
and downloads; contact details reach only verified organisations."""

import pytest
from django.urls import reverse

from microdrama.accounts.roles import Role
from microdrama.accounts.services import issue_token
from microdrama.talent.services import casting


@pytest.fixture
def their_entry(other_producer, other_drama, make_profile):
    role = casting.set_roles_from_dicts(other_producer, other_drama, [{"name": "反派"}])[0]
    return casting.add_to_shortlist(other_producer, role, make_profile())


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, '测试')[1]}"}


def test_another_companys_casting_pages_are_404(client, producer, other_drama, their_entry):
    client.force_login(producer)
    role = their_entry.role
    for url in (
        reverse("talent:casting", args=[other_drama.pk]),
        reverse("talent:role", args=[role.pk]),
        reverse("talent:shortlist_csv", args=[other_drama.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("talent:entry_update", args=[their_entry.pk]),
        reverse("talent:entry_delete", args=[their_entry.pk]),
        reverse("talent:role_delete", args=[role.pk]),
        reverse("talent:shortlist_add", args=[role.pk, their_entry.profile.pk]),
        reverse("talent:roles_from_filing", args=[other_drama.pk]),
    ):
        assert client.post(url, {"status": "dropped"}).status_code == 404, url
    their_entry.refresh_from_db()
    assert their_entry.status == "candidate"


def test_another_companys_roles_and_shortlist_are_404_in_the_api(client, producer, other_drama, their_entry):
    auth = bearer(producer)
    assert client.get(f"/api/v1/talent/dramas/{other_drama.pk}/roles", **auth).status_code == 404
    assert client.get(f"/api/v1/talent/roles/{their_entry.role.pk}/matches", **auth).status_code == 404
    assert client.get(f"/api/v1/talent/roles/{their_entry.role.pk}/shortlist", **auth).status_code == 404
    response = client.post(
        f"/api/v1/talent/dramas/{other_drama.pk}/roles",
        {"roles": [{"name": "偷改"}]},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404


def test_contact_details_reach_only_verified_organisations(client, producer, make_user, make_profile):
    p = make_profile(phone="13800000000", wechat="wx_secret")
    assert (
        client.get(f"/api/v1/talent/profiles/{p.pk}", **bearer(producer)).json()["contact"]["phone"]
        == "13800000000"
    )
    platform = make_user(Role.PLATFORM_CONTACT)
    assert client.get(f"/api/v1/talent/profiles/{p.pk}", **bearer(platform)).status_code == 404
    creator_elsewhere = make_user(Role.CREATOR)
    creator_elsewhere.organisation.is_active = False
    creator_elsewhere.organisation.save()
    client.force_login(creator_elsewhere)
    page = client.get(reverse("talent:profile", args=[p.pk])).content.decode()
    assert "wx_secret" not in page and "联系方式仅向经过认证" in page
    client.force_login(producer)
    assert "wx_secret" in client.get(reverse("talent:profile", args=[p.pk])).content.decode()


def test_a_hidden_profile_is_404_for_companies(client, producer, make_profile):
    hidden = make_profile(status="hidden")
    client.force_login(producer)
    assert client.get(reverse("talent:profile", args=[hidden.pk])).status_code == 404
    assert client.get(f"/api/v1/talent/profiles/{hidden.pk}", **bearer(producer)).status_code == 404


def test_companies_cannot_edit_profiles_or_run_training(client, producer, make_profile):
    p = make_profile()
    client.force_login(producer)
    assert client.get(reverse("talent:profile_edit", args=[p.pk])).status_code == 404
    assert (
        client.post(
            reverse("talent:busy_add", args=[p.pk]), {"start": "2030-01-01", "end": "2030-01-02"}
        ).status_code
        == 404
    )
    assert client.get(reverse("talent:courses")).status_code == 403
    assert client.get(reverse("talent:completions")).status_code == 403

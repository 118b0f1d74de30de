"""The dashboard: each person sees the centres their roles open, and their organisation."""

from django.urls import reverse

from microdrama.accounts.roles import Role


def sections(client):
    page = client.get(reverse("home")).content.decode()
    return {key for key in ["filing", "rights", "locations", "talent", "studio"] if f'data-section="{key}"' in page}


def test_case_manager_sees_only_the_filing_centre(client, make_user):
    client.force_login(make_user(Role.CASE_MANAGER))
    assert sections(client) == {"filing"}


def test_admin_sees_every_centre(client, make_user):
    client.force_login(make_user(Role.CASE_MANAGER, Role.ADMIN))
    assert sections(client) == {"filing", "rights", "locations", "talent", "studio"}


def test_person_without_roles_is_told_what_to_do(client, make_user):
    person = make_user()
    client.force_login(person)
    page = client.get(reverse("home")).content.decode()
    assert "还没有分配角色" in page
    assert sections(client) == set()


def test_dashboard_names_the_organisation(client, make_user, make_org):
    org = make_org(name="南昌映画文化传媒有限公司")
    client.force_login(make_user(Role.APPLICANT, org=org))
    assert "南昌映画文化传媒有限公司" in client.get(reverse("home")).content.decode()


def test_notifications_show_in_the_bell_and_are_read_on_opening(client, make_user):
    from microdrama.hub.notifications import notify

    person = make_user(Role.APPLICANT)
    notify([person], "k1", "你的申请已受理", "正文", "/filing/")
    notify([person], "k1", "你的申请已受理", "正文", "/filing/")  # same key: stored once
    client.force_login(person)
    assert 'data-testid="bell-count">1<' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("notifications")).content.decode()
    assert "你的申请已受理" in page
    assert "bell-count" not in client.get(reverse("home")).content.decode()

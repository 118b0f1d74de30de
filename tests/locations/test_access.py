"""Another company's booking or plan, or another base's set editing, answers 404 in views, the API
and downloads — the same as a record that does not exist."""

import pytest
from django.urls import reverse

from microdrama.accounts.roles import OrgKind, Role
from microdrama.accounts.services import issue_token
from microdrama.locations.services import bookings as svc
from microdrama.locations.services import plans
from microdrama.locations.services.availability import slots_for


@pytest.fixture
def theirs(other_crew, other_drama, make_set, next_week):
    return svc.request_booking(other_crew, make_set(), other_drama, slots_for(*next_week, "day"))


@pytest.fixture
def their_plan(other_crew, other_drama, next_week):
    return plans.plan_from_scenes(other_crew, other_drama, [{"set_type": "医院"}], start_date=next_week[0])


def api(client, user, method, path, **data):
    _t, raw = issue_token(user, "测试")
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "post":
        kwargs["content_type"] = "application/json"
        return call(path, data, **kwargs)
    return call(path, **kwargs)


@pytest.mark.parametrize("name", ["locations:booking", "locations:booking_ics"])
def test_another_companys_booking_page_and_calendar_file_are_404(client, crew, theirs, name):
    client.force_login(crew)
    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.get(reverse(name, args=[theirs.pk + 999])).status_code == 404


@pytest.mark.parametrize("name", ["locations:approve", "locations:decline", "locations:cancel"])
def test_another_companys_booking_cannot_be_acted_on(client, crew, theirs, name):
    client.force_login(crew)
    assert client.post(reverse(name, args=[theirs.pk]), {"note": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "held"


def test_another_companys_booking_is_404_in_the_api(client, crew, theirs):
    assert api(client, crew, "get", f"/api/v1/locations/bookings/{theirs.pk}").status_code == 404
    assert (
        api(client, crew, "post", f"/api/v1/locations/bookings/{theirs.pk}/cancel", note="").status_code
        == 404
    )
    assert theirs.pk not in [b["id"] for b in api(client, crew, "get", "/api/v1/locations/bookings").json()]


def test_another_bases_manager_sees_nothing_of_a_booking(client, make_user, make_org, theirs):
    stranger = make_user(Role.LOCATION_MANAGER, org=make_org(OrgKind.SHOOTING_BASE))
    client.force_login(stranger)
    assert client.get(reverse("locations:booking", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("locations:approve", args=[theirs.pk])).status_code == 404


def test_another_companys_plan_is_404_in_views_and_api(client, crew, their_plan):
    client.force_login(crew)
    assert client.get(reverse("locations:plan", args=[their_plan.pk])).status_code == 404
    assert client.post(reverse("locations:plan_book", args=[their_plan.pk])).status_code == 404
    assert api(client, crew, "get", f"/api/v1/locations/plans/{their_plan.pk}").status_code == 404


def test_another_bases_set_cannot_be_edited_or_photographed(client, make_user, make_org, make_set):
    s = make_set()
    stranger = make_user(Role.LOCATION_MANAGER, org=make_org(OrgKind.SHOOTING_BASE))
    client.force_login(stranger)
    assert client.get(reverse("locations:set_edit", args=[s.pk])).status_code == 404
    assert client.post(reverse("locations:photo_upload", args=[s.pk])).status_code == 404
    assert s.code not in client.get(reverse("locations:export")).content.decode("utf-8-sig")


def test_the_manager_pages_are_closed_to_crews(client, crew):
    client.force_login(crew)
    for name in ("locations:dashboard", "locations:sets", "locations:import", "locations:export"):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_section_is_closed_to_other_roles(client, make_user):
    client.force_login(make_user(Role.REVIEWER))
    assert client.get(reverse("locations:search")).status_code == 403

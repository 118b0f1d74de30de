"""A company's people see only their company's dramas — in pages, the API and file downloads —
and another company's URL answers 404 without revealing anything."""

import pytest
from django.urls import reverse

from microdrama.accounts.roles import Role
from microdrama.accounts.services import issue_token
from microdrama.filing import services


@pytest.fixture
def outsider(make_user, other_company):
    return make_user(Role.APPLICANT, org=other_company, username="outsider")


@pytest.fixture
def submitted(drama, applicant, case_manager):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    return app


def test_another_companys_drama_page_is_404_and_reveals_nothing(client, drama, outsider):
    client.force_login(outsider)
    response = client.get(reverse("filing:drama", args=[drama.pk]))
    assert response.status_code == 404
    assert drama.title not in response.content.decode()


def test_another_companys_attachment_cannot_be_downloaded(client, drama, outsider, applicant):
    att = drama.attachments.first()
    client.force_login(outsider)
    assert client.get(reverse("filing:attachment", args=[drama.pk, att.pk])).status_code == 404
    client.force_login(applicant)
    response = client.get(reverse("filing:attachment", args=[drama.pk, att.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_companys_actions_and_review_pages_are_404(client, submitted, outsider):
    client.force_login(outsider)
    assert client.post(reverse("filing:act", args=[submitted.pk, "withdraw"]), {"note": "x"}).status_code == 404
    assert client.get(reverse("filing:review", args=[submitted.pk])).status_code == 403  # not a reviewer at all
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_the_api_lists_only_own_dramas_and_hides_others(client, drama, outsider, applicant, make_drama):
    _t, raw = issue_token(outsider, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/filing/dramas", **auth).json() == []
    assert client.get(f"/api/v1/filing/dramas/{drama.pk}", **auth).status_code == 404
    _t, own = issue_token(applicant, "t")
    titles = [d["title"] for d in client.get("/api/v1/filing/dramas", HTTP_AUTHORIZATION=f"Bearer {own}").json()]
    assert titles == [drama.title]


def test_centre_staff_see_every_company(client, drama, case_manager):
    client.force_login(case_manager)
    assert client.get(reverse("filing:drama", args=[drama.pk])).status_code == 200


def test_video_of_another_companys_cut_is_404(client, outsider, submitted):
    from microdrama.filing.models import Episode

    ep = Episode.objects.create(application=submitted, number=1, original_name="x.mp4", size=1, sha256="",
                                uploaded_by=submitted.drama.created_by, file="filing/x.mp4")
    client.force_login(outsider)
    assert client.get(reverse("filing:episode_video", args=[submitted.pk, ep.pk])).status_code == 404

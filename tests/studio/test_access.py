"""Per-object access: a project belongs to a production company; its creators use it, everyone
else gets 404 — in the pages, the API and the file downloads — and people without the creator
role cannot open the lab at all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microdrama.accounts.roles import Role
from microdrama.accounts.services import issue_token
from microdrama.studio.models import StudioJob


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def pages(project) -> list[str]:
    pk = project.pk
    return [
        reverse("studio:project", args=[pk]),
        reverse("studio:jobs", args=[pk]),
        reverse("studio:bible", args=[pk]),
        reverse("studio:scripts", args=[pk]),
        reverse("studio:storyboard", args=[pk]),
        reverse("studio:shot", args=[pk, 1, 1]),
        reverse("studio:json", args=[pk, "bible"]),
        reverse("studio:characters", args=[pk]),
        reverse("studio:screening", args=[pk]),
        reverse("studio:export", args=[pk]),
    ]


def test_the_companys_creator_opens_every_page(client, boarded, creator):
    client.force_login(creator)
    for url in pages(boarded):
        assert client.get(url).status_code == 200, url


def test_another_companys_creator_gets_404_everywhere(client, rendered, rival):
    client.force_login(rival)
    for url in pages(rendered):
        assert client.get(url).status_code == 404, url
    episode = reverse("studio:file", args=[rendered.pk, "episodes/e01.mp4"])
    assert client.get(episode).status_code == 404
    for name in ("start_job", "send_to_filing", "cast_roles", "plan_shooting"):
        assert (
            client.post(reverse(f"studio:{name}", args=[rendered.pk]), {"kind": "labels"}).status_code == 404
        )
    assert not StudioJob.objects.exists()
    assert rendered.pk not in [p.pk for p in client.get(reverse("studio:index")).context["table"].page]


def test_the_owner_downloads_files_with_ranges_but_never_the_signing_key(client, rendered, creator):
    client.force_login(creator)
    url = reverse("studio:file", args=[rendered.pk, "episodes/e01.mp4"])
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and part["Content-Range"].startswith("bytes 0-99/")
    assert b"".join(part.streaming_content) == b"".join(whole.streaming_content)[:100]
    assert (rendered.folder / "keys").is_dir()
    for forbidden in (
        "keys/c2pa-test-key.pem",
        "project.json",
        "stages/bible.json",
        "frames/../keys/c2pa-test-key.pem",
        "cache/x",
    ):
        assert client.get(reverse("studio:file", args=[rendered.pk, forbidden])).status_code == 404, forbidden


def test_people_without_the_creator_role_cannot_open_the_lab(client, applicant_a, boarded):
    client.force_login(applicant_a)  # same company, other role
    assert client.get(reverse("studio:index")).status_code == 403
    assert client.get(reverse("studio:project", args=[boarded.pk])).status_code == 403


@pytest.mark.parametrize("path", ["/projects/{pk}", "/projects/{pk}/exports"])
def test_the_api_answers_404_for_another_companys_project(client, rendered, rival, creator, path):
    url = "/api/v1/studio" + path.format(pk=rendered.pk)
    assert client.get(url, **bearer(rival)).status_code == 404
    assert client.get(url, **bearer(creator)).status_code == 200


def test_the_api_answers_404_for_another_companys_job(client, boarded, creator, rival):
    job = StudioJob.objects.create(project=boarded, kind=StudioJob.Kind.LABELS, created_by=creator)
    assert client.get(f"/api/v1/studio/jobs/{job.pk}", **bearer(rival)).status_code == 404
    assert (
        client.post(
            f"/api/v1/studio/projects/{boarded.pk}/jobs",
            {"kind": "all"},
            content_type="application/json",
            **bearer(rival),
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/studio/jobs/{job.pk}", **bearer(creator)).json()["kind"] == "labels"
    listed = client.get("/api/v1/studio/projects", **bearer(rival)).json()
    assert listed == []


def test_the_api_refuses_people_without_the_creator_role(client, applicant_a, boarded):
    assert client.get("/api/v1/studio/projects", **bearer(applicant_a)).status_code == 403
    assert client.get(f"/api/v1/studio/projects/{boarded.pk}", **bearer(applicant_a)).status_code == 403


def test_a_platform_admin_sees_every_project(client, make_user, boarded):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    assert client.get(reverse("studio:project", args=[boarded.pk])).status_code == 200

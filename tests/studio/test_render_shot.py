"""Re-rendering one shot: after a shot's line is edited, only that shot shows as changed, and the
job re-renders only it (every other clip comes from the content-hash cache); the episode is
re-assembled; the label check reads the labels of the episode; exports are linked."""

from __future__ import annotations

from django.urls import reverse

from microdrama.creation.pipeline import Stage
from microdrama.media.probe import probe
from microdrama.studio import engine as studio_engine
from microdrama.studio.services import jobs
from microdrama.studio.services.projects import open_project, save_document


def test_only_the_edited_shot_is_rendered_again(
    rendered, creator, client, eager, django_capture_on_commit_callbacks
):
    project = open_project(rendered)
    backends = studio_engine.studio_backends()
    assert not any(studio_engine.changed_since_render(project, backends, 1).values())
    board = project.storyboard()
    target = next(s for s in board.episode(1).shots if s.cues)
    keys_before = {s.shot_id: s.key for s in project.renders().shots}
    episode_before = project.renders().episode(1).labels.implicit["ProduceID"]
    doc = board.model_dump(mode="json")
    shot = next(s for e in doc["episodes"] for s in e["shots"] if s["number"] == target.number)
    shot["cues"][0]["text"] = "等一下，我有话要说。"
    save_document(creator, rendered, Stage.STORYBOARD, doc)

    changed = studio_engine.changed_since_render(open_project(rendered), backends, 1)
    assert [k for k, v in changed.items() if v] == [target.id]
    client.force_login(creator)
    page = client.get(reverse("studio:storyboard", args=[rendered.pk]))
    cards = page.context["cards"]
    assert [c["shot"].id for c in cards if c["changed"]] == [target.id]

    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(creator, rendered, "shot", episode=1, shot=target.number)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["changed_shots"] == [target.id]
    assert job.result["reused_shots"] == len(keys_before) - 1
    after = open_project(rendered).renders()
    assert {s.shot_id: s.key for s in after.shots if s.shot_id != target.id} == {
        k: v for k, v in keys_before.items() if k != target.id
    }
    assert after.shot(target.id).key != keys_before[target.id]
    assert after.episode(1).labels.implicit["ProduceID"] != episode_before  # re-assembled with the new shot
    info = probe(rendered.folder / after.shot(target.id).video)
    assert (info.frame_count, info.width, info.height) == (48, 270, 480)
    assert not any(studio_engine.changed_since_render(open_project(rendered), backends, 1).values())
    summary = client.get(reverse("studio:project", args=[rendered.pk])).content.decode()
    assert f"渲染了 1 个镜头（{target.id}）" in summary


def test_the_label_check_reports_each_episodes_labels(
    rendered, creator, client, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(creator, rendered, "labels")
    job.refresh_from_db()
    assert job.status == "done", job.error
    first = job.result["episodes"]["1"]
    assert first["implicit"]["present"] is True
    assert first["c2pa"]["present"] is True
    assert first["watermark"]["present"] is None  # watermark engine turned off in these tests
    from microdrama.creation.labels.checker import default_ocr

    assert first["visible"]["present"] is (
        True if default_ocr() is not None else None
    )  # “AI生成” read by OCR
    assert first["labelled"] is (default_ocr() is not None)
    client.force_login(creator)
    page = client.get(reverse("studio:screening", args=[rendered.pk]))
    episode = page.context["episodes"][0]
    assert episode["check"]["implicit"]["present"] and episode["check_current"]
    assert 'data-testid="label-check"' in page.content.decode()


def test_export_links_lead_to_the_files(rendered, creator, client):
    from microdrama.accounts.services import issue_token

    _token, raw = issue_token(creator, "t")
    links = client.get(
        f"/api/v1/studio/projects/{rendered.pk}/exports", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    kinds = {f["kind"] for f in links["files"]}
    assert {"fountain", "shot_list_csv", "shot_list_xlsx", "storyboard_pdf", "series_timeline"} <= kinds
    client.force_login(creator)
    fountain = next(f for f in links["files"] if f["kind"] == "fountain")
    response = client.get(fountain["url"])
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "@" in text  # Chinese cues are forced
    pdf = client.get(next(f for f in links["files"] if f["kind"] == "storyboard_pdf")["url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    episode = client.get(links["episodes"][0]["url"])
    assert episode["Content-Type"] == "video/mp4"
    page = client.get(reverse("studio:export", args=[rendered.pk]))
    assert len(page.context["files"]) >= 6

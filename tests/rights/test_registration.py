"""Registering an episode: fingerprint into the index, an evidence-log entry, a certificate anyone
can check; a tampered log is caught."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microdrama.media.fingerprint import VideoFingerprint
from microdrama.media.index import ReferenceIndex
from microdrama.rights import evidence, services
from microdrama.rights.models import EvidenceEntry, RegisteredEpisode


def test_an_episode_is_fingerprinted_indexed_and_logged(registered, settings):
    ep = registered
    assert ep.status == RegisteredEpisode.Status.REGISTERED
    fp = VideoFingerprint.from_bytes(bytes(ep.fingerprint))
    assert fp.digest == ep.fp_digest and fp.duration == pytest.approx(12, abs=0.5)
    index = ReferenceIndex.open(settings.MICRODRAMA["index_dir"])
    assert ep.ref_id in index
    data = json.loads(ep.evidence.data)
    assert data["sha256"] == ep.sha256 and data["fingerprint"] == ep.fp_digest and data["kind"] == "registration"


def test_the_same_file_cannot_be_registered_twice(registered, clip, holder, holder_org):
    other = services.create_work(holder, holder_org, "另一部")
    with pytest.raises(ValidationError, match="同一文件已登记"):
        services.add_episode_file(other, 1, clip, "copy.mp4")


def test_a_non_video_is_refused(holder, holder_org, tmp_path):
    work = services.create_work(holder, holder_org, "测试作品")
    fake = tmp_path / "fake.mp4"
    fake.write_text("not a video")
    with pytest.raises(ValidationError, match="不是可用的视频"):
        services.add_episode_file(work, 1, fake, "fake.mp4")
    assert not RegisteredEpisode.objects.exists()


def test_the_certificate_is_a_chinese_pdf_with_the_proof(client, registered, holder):
    client.force_login(holder)
    response = client.get(reverse("rights:certificate", args=[registered.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "微短剧作品登记证书" in text and "赣水长流" in text and registered.sha256 in text.replace("\n", "")


def test_anyone_can_check_a_certificate(client, registered):
    page = client.get(reverse("rights:certificate_public", args=[registered.certificate_code]))
    assert page.status_code == 200
    assert 'data-testid="certificate-valid"' in page.content.decode()


def test_a_tampered_entry_is_detected_by_the_log_check_and_the_certificate_page(client, registered):
    assert evidence.verify_log()["ok"]
    entry = EvidenceEntry.objects.get(pk=registered.evidence_id)
    entry.data = entry.data.replace(registered.work.owner.name, "冒名公司")
    entry.save()
    result = evidence.verify_log()
    assert not result["ok"] and any("tampered" in p for p in result["problems"])
    page = client.get(reverse("rights:certificate_public", args=[registered.certificate_code]))
    assert 'data-testid="certificate-invalid"' in page.content.decode()


def test_another_companys_certificate_download_is_404(client, registered, make_user, make_org):
    from microdrama.accounts.roles import OrgKind, Role

    outsider = make_user(Role.APPLICANT, org=make_org(OrgKind.PRODUCTION))
    client.force_login(outsider)
    assert client.get(reverse("rights:certificate", args=[registered.pk])).status_code == 404
    assert client.get(reverse("rights:work", args=[registered.work_id])).status_code == 404


def test_approved_online_filing_registers_its_episodes(db, holder_org, settings, tmp_path, clip, eager,
                                                       django_capture_on_commit_callbacks):
    """filing announces the approval; rights listens and registers every episode."""
    from django.core.files import File

    from microdrama.filing.models import Application, Drama, Episode
    from microdrama.filing.signals import online_filing_approved
    from microdrama.rights.models import Work

    settings.MICRODRAMA = {**settings.MICRODRAMA, "index_dir": tmp_path / "index"}
    from microdrama.accounts.models import User

    user = User.objects.create_user("x", organisation=holder_org)
    drama = Drama.objects.create(company=holder_org, title="信号剧", genre="urban", synopsis="x", episodes=1,
                                 minutes_per_episode=0.2, total_minutes=0.2, investment=500000, created_by=user)
    app = Application.objects.create(drama=drama, stage="online", state="numbered", number="(赣)网微剧备字(2026)第00009号")
    ep = Episode(application=app, number=1, original_name="1.mp4", size=clip.stat().st_size, sha256="", uploaded_by=user)
    with clip.open("rb") as fh:
        ep.file.save("1.mp4", File(fh))
    with django_capture_on_commit_callbacks(execute=True):
        online_filing_approved.send(sender=Application, application=app)
    work = Work.objects.get(drama_id=drama.pk)
    assert work.filing_number == app.number and work.source == "filing"
    assert work.episodes.get().status == "registered"

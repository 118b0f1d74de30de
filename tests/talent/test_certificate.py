"""The completion certificate: a one-page PDF in Chinese, readable as text and as a picture, with a
public check of its number — downloadable only by the talent centre and the person."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from microdrama.accounts.models import User
from microdrama.accounts.roles import Role
from microdrama.talent.models import Course, Session
from microdrama.talent.services import training
from microdrama.talent.services.certificates import render_certificate
from microdrama.talent.services.profiles import link_user


@pytest.fixture
def completed(officer, make_profile):
    course = Course.objects.create(
        code="TC-C-1",
        title="竖屏短剧编剧工作坊",
        category="writing",
        hours=32,
        capacity=10,
        partner_name="江西师范大学",
    )
    session = Session.objects.create(
        course=course,
        topic="结构",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    e = training.enrol(officer, course, make_profile("林默", kind="screenwriter"))
    training.record_attendance(officer, session, {e.pk})
    return training.complete(officer, e)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdftoppm) not installed")
def test_the_certificate_is_one_page_of_chinese_text_and_draws(completed, tmp_path):
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(completed))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\n", "").replace(" ", "")
    for part in (
        "结业证书",
        "林默",
        "竖屏短剧编剧工作坊",
        "32学时",
        completed.certificate_number,
        "江西师范大学",
    ):
        assert part in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as img:
        assert img.width > img.height  # landscape
        assert len(img.convert("L").getcolors(65536) or []) > 20  # drawn, not blank


def test_the_public_check_confirms_a_number_and_masks_the_name(client, completed):
    page = client.get(reverse("talent:verify", args=[completed.certificate_number])).content.decode()
    assert "证书真实有效" in page and "林*" in page and "林默" not in page
    assert client.get(reverse("talent:verify", args=["GJTC-0000-000000"])).status_code == 404


def test_only_the_centre_and_the_person_download_the_certificate(client, officer, completed, make_user):
    url = reverse("talent:certificate", args=[completed.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(make_user(Role.APPLICANT))
    assert client.get(url).status_code == 404
    User.objects.create_user("linmo", password="x-Pass-1234")
    link_user(officer, completed.profile, "linmo")
    client.force_login(User.objects.get(username="linmo"))
    assert client.get(url).status_code == 200

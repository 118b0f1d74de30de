"""Talent profiles: the officer keeps the pool, the person edits what describes them, contact details
go only to verified organisations, and the portfolio links to dramas filed in the hub."""

import io
from datetime import date

import av
import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from microdrama.accounts.models import User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.filing.models import Application
from microdrama.talent.models import TalentProfile
from microdrama.talent.models.profiles import is_verified
from microdrama.talent.services import profiles as svc


def test_the_officer_creates_profiles_with_numbers_and_tags(make_profile):
    p = make_profile("苏晚", tags={"dialect": "南昌话、客家话", "speciality": ["书法"], "genre": ["costume"]})
    assert p.number == "RC-ACT-0001"
    assert make_profile().number == "RC-ACT-0002"
    assert make_profile(kind="director").number == "RC-DIR-0001"
    assert (p.dialects, p.specialities, p.genre_labels) == (["南昌话", "客家话"], ["书法"], ["古装"])


def test_saving_tags_again_replaces_them(officer, make_profile):
    p = make_profile(tags={"dialect": ["南昌话", "客家话"]})
    svc.set_tags(p, {"dialect": ["客家话", "吴语"]})
    assert sorted(p.dialects) == ["吴语", "客家话"]


def test_a_playing_age_range_must_be_ordered(make_profile):
    with pytest.raises(ValidationError):
        make_profile(age_min=30, age_max=20)


def test_the_person_edits_and_hides_their_own_profile_but_not_its_identity(officer, make_profile):
    p = make_profile()
    person = User.objects.create_user("self", password="x-Pass-1234")
    svc.link_user(officer, p, "self")
    p.bio, p.status = "我会骑马", TalentProfile.Status.HIDDEN
    svc.save_profile(person, p, changed={"bio", "status"})
    with pytest.raises(PermissionDenied):
        svc.save_profile(person, p, changed={"name"})
    p.status = TalentProfile.Status.ARCHIVED
    with pytest.raises(PermissionDenied):
        svc.save_profile(person, p, changed={"status"})
    stranger = User.objects.create_user("stranger", password="x-Pass-1234")
    with pytest.raises(PermissionDenied):
        svc.save_profile(stranger, p, changed={"bio"})


def test_one_account_links_to_one_profile(officer, make_profile):
    User.objects.create_user("self", password="x-Pass-1234")
    svc.link_user(officer, make_profile(), "self")
    with pytest.raises(ValidationError):
        svc.link_user(officer, make_profile(), "self")
    with pytest.raises(ValidationError):
        svc.link_user(officer, make_profile(), "nobody")


def test_verified_viewers_are_active_production_filing_and_talent_organisations(make_user, make_org):
    assert is_verified(make_user(Role.APPLICANT))
    assert is_verified(make_user(Role.REVIEWER, org=make_org(OrgKind.FILING_CENTRE)))
    assert is_verified(make_user(Role.TALENT_OFFICER, org=make_org(OrgKind.TALENT_CENTRE)))
    assert not is_verified(make_user(Role.PLATFORM_CONTACT))
    assert not is_verified(make_user(Role.LOCATION_MANAGER))
    assert not is_verified(make_user(Role.APPLICANT, org=make_org(OrgKind.PRODUCTION, is_active=False)))


def test_hidden_profiles_stay_with_the_centre(officer, producer, make_profile):
    hidden = make_profile(status=TalentProfile.Status.HIDDEN)
    assert not TalentProfile.objects.visible_to(producer).filter(pk=hidden.pk).exists()
    assert TalentProfile.objects.visible_to(officer).filter(pk=hidden.pk).exists()


def test_credits_link_only_to_numbered_or_own_dramas(officer, make_profile, producer, make_drama):
    p = make_profile("苏晚")
    unnumbered = make_drama(producer)
    with pytest.raises(ValidationError):
        svc.add_credit(officer, p, position="主演", drama=unnumbered)
    Application.objects.create(
        drama=unnumbered, stage="planning", state="numbered", number="赣剧审字(2026)第001号"
    )
    credit = svc.add_credit(officer, p, position="主演", drama=unnumbered, character="林画")
    assert credit.title == unnumbered.title
    assert svc.add_credit(officer, p, title="老作品", position="配角").drama is None


def test_filed_dramas_naming_the_person_are_suggested_for_the_portfolio(make_profile, drama):
    p = make_profile("苏晚")
    assert svc.suggested_credits(p) == []  # not numbered yet: not a public record
    Application.objects.create(
        drama=drama, stage="planning", state="numbered", number="赣剧审字(2026)第002号"
    )
    assert [c.character for c in svc.suggested_credits(p)] == ["林画"]


def test_busy_periods_must_be_ordered(officer, make_profile):
    with pytest.raises(ValidationError):
        svc.add_busy(officer, make_profile(), date(2030, 5, 2), date(2030, 5, 1))


def test_a_headshot_gets_a_portrait_thumbnail(officer, make_profile):
    img = Image.new("RGB", (900, 1200), (180, 150, 120))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    p = svc.set_photo(officer, make_profile(), SimpleUploadedFile("me.png", buf.getvalue()))
    with Image.open(p.photo_thumb.path) as thumb:
        assert thumb.size == (300, 400)


def _video() -> bytes:
    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 128, 96, "yuv420p"
        yy, xx = np.mgrid[0:96, 0:128]
        for t in range(10):  # a moving texture
            frame = np.stack([(xx * 3 + t * 9) % 256, (yy * 5 + t * 7) % 256, ((xx + yy) * 2) % 256], -1)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame.astype(np.uint8), format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buf.getvalue()


def test_a_real_video_is_accepted_as_a_showreel(officer, make_profile):
    p = svc.set_showreel(officer, make_profile(), SimpleUploadedFile("reel.mp4", _video()))
    assert p.showreel.name.endswith(".mp4")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("reel.mp4", b"this is not a video" * 100, "无法读取视频"),
        ("reel.exe", b"MZ" * 100, "MP4、MOV 或 WebM"),
        ("reel.mp4", b"", "空的"),
    ],
)
def test_anything_else_is_refused_as_a_showreel(officer, make_profile, name, data, message):
    with pytest.raises(ValidationError) as err:
        svc.set_showreel(officer, make_profile(), SimpleUploadedFile(name, data))
    assert message in err.value.messages[0]

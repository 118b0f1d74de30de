"""Bad input when filing a drama: each case gets a clear message and nothing is stored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from microdrama.filing import services
from microdrama.filing.forms import DramaForm
from microdrama.filing.models import Attachment, Drama

from .conftest import DRAMA, pdf


def form(**overrides):
    data = {**{k: str(v) for k, v in DRAMA.items() if k != "special_topics"}, **overrides}
    return DramaForm(data=data)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("investment", "-5", "总投资必须大于 0"),
    ("investment", "99999999999", "2000000000"),
    ("investment", "abc", "输入一个数字"),
    ("title", "《" + "很" * 31 + "》", "30"),
    ("title", "   ", "这个字段是必填项"),
    ("episodes", "0", "1"),
    ("minutes_per_episode", "45", "20"),
    ("total_minutes", "100", "不符"),
])
def test_the_drama_form_explains_what_is_wrong(db, field, value, message):
    f = form(**{field: value})
    assert not f.is_valid()
    assert message in " ".join(str(e) for e in f.errors[field])


def test_episodes_that_do_not_add_up_are_refused_by_the_service_too(applicant):
    with pytest.raises(ValidationError, match="与 3 集 × 2 分钟"):
        services.create_drama(applicant, **{**DRAMA, "total_minutes": Decimal("9")})
    assert not Drama.objects.exists()


def test_a_company_cannot_file_the_same_title_twice(drama, applicant):
    with pytest.raises(ValidationError, match="同名剧目"):
        services.create_drama(applicant, **DRAMA)
    assert Drama.objects.count() == 1


def test_creators_are_parsed_or_the_bad_line_is_named(db):
    f = form(creators_text="导演 周远\n主演 许晴川 陈海生")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["creators_text"] == [{"role": "director", "name": "周远", "character": ""},
                                               {"role": "lead", "name": "许晴川", "character": "陈海生"}]
    bad = form(creators_text="导演 周远\n摄影 李四")
    assert not bad.is_valid()
    assert "第 2 行" in str(bad.errors["creators_text"])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("script.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("script.pdf", b"", "是空的"),
    ("script.pdf", b"<html>not a pdf</html>", "内容与扩展名不符"),
    ("outline.txt", "大纲".encode("gbk"), "UTF-8"),
])
def test_attachments_are_checked_by_content_not_only_by_name(drama, applicant, name, content, message):
    before = drama.attachments.count()
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(drama, applicant, Attachment.Kind.SCRIPT, SimpleUploadedFile(name, content))
    assert drama.attachments.count() == before


def test_a_real_pdf_is_stored_with_its_hash(drama, applicant):
    att = services.add_attachment(drama, applicant, Attachment.Kind.OTHER, pdf("说明.pdf"))
    import hashlib

    assert att.sha256 == hashlib.sha256(att.file.read()).hexdigest()
    assert att.original_name == "说明.pdf"


def test_a_drama_sent_from_the_ai_lab_must_be_completed_before_submission(company, make_user, applicant,
                                                                          case_manager):
    from microdrama.accounts.roles import Role

    creator = make_user(Role.CREATOR, org=company)
    drama, app = services.draft_from_studio(creator, title="逆袭人生", genre="comeback", synopsis="梗概",
                                            episodes=2, minutes_per_episode=Decimal("1.5"),
                                            creators=[{"role": "lead", "name": "林夏", "character": "林夏"}])
    assert drama.production_kind == "aigc" and app.state == "draft"
    for kind in (Attachment.Kind.OUTLINE, Attachment.Kind.SCRIPT_PLEDGE, Attachment.Kind.COST_REPORT):
        services.add_attachment(drama, applicant, kind, pdf())
    with pytest.raises(ValidationError, match="AI 创作实验室预填"):
        services.submit(app, applicant)
    services.update_drama(drama, applicant, investment=Decimal("800000"))
    services.submit(app, applicant)
    app.refresh_from_db()
    assert app.state == "submitted" and app.tier == "other"

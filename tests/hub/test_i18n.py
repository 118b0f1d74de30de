"""Simplified Chinese by default, English on request, and every UI string has its English."""

from django.urls import reverse

from microdrama.hub.i18n import extract_messages, missing_translations


def test_every_ui_string_has_an_english_translation():
    missing = missing_translations("en")
    assert missing == [], f"untranslated (run `microdrama manage sync_translations`): {missing[:20]}"


def test_the_extractor_finds_template_and_python_strings():
    found = extract_messages()
    assert "工作台" in found  # base.html {% translate %}
    assert "你好，%(name)s" in found  # {% blocktranslate %}
    assert "令牌已过期" in found  # gettext() in Python


def test_pages_are_chinese_by_default(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("home")).content.decode()
    assert "工作台" in page
    assert 'lang="zh-CN"' in page


def test_language_switch_turns_the_interface_english_and_back(client, applicant):
    client.force_login(applicant)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Dashboard" in page and "Filing Centre" in page
    assert 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "工作台" in client.get(reverse("home")).content.decode()


def test_api_errors_follow_the_language_header(client, db):
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer junk", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is malformed"

"""Each role logs in, sees its own navigation and nothing it should not; the language switch works."""

import pytest

EXPECTED_NAV = {
    "admin": {"filing", "rights", "locations", "talent", "studio", "admin"},
    "applicant": {"filing", "rights", "locations", "talent"},
    "creator": {"locations", "talent", "studio"},
    "casemanager": {"filing"},
    "caselead": {"filing"},
    "reviewer1": {"filing"},
    "copyright": {"rights"},
    "platform": {"rights"},
    "location": {"locations"},
    "talent": {"talent"},
}
ALL_SECTIONS = {"filing", "rights", "locations", "talent", "studio"}


def nav_keys(page) -> set[str]:
    keys = set(page.eval_on_selector_all("[data-testid=sidenav] a", "els => els.map(e => e.dataset.nav)"))
    return keys - {"home", "api"}


@pytest.mark.parametrize("username", sorted(EXPECTED_NAV))
def test_each_role_sees_its_navigation_and_cannot_open_other_centres(login, demo_site, shot, username):
    page = login(username)
    assert page.url.rstrip("/") == demo_site.url.rstrip("/")
    assert nav_keys(page) == EXPECTED_NAV[username]
    shot(page, f"home-{username}")
    for section in ALL_SECTIONS - EXPECTED_NAV[username]:
        response = page.goto(f"{demo_site.url}/{section}/")
        assert response.status == 403, section
        assert page.locator("h1").inner_text() == "无权访问"


def test_wrong_password_is_explained(login):
    page = login("applicant", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert-error").is_visible()


def test_language_switch_to_english_and_back(login, shot):
    page = login("applicant")
    assert page.locator("[data-nav=filing]").inner_text().strip().endswith("备案中心")
    page.click("[data-testid=lang-en]")
    assert page.locator("[data-nav=filing]").inner_text().strip().endswith("Filing Centre")
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "home-applicant-en")
    page.click("[data-testid=lang-zh]")
    assert page.locator("[data-nav=filing]").inner_text().strip().endswith("备案中心")


def test_token_is_shown_once_and_can_be_revoked(login, shot):
    page = login("applicant")
    page.click("[data-testid=user-chip]")
    page.fill("#id_name", "数据对接脚本")
    page.click("text=创建令牌")
    token = page.locator("[data-testid=new-token] code").inner_text()
    assert token.startswith("mdt_")
    shot(page, "profile-token")
    page.reload()
    assert token not in page.content()
    page.click("[data-testid=tokens] >> text=撤销")
    assert page.locator("[data-testid=tokens] >> text=已撤销").is_visible()


def test_small_screens_get_a_menu_button(login, page, shot):
    page.set_viewport_size({"width": 390, "height": 800})
    login("casemanager")
    assert not page.locator("[data-testid=sidenav]").is_visible()
    page.click(".nav-toggle")
    assert page.locator("[data-testid=sidenav]").is_visible()
    shot(page, "mobile-nav-open", full_page=False)

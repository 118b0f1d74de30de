"""A producer shortlists actors for the roles of a drama, starting from its filed creators."""


def test_a_producer_builds_a_shortlist_for_a_dramas_roles(login, page, demo_site, shot):
    page = login("applicant")
    page.click("[data-nav=talent]")
    assert "/talent/people/" in page.url
    shot(page, "talent-people")
    page.click("[data-tab=casting]")
    page.click("text=《滕王阁下》")
    page.click("[data-testid=import-filing]")
    roles = page.locator("[data-testid=role]")
    assert roles.count() == 2
    assert set(roles.evaluate_all("els => els.map(e => e.dataset.role)")) == {"林画", "王子安"}

    page.locator("[data-role=林画] [data-testid=match-role]").click()
    editor = page.locator("[data-testid=role-edit]")
    editor.locator("#id_gender").select_option("female")
    editor.locator("#id_age_min").fill("20")
    editor.locator("#id_age_max").fill("28")
    editor.locator("#id_dialects").fill("南昌话")
    editor.locator("#id_description").fill("南昌女画师，才情过人")
    editor.locator("button[type=submit]").click()
    matches = page.locator("[data-testid=match]")
    assert matches.count() >= 5
    top = matches.first
    assert "苏晚" in top.inner_text()
    assert "备案材料中已填报为该角色人选" in top.locator("[data-testid=reasons]").inner_text()
    scores = [
        int(s)
        for s in page.locator("[data-testid=score]").evaluate_all(
            "els => els.map(e => parseInt(e.textContent))"
        )
    ]
    assert scores == sorted(scores, reverse=True)
    shot(page, "talent-role-matches")
    for n in range(3):
        page.locator("[data-testid=match]").nth(n).locator("[data-testid=shortlist-add]").click()
        assert page.locator(".alert-success").first.is_visible()

    page.click("text=返回候选名单")
    entries = page.locator("[data-role=林画] [data-testid=entries] tr")
    assert entries.count() == 3
    entries.first.locator("select").select_option("audition")
    page.wait_for_load_state()
    assert (
        page.locator("[data-role=林画] [data-testid=entries] tr").first.locator("select").input_value()
        == "audition"
    )

    page.locator("[data-role=王子安] [data-testid=match-role]").click()
    page.locator("[data-testid=match]").first.locator("[data-testid=shortlist-add]").click()
    page.click("text=返回候选名单")
    assert page.locator("[data-role=王子安] [data-testid=entries] tr").count() == 1
    shot(page, "talent-shortlist")

"""A crew finds a free 1980s set for next week and books it; the base manager approves it."""

from datetime import timedelta

from django.utils import timezone


def test_a_crew_books_a_free_1980s_set_for_next_week_and_the_base_approves(login, page, demo_site, shot):
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    sunday = monday + timedelta(days=6)

    page = login("applicant")
    page.click("[data-nav=locations]")
    assert "/locations/search/" in page.url
    page.select_option("#id_kind", "period")
    page.fill("#id_set_type", "80年代筒子楼")
    page.fill("#id_date_from", monday.isoformat())
    page.fill("#id_date_to", sunday.isoformat())
    page.click("[data-testid=search-submit]")
    cards = page.locator("[data-testid=set-card]")
    assert cards.count() == 1  # the other 1980s tenement is taken next week
    assert cards.first.get_attribute("data-code") == "JD-Y-01"
    assert "全部空闲" in page.locator("[data-testid=result-count]").inner_text()
    shot(page, "locations-search-1980s-next-week")

    cards.first.locator("[data-testid=set-link]").click()
    assert page.locator("[data-testid=set-name]").inner_text() == "红星里 80年代筒子楼"
    assert page.input_value("#id_first_date") == monday.isoformat()
    assert page.input_value("#id_last_date") == sunday.isoformat()
    page.select_option("#id_drama", label="《赣江潮起》")
    page.fill("#id_note", "剧组 35 人，8 点进场")
    shot(page, "locations-set-detail-booking-form")
    page.click("[data-testid=book-submit]")
    assert page.locator("[data-testid=booking-status]").inner_text() == "待审批"
    assert "全天" in page.locator("[data-testid=booking-slots]").inner_text()
    reference = page.locator("h1").inner_text().split()[1]
    shot(page, "locations-booking-requested")
    page.click("[data-testid=logout]")

    page = login("location")
    assert page.locator("[data-nav=locations]").is_visible()
    page.click("[data-nav=locations]")
    assert "/locations/dashboard/" in page.url
    shot(page, "locations-dashboard")
    page.click("[data-testid=pending-count]")
    page.click(f"text={reference}")
    assert page.locator("[data-testid=booking-status]").inner_text() == "待审批"
    page.fill("#id_note", "欢迎来拍，水房可用")
    page.click("[data-testid=approve]")
    assert page.locator("[data-testid=booking-status]").inner_text() == "已确认"
    assert page.locator(".alert-success").first.is_visible()
    shot(page, "locations-booking-approved")
    page.goto(f"{demo_site.url}/locations/calendar/")
    page.select_option("[data-testid=base-select]", label="景德镇 · 景德镇陶溪川年代街区")
    page.wait_for_url("**/calendar/*/**")
    shot(page, "locations-base-calendar")
    page.click("[data-testid=logout]")

    page = login("applicant")
    page.goto(f"{demo_site.url}/locations/bookings/?state=upcoming")
    assert reference in page.locator("[data-testid=bookings-table]").inner_text()
    shot(page, "locations-my-bookings")

"""The centre's statistics come straight out of the system; the public can verify a number."""

import csv
import io

from django.urls import reverse

from microdrama.filing import stats
from microdrama.filing.models import Application, State


def test_demo_statistics_match_the_records(demo_data):
    figures = stats.compute()
    submitted = Application.objects.exclude(submitted_at=None)
    assert figures["totals"]["received"] == submitted.count()
    passed = {State.PASSED, State.REPORTED, State.NUMBERED}
    assert figures["totals"]["planning_passed"] == submitted.filter(stage="planning", state__in=passed).count()
    assert figures["totals"]["online_passed"] == submitted.filter(stage="online", state__in=passed).count()
    assert figures["sla"]["planning"]["open_breached"] >= 1  # the demo has a breached case
    assert sum(figures["open_by_case_manager"].values()) == submitted.filter(
        state__in=["submitted", "accepted", "in_review", "needs_revision", "resubmitted", "passed", "reported"]).count()
    assert figures["working_days"]["planning"]["median"] is not None


def test_the_dashboard_and_its_csv(client, demo_data):
    from microdrama.accounts.models import User

    client.force_login(User.objects.get(username="caselead"))
    page = client.get(reverse("filing:stats"))
    assert page.status_code == 200
    received = stats.compute()["totals"]["received"]
    assert f'data-testid="received">{received}<' in page.content.decode()
    export = client.get(reverse("filing:stats") + "?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["month", "received", "planning_passed", "online_passed"]
    assert sum(int(r[1]) for r in rows[1:] if r and r[0].startswith("20")) == received


def test_company_people_do_not_see_the_dashboard(client, demo_data):
    from microdrama.accounts.models import User

    client.force_login(User.objects.get(username="applicant"))
    assert client.get(reverse("filing:stats")).status_code == 403


def test_public_verification_shows_the_drama_and_nothing_private(client, demo_data):
    app = Application.objects.filter(state=State.NUMBERED).select_related("drama__company").first()
    page = client.get(reverse("verify"), {"number": app.number.replace("(", "（").replace(")", "）")})
    text = page.content.decode()
    assert app.drama.title in text and app.drama.company.name in text
    assert str(app.drama.investment_wan) not in text and app.drama.synopsis not in text
    unknown = client.get(reverse("verify"), {"number": "(赣)网微剧备字(2026)第99999号"}).content.decode()
    assert "没有登记这个号码" in unknown

"""The demo has monitoring sources with run logs and cases in every state with true histories, loads
twice without duplicating anything, and keeps the evidence log intact."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microdrama.enforcement.models import Case
from microdrama.monitoring.models import Run, RunLogEntry, Source
from microdrama.rights import evidence

pytestmark = pytest.mark.django_db


def test_the_demo_has_sources_runs_and_cases_in_every_state(demo_data, client):
    from microdrama.accounts.models import User
    from microdrama.hub.demo import load_demo

    assert set(Source.objects.values_list("kind", flat=True)) == {"folder", "feed", "search"}
    assert Run.objects.filter(status="failed").exists() and RunLogEntry.objects.filter(level="error").exists()
    states = set(Case.objects.values_list("state", flat=True))
    assert {"detected", "notice_sent", "disputed", "escalated", "closed"} <= states
    assert all(c.events.exists() for c in Case.objects.all())
    assert evidence.verify_log()["ok"]
    counts = (Case.objects.count(), Run.objects.count(), Source.objects.count())
    load_demo()
    assert (Case.objects.count(), Run.objects.count(), Source.objects.count()) == counts
    client.force_login(User.objects.get(username="copyright"))
    for name in ("monitoring:index", "enforcement:index", "enforcement:dashboard", "enforcement:notices"):
        assert client.get(reverse(name)).status_code == 200
    for case in Case.objects.all():
        assert client.get(reverse("enforcement:case", args=[case.pk])).status_code == 200

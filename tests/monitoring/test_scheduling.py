"""Each source runs on its own schedule: a due, enabled source is claimed once per interval; a
disabled one never runs by itself; "run now" runs it at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from microdrama.monitoring import services
from microdrama.monitoring.models import Run

from .fixtures import make_source

pytestmark = pytest.mark.django_db


def test_a_due_source_is_claimed_once_per_interval(watch_root):
    every_15 = make_source("folder", folder_path=str(watch_root), interval_minutes=15)
    make_source("folder", folder_path=str(watch_root), enabled=False)
    now = timezone.now()
    first = services.claim_due_sources(now)
    assert [r.source for r in first] == [every_15]
    assert services.claim_due_sources(now + timedelta(minutes=14)) == []
    assert [r.source for r in services.claim_due_sources(now + timedelta(minutes=15))] == [every_15]


def test_run_now_queues_a_run_of_even_a_disabled_source(watch_root, django_capture_on_commit_callbacks):
    source = make_source("folder", folder_path=str(watch_root), enabled=False)
    with django_capture_on_commit_callbacks() as queued:
        run = services.run_now(source)
    assert run.trigger == "manual" and run.status == Run.Status.RUNNING and len(queued) == 1

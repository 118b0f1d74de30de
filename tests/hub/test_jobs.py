"""Exactly-once effects: a job delivered twice applies its effects once."""

import pytest

from microdrama.hub.jobs import run_once
from microdrama.hub.models import CompletedJob, SelfTestRun
from microdrama.hub.tasks import self_test


def test_second_delivery_of_the_same_job_does_nothing(db):
    calls = []
    first = run_once("job:1", lambda: calls.append(1) or "done")
    second = run_once("job:1", lambda: calls.append(2) or "done")
    assert first == (True, "done")
    assert second == (False, None)
    assert calls == [1]


def test_failed_effects_leave_no_ledger_entry_so_a_retry_runs(db):
    def boom():
        SelfTestRun.objects.create(token="half")
        raise RuntimeError("crash mid-way")

    with pytest.raises(RuntimeError):
        run_once("job:2", boom)
    assert not CompletedJob.objects.filter(key="job:2").exists()
    assert not SelfTestRun.objects.filter(token="half").exists()  # rolled back with it
    assert run_once("job:2", lambda: "ok") == (True, "ok")


def test_self_test_task_completes_once_however_often_it_is_delivered(db):
    SelfTestRun.objects.create(token="abc")
    self_test.apply(args=["abc"]).get()
    result = self_test.apply(args=["abc"]).get()
    run = SelfTestRun.objects.get(token="abc")
    assert run.attempts == 2
    assert result["applied"] is False
    assert CompletedJob.objects.filter(key="self-test:abc").count() == 1

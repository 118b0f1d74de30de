"""Scale-out background work: real workers on PostgreSQL with Redis or RabbitMQ.

A task goes through the broker to a worker and its result comes back; a worker killed in the middle
of a task loses nothing — after a restart the task completes, and its effects happen exactly once.
"""

from __future__ import annotations

import json
import uuid

import pytest

from .conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.slow]


def self_test_state(deployment, token: str) -> dict:
    out = deployment.python(
        "import json\nfrom microdrama.hub.models import SelfTestRun, CompletedJob\n"
        f"r = SelfTestRun.objects.get(token='{token}')\n"
        f"print(json.dumps({{'attempts': r.attempts, 'completed_by': r.completed_by, "
        f"'ledger': CompletedJob.objects.filter(key='self-test:{token}').count()}}))"
    )
    return json.loads(out.splitlines()[-1])


def enqueue(deployment, token: str, hold: float = 0.0) -> None:
    deployment.python(
        "from microdrama.hub.models import SelfTestRun\nfrom microdrama.hub.tasks import self_test\n"
        f"SelfTestRun.objects.create(token='{token}')\nself_test.delay('{token}', {hold})"
    )


@pytest.mark.parametrize("broker", ["redis", "rabbitmq"])
def test_round_trip_through_a_real_worker(deployment_factory, postgres_url, broker, request):
    broker_url = request.getfixturevalue(f"{broker}_url")
    deployment = deployment_factory(postgres_url, broker_url)
    deployment.start_worker("rt")
    result = deployment.cli("check", "--timeout", "90")
    assert "round trip ok: completed by rt@" in result.stdout
    health = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert health["database"]["engine"] == "postgresql"
    assert health["broker"]["transport"] == ("redis" if broker == "redis" else "amqp")
    assert health["workers"]["alive"] >= 1


def test_worker_killed_mid_task_completes_exactly_once_after_restart(deployment_factory, postgres_url, redis_url):
    deployment = deployment_factory(postgres_url, redis_url, MICRODRAMA_VISIBILITY_TIMEOUT="20")
    first = deployment.start_worker("first")
    token = uuid.uuid4().hex
    enqueue(deployment, token, hold=10)  # shorter than the visibility timeout
    wait_for(lambda: self_test_state(deployment, token)["attempts"] == 1, 90, "the first worker to start the task")
    deployment.kill(first)
    assert self_test_state(deployment, token)["completed_by"] == ""

    deployment.start_worker("second")
    state = wait_for(lambda: (s := self_test_state(deployment, token))["completed_by"] and s, 150,
                     "the task to complete on the second worker", interval=2)
    assert state["completed_by"].startswith("second@")
    assert state["attempts"] == 2  # delivered again, not lost
    assert state["ledger"] == 1  # effects applied exactly once
    assert "self_test" in deployment.log("second")

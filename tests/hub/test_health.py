"""/api/v1/health: database, broker and worker liveness, as an operator or load balancer reads it."""

from datetime import timedelta

from django.utils import timezone

from microdrama.hub.heartbeat import record_beat, record_worker
from microdrama.hub.models import Heartbeat


def test_health_is_public_and_reports_each_part(client, db):
    body = client.get("/api/v1/health").json()
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["broker"]["transport"] == "filesystem"


def test_no_live_worker_means_unhealthy(client, db):
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["workers"]["alive"] == 0


def test_a_recent_worker_heartbeat_makes_it_healthy(client, db):
    record_worker("worker@test")
    record_beat()
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["workers"]["workers"][0]["name"] == "worker@test"
    assert body["beat"]["ok"] is True


def test_a_stale_heartbeat_counts_as_dead(client, db, settings):
    record_worker("worker@old")
    Heartbeat.objects.filter(name="worker@old").update(
        last_seen=timezone.now() - timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS + 5)
    )
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["workers"]["workers"][0]["alive"] is False


def test_unreachable_broker_is_reported(client, db, settings):
    from microdrama.hub.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        record_worker("worker@test")
        body = client.get("/api/v1/health").json()
    finally:
        app.conf.broker_url = original
    assert body["broker"]["ok"] is False
    assert body["ok"] is False
    assert body["broker"]["error"]


def test_api_docs_work_offline(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "/static/ninja/swagger-ui-bundle.js" in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/filing/applications" in schema["paths"]

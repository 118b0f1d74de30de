"""The JSON API under /api/v1/ (Django Ninja, OpenAPI docs at /api/v1/docs).

Each app contributes a router from its own `api.py`; this module only mounts them, and serves the
health report and `whoami`.
"""

from __future__ import annotations

from django.http import JsonResponse
from ninja import NinjaAPI, Schema

from microdrama.accounts.api import router as accounts_router
from microdrama.accounts.tokens import api_auth
from microdrama.filing.api import router as filing_router
from microdrama.rights.api import router as rights_router

from .heartbeat import health_report

api = NinjaAPI(
    title="微短剧产业服务平台 API",
    version="1.0.0",
    description="Filing centre, copyright centre, shooting base, talent centre and AI lab. "
    "Authenticate with `Authorization: Bearer <personal API token>`.",
    auth=api_auth,
    urls_namespace="api",
)


class HealthOut(Schema):
    ok: bool
    database: dict
    broker: dict
    workers: dict
    beat: dict
    time: str


@api.get("/health", auth=None, response={200: HealthOut, 503: HealthOut}, tags=["platform"])
def health(request):
    """Database, broker and worker liveness. 503 when any of them is down."""
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


api.add_router("/accounts", accounts_router)
api.add_router("/filing", filing_router)
api.add_router("/rights", rights_router)
api.add_router("/locations", "microdrama.locations.api.router")
api.add_router("/talent", "microdrama.talent.api.router")
api.add_router("/monitoring", "microdrama.monitoring.api.router")
api.add_router("/enforcement", "microdrama.enforcement.api.router")
api.add_router("/studio", "microdrama.studio.api.router")

"""Filing centre API: dramas, applications and their actions, clocks, statistics, working days,
classification and the public number check. Endpoints call the same services as the web pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from microdrama.accounts.access import has_role
from microdrama.accounts.models import User
from microdrama.accounts.roles import Role

from . import review, services, stats
from .classification import ClassificationError, classify
from .clocks import Clocks
from .models import Application, ApplicationEvent, Drama
from .models.rules import SPECIAL_TOPICS
from .verification import verify
from .workdays import CalendarMissing, WorkCalendar
from .workflow import TransitionError

router = Router(tags=["filing"])
FILING_ROLES = (Role.APPLICANT, Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER)


def _require(request) -> User:
    user = request.auth
    if not has_role(user, *FILING_ROLES):
        raise HttpError(403, "你的角色不能使用备案中心")
    return user


def _messages(exc) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        return " ".join(exc.messages)
    return str(exc)


class CreatorIn(Schema):
    role: str
    name: str
    character: str = ""


class DramaIn(Schema):
    title: str
    genre: str
    synopsis: str
    episodes: int
    minutes_per_episode: Decimal
    total_minutes: Decimal
    investment: Decimal
    special_topics: list[str] = []
    production_kind: str = "live"
    platform_recommended: bool = False
    producer_opt_in: bool = False
    creators: list[CreatorIn] = []


class DramaOut(Schema):
    id: int
    title: str
    company: str
    genre: str
    episodes: int
    minutes_per_episode: Decimal
    total_minutes: Decimal
    investment: Decimal
    special_topics: list[str]
    case_manager: str | None


def _drama_out(d: Drama) -> dict:
    return {"id": d.pk, "title": d.title, "company": d.company.name, "genre": d.genre, "episodes": d.episodes,
            "minutes_per_episode": d.minutes_per_episode, "total_minutes": d.total_minutes,
            "investment": d.investment, "special_topics": d.special_topics,
            "case_manager": d.case_manager.username if d.case_manager else None}


class ClockOut(Schema):
    status: str
    target_working_days: int
    elapsed_working_days: float
    remaining_working_days: float
    percent: float
    due_at: datetime | None
    breached: bool
    met: bool | None


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str | None
    at: datetime
    reason: str
    data: dict


class ApplicationOut(Schema):
    id: int
    drama_id: int
    drama: str
    stage: str
    state: str
    tier: str
    rule: str | None
    classification_reasons: list[str]
    number: str | None
    case_manager: str | None
    submitted_at: datetime | None
    version: int
    clock: ClockOut | None
    clock_problem: str = ""
    events: list[EventOut] = []


def _app_out(app: Application, clocks: Clocks, with_events: bool = False) -> dict:
    clock, problem = clocks.safe(app)
    return {
        "id": app.pk, "drama_id": app.drama_id, "drama": app.drama.title, "stage": app.stage, "state": app.state,
        "tier": app.tier, "rule": app.rule.version_label if app.rule else None,
        "classification_reasons": app.classification.get("reasons", []), "number": app.number,
        "case_manager": app.case_manager.username if app.case_manager else None, "submitted_at": app.submitted_at,
        "version": app.version, "clock_problem": problem,
        "clock": {
            "status": clock.status, "target_working_days": clock.target, "elapsed_working_days": round(clock.elapsed, 2),
            "remaining_working_days": round(clock.remaining, 2), "percent": clock.percent, "due_at": clock.due_at,
            "breached": clock.breached, "met": clock.met,
        } if clock else None,
        "events": [{"action": e.action, "from_state": e.from_state, "to_state": e.to_state,
                    "actor": e.actor.username if e.actor else None, "at": e.at, "reason": e.reason, "data": e.data}
                   for e in app.events.all()] if with_events else [],
    }


def _apps():
    return Application.objects.select_related("drama__company", "rule", "case_manager").prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk").select_related("actor")))


@router.get("/dramas", response=list[DramaOut])
def list_dramas(request):
    user = _require(request)
    return [_drama_out(d) for d in Drama.objects.visible_to(user).select_related("company", "case_manager")]


@router.post("/dramas", response={201: DramaOut})
def create_drama(request, payload: DramaIn):
    user = _require(request)
    data = payload.dict()
    creators = data.pop("creators")
    try:
        drama = services.create_drama(user, creators=creators, **data)
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(403 if isinstance(exc, PermissionDenied) else 422, _messages(exc)) from exc
    return Status(201, _drama_out(drama))


@router.get("/dramas/{drama_id}", response=DramaOut)
def get_drama(request, drama_id: int):
    user = _require(request)
    return _drama_out(get_object_or_404(Drama.objects.visible_to(user), pk=drama_id))


@router.post("/dramas/{drama_id}/applications/{stage}", response={201: ApplicationOut})
def start_application(request, drama_id: int, stage: str):
    user = _require(request)
    drama = get_object_or_404(Drama.objects.visible_to(user), pk=drama_id)
    try:
        app = services.start_application(drama, stage, user)
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(422, _messages(exc)) from exc
    return Status(201, _app_out(_apps().get(pk=app.pk), Clocks()))


@router.get("/applications", response=list[ApplicationOut])
def list_applications(request, state: str | None = None, stage: str | None = None):
    user = _require(request)
    apps = _apps().filter(pk__in=Application.objects.visible_to(user).values("pk"))
    if state:
        apps = apps.filter(state=state)
    if stage:
        apps = apps.filter(stage=stage)
    clocks = Clocks()
    return [_app_out(a, clocks) for a in apps]


@router.get("/applications/{app_id}", response=ApplicationOut)
def get_application(request, app_id: int):
    user = _require(request)
    app = get_object_or_404(_apps().filter(pk__in=Application.objects.visible_to(user).values("pk")), pk=app_id)
    return _app_out(app, Clocks(), with_events=True)


class ActionIn(Schema):
    note: str = ""
    missing: list[str] = []
    reviewers: list[str] = []
    decision: str | None = None
    reason: str = ""
    number: str = ""
    issued_on: date | None = None
    version: int | None = None


@router.post("/applications/{app_id}/actions/{action}", response=ApplicationOut)
def act(request, app_id: int, action: str, payload: ActionIn):
    """Take an action: submit, accept, request_revision, resubmit, start_review, decide, report,
    record_number or withdraw. 409 when the state does not allow it or the version is stale."""
    user = _require(request)
    app = get_object_or_404(Application.objects.visible_to(user).select_related("drama", "rule"), pk=app_id)
    try:
        if action == "submit":
            services.submit(app, user, payload.note)
        elif action == "accept":
            services.accept(app, user, payload.note, expected_version=payload.version)
        elif action == "request_revision":
            services.request_revision(app, user, payload.missing, payload.note, expected_version=payload.version)
        elif action == "resubmit":
            services.resubmit(app, user, payload.note)
        elif action == "start_review":
            reviewers = list(User.objects.filter(username__in=payload.reviewers))
            if len(reviewers) != len(set(payload.reviewers)):
                raise ValidationError("未知的审核员用户名")
            services.start_review(app, user, reviewers, expected_version=payload.version)
        elif action == "decide":
            if payload.decision not in ("pass", "reject"):
                raise ValidationError("decision 应为 pass 或 reject")
            review.decide(app, user, payload.decision == "pass", payload.reason, expected_version=payload.version)
        elif action == "report":
            services.report(app, user, payload.note)
        elif action == "record_number":
            services.record_number(app, user, payload.number, payload.issued_on)
        elif action == "withdraw":
            services.withdraw(app, user, payload.reason or payload.note)
        else:
            raise Http404
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "不能执行这个操作") from exc
    except ValidationError as exc:
        raise HttpError(422, _messages(exc)) from exc
    return _app_out(_apps().get(pk=app.pk), Clocks(), with_events=True)


@router.get("/stats")
def statistics(request, start: date | None = None, end: date | None = None, company: int | None = None):
    user = _require(request)
    if not has_role(user, Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER):
        raise HttpError(403, "统计仅对备案中心工作人员开放")
    return stats.compute(start, end, company)


class WorkdaysQuery(Schema):
    start: date
    days: int


@router.get("/workdays/add", auth=None)
def workdays_add(request, q: Query[WorkdaysQuery]):
    """The Nth working day after a date (the start day does not count)."""
    if not 0 <= q.days <= 366:
        raise HttpError(422, "工作日数应在 0 到 366 之间")
    try:
        due = WorkCalendar.from_db().add_working_days(q.start, q.days)
    except CalendarMissing as exc:
        raise HttpError(422, str(exc)) from exc
    return {"start": q.start, "days": q.days, "due": due}


@router.get("/workdays/between", auth=None)
def workdays_between(request, start: date, end: date):
    """Working days d with start < d <= end."""
    try:
        count = WorkCalendar.from_db().working_days_between(start, end)
    except (CalendarMissing, ValueError) as exc:
        raise HttpError(422, str(exc)) from exc
    return {"start": start, "end": end, "working_days": count}


@router.get("/classify", auth=None)
def classify_drama(request, investment: Decimal, on: date | None = None, topics: str = ""):
    """Tier (重点/普通/其他) and rule version for an investment in yuan, a date and special topics."""
    codes = [t.strip() for t in topics.split(",") if t.strip()]
    try:
        result = classify(investment, on or timezone.localdate(), codes)
    except ClassificationError as exc:
        raise HttpError(422, str(exc)) from exc
    return {**result.as_dict(), "tier_label": result.tier_label, "topics_known": [c for c, _l in SPECIAL_TOPICS]}


@router.get("/verify", auth=None)
def verify_number(request, number: str):
    """Public: was this filing number recorded by the centre? Nothing private is returned."""
    return verify(number[:80])

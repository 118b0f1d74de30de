"""The application state machine: which action moves an application from which state to which,
who may take it, and the append-only event each transition writes.

Every transition runs in one transaction with a row lock on the application, so two people acting
at once cannot both move it: the second is told what happened and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microdrama.accounts.roles import Role

from .models import Application, ApplicationEvent, State


class TransitionError(ValueError):
    """The action is not allowed now; the message says why, in the user's language."""


@dataclass(frozen=True)
class Action:
    name: str
    label: object
    sources: frozenset[str]
    target: str | None  # None: no state change (a note on the timeline)
    actor: str  # "company" | "case_manager" | "reviewer" | "staff"


ACTIONS = {
    a.name: a
    for a in [
        Action("submit", gettext_lazy("提交"), frozenset({State.DRAFT}), State.SUBMITTED, "company"),
        Action("accept", gettext_lazy("受理"), frozenset({State.SUBMITTED}), State.ACCEPTED, "case_manager"),
        Action("request_revision", gettext_lazy("要求补正"),
               frozenset({State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.RESUBMITTED}),
               State.NEEDS_REVISION, "staff"),
        Action("resubmit", gettext_lazy("补正后重新提交"), frozenset({State.NEEDS_REVISION}), State.RESUBMITTED, "company"),
        Action("start_review", gettext_lazy("转入审核"), frozenset({State.ACCEPTED, State.RESUBMITTED}),
               State.IN_REVIEW, "case_manager"),
        Action("pass", gettext_lazy("审核通过"), frozenset({State.IN_REVIEW}), State.PASSED, "reviewer"),
        Action("reject", gettext_lazy("不予通过"), frozenset({State.IN_REVIEW}), State.REJECTED, "reviewer"),
        Action("report", gettext_lazy("报送"), frozenset({State.PASSED}), State.REPORTED, "case_manager"),
        Action("record_number", gettext_lazy("登记备案号"), frozenset({State.REPORTED}), State.NUMBERED, "case_manager"),
        Action("withdraw", gettext_lazy("撤回"), frozenset({State.DRAFT, State.SUBMITTED, State.NEEDS_REVISION}),
               State.WITHDRAWN, "company"),
        Action("reassign", gettext_lazy("更换剧管家"), frozenset(), None, "case_manager"),
        Action("note", gettext_lazy("备注"), frozenset(), None, "staff"),
    ]
}


def may_act(user, application: Application, actor: str) -> bool:
    if user.is_platform_admin:
        return True
    if actor == "company":
        return user.organisation_id == application.drama.company_id and user.has_role(Role.APPLICANT)
    if actor == "case_manager":
        return user.has_role(Role.CASE_LEAD) or (
            user.has_role(Role.CASE_MANAGER) and application.case_manager_id in (None, user.pk)
        )
    if actor == "reviewer":
        return user.has_role(Role.CASE_LEAD) or (
            user.has_role(Role.REVIEWER) and application.assignments.filter(reviewer=user).exists()
        )
    if actor == "staff":
        return may_act(user, application, "case_manager") or may_act(user, application, "reviewer")
    return False


def available_actions(user, application: Application) -> list[Action]:
    """The state-changing actions this person could take now (checks of content happen on the action)."""
    return [
        a for a in ACTIONS.values()
        if a.target and application.state in a.sources and may_act(user, application, a.actor)
    ]


def transition(application: Application, action_name: str, user, reason: str = "", data: dict | None = None,
               expected_version: int | None = None, check=None) -> ApplicationEvent:
    """Apply one action. `check(app)` runs inside the lock before the change (raise to refuse).

    `expected_version` (from the form the person saw) turns a stale page into a clear refusal.
    """
    action = ACTIONS[action_name]
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("drama").get(pk=application.pk)
        if expected_version is not None and app.version != expected_version:
            raise TransitionError(_("这个申请刚刚已被他人处理（当前状态：%(state)s）。请刷新页面后再操作。")
                                  % {"state": app.get_state_display()})
        if not may_act(user, app, action.actor):
            raise PermissionDenied(_("你不能对这个申请执行“%(action)s”") % {"action": action.label})
        if action.target and app.state not in action.sources:
            raise TransitionError(_("当前状态为“%(state)s”，不能执行“%(action)s”")
                                  % {"state": app.get_state_display(), "action": action.label})
        if check is not None:
            check(app)
        now = timezone.now()
        from_state = app.state
        target = action.target
        if action_name == "resubmit" and not app.events.filter(action="accept").exists():
            target = State.SUBMITTED  # corrected before acceptance: back in the queue, no clock yet
        if target:
            app.state = target
        if action_name == "submit" and app.submitted_at is None:
            app.submitted_at = now
        if action_name in {"pass", "reject"}:
            app.decided_at = now
        app.version += 1
        app.save()
        event = ApplicationEvent.objects.create(
            application=app, action=action_name, from_state=from_state, to_state=app.state, actor=user, at=now,
            reason=reason, data=data or {},
        )
    application.refresh_from_db()
    return event

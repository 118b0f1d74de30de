"""What the filing centre shows on a person's dashboard card."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.roles import Role
from microdrama.hub.navigation import Figure

from .clocks import Clocks
from .models import Application, State
from .models.applications import CLOCK_STATES, OPEN_STATES


def summary(user) -> list[Figure]:
    apps = Application.objects.visible_to(user)
    figures: list[Figure] = []
    if user.has_role(Role.APPLICANT) and not user.is_platform_admin:
        waiting = apps.filter(state=State.NEEDS_REVISION).count()
        figures.append(Figure(_("待补正"), waiting, "/filing/?scope=all&state=needs_revision", "warn" if waiting else ""))
        figures.append(Figure(_("办理中的申请"), apps.filter(state__in=OPEN_STATES).count(), "/filing/?scope=open"))
        figures.append(Figure(_("已取得备案号"), apps.filter(state=State.NUMBERED).count(), "/filing/?scope=all&state=numbered"))
        return figures
    mine = apps.filter(Q(case_manager=user) | Q(assignments__reviewer=user)).distinct()
    scope = mine if user.has_role(Role.CASE_MANAGER, Role.REVIEWER) and not user.has_role(Role.CASE_LEAD) else apps
    running = list(scope.filter(state__in=CLOCK_STATES).prefetch_related("events"))
    clocks = Clocks()
    due_today = breached = 0
    today = timezone.localdate()
    for app in running:
        clock, _problem = clocks.safe(app)
        if clock and clock.breached:
            breached += 1
        elif clock and clock.due_at and timezone.localdate(clock.due_at) == today:
            due_today += 1
    figures.append(Figure(_("在办案件"), scope.filter(state__in=OPEN_STATES).count(), "/filing/"))
    figures.append(Figure(_("今日到期"), due_today, "/filing/", "warn" if due_today else ""))
    figures.append(Figure(_("已超时"), breached, "/filing/", "err" if breached else ""))
    if user.has_role(Role.CASE_MANAGER, Role.CASE_LEAD) or user.is_platform_admin:
        figures.append(Figure(_("待受理"), apps.filter(state=State.SUBMITTED).count(), "/filing/?scope=open&state=submitted"))
    return figures

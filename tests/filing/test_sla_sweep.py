"""The periodic SLA sweep warns at 50 % and 80 %, on the due day and at breach — each exactly once —
and escalates a breach to the team lead."""

from datetime import timedelta

from django.utils import timezone

from microdrama.filing import services
from microdrama.filing.models import ApplicationEvent
from microdrama.filing.tasks import sweep_sla_clocks
from microdrama.hub.models import Notification
from microdrama.hub.timetravel import as_of


def accepted(drama, applicant, case_manager, when):
    with as_of(when):
        app = services.start_application(drama, "planning", applicant)
        services.submit(app, applicant)
        services.accept(app, case_manager)
    return app


def keys(user):
    return sorted(n.key.rsplit(":", 1)[-1] for n in Notification.objects.filter(user=user, key__startswith="sla:"))


def test_a_breached_case_warns_the_manager_and_escalates_to_the_lead_once(drama, applicant, case_manager, lead,
                                                                         ensure_next_year):
    app = accepted(drama, applicant, case_manager, timezone.now() - timedelta(days=30))
    assert app.case_manager == case_manager
    first = sweep_sla_clocks()
    second = sweep_sla_clocks()
    assert first["breaches"] == 2 and second["breaches"] == 0  # manager + lead, once
    assert keys(case_manager) == ["breach"]  # no stale 50/80 % warnings once breached
    assert keys(lead) == ["breach"]
    assert ApplicationEvent.objects.filter(application=app, action="escalate").count() == 1


def test_fresh_cases_get_no_warning(drama, applicant, case_manager, ensure_next_year):
    accepted(drama, applicant, case_manager, timezone.now() - timedelta(minutes=5))
    sweep_sla_clocks()
    assert keys(case_manager) == []


def test_paused_cases_are_not_warned(drama, applicant, case_manager, ensure_next_year):
    app = accepted(drama, applicant, case_manager, timezone.now() - timedelta(days=30))
    with as_of(timezone.now() - timedelta(days=29, hours=20)):
        services.request_revision(app, case_manager, ["缺少材料"])
    sweep_sla_clocks()
    assert keys(case_manager) == []

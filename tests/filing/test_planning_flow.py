"""A planning filing from submission to its official number, through the services users go through."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from microdrama.filing import review, services
from microdrama.filing.models import Application, ChecklistItem, Message, State
from microdrama.filing.workflow import TransitionError
from microdrama.hub.models import Notification


def answer_all(app, reviewer):
    items = [i for i in ChecklistItem.objects.filter(active=True) if app.stage in i.stages]
    review.answer_checklist(app, reviewer, {i.pk: ("ok", "") for i in items})


def test_submission_classifies_assigns_a_case_manager_and_notifies(drama, applicant, case_manager, settings):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert app.tier == "ordinary"  # 150 万 under the 2026 rule
    assert app.rule.name == "微短剧分类分层（2026）"
    assert app.case_manager == case_manager
    assert Notification.objects.filter(user=case_manager).count() == 1
    events = list(app.events.values_list("action", flat=True))
    assert events == ["submit"]


def test_planning_submission_needs_the_required_materials(make_drama, applicant, case_manager):
    drama = make_drama(materials=False)
    app = services.start_application(drama, "planning", applicant)
    with pytest.raises(ValidationError, match="剧本或分集大纲"):
        services.submit(app, applicant)
    app.refresh_from_db()
    assert app.state == State.DRAFT and not app.events.exists()


def test_full_planning_flow_with_a_revision(drama, applicant, case_manager, reviewers, ensure_next_year):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    services.accept(app, case_manager)
    services.request_revision(app, case_manager, ["成本配置报告缺少演员片酬明细"], "请补充后重新提交")
    app.refresh_from_db()
    assert app.state == State.NEEDS_REVISION
    assert Message.objects.get(drama=drama).missing_items == ["成本配置报告缺少演员片酬明细"]
    assert Notification.objects.filter(user=applicant, level="warning").exists()

    services.resubmit(app, applicant, "已补充片酬明细")
    services.start_review(app, case_manager, reviewers)
    for r in reviewers:
        answer_all(app, r)
        review.add_opinion(app, r, category="title", severity="note", text="片名积极向上", client_key=f"k{r.pk}")
        review.record_verdict(app, r, "pass", "同意通过")
    review.decide(app, reviewers[0], True, "三名审核员一致同意")
    services.report(app, case_manager)
    services.record_number(app, case_manager, "（赣）网微剧备字（2026）第00123号")
    app.refresh_from_db()
    assert app.state == State.NUMBERED
    assert app.number == "(赣)网微剧备字(2026)第00123号"  # normalised to half-width brackets
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["submit", "accept", "request_revision", "resubmit", "start_review", "pass", "report",
                       "record_number"]


def test_decision_needs_the_minimum_number_of_independent_reviewers(drama, applicant, case_manager, reviewers):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    services.accept(app, case_manager)
    services.start_review(app, case_manager, reviewers)
    answer_all(app, reviewers[0])
    review.record_verdict(app, reviewers[0], "pass", "同意")
    with pytest.raises(ValidationError, match="至少 3 名审核员"):
        review.decide(app, reviewers[0], True, "通过")
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_start_review_refuses_too_few_reviewers(drama, applicant, case_manager, reviewers):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    services.accept(app, case_manager)
    with pytest.raises(ValidationError, match="至少需要 3 名审核员"):
        services.start_review(app, case_manager, reviewers[:1])
    assert Application.objects.get(pk=app.pk).state == State.ACCEPTED


def test_transitions_the_state_does_not_allow_are_refused_and_change_nothing(drama, applicant, case_manager):
    app = services.start_application(drama, "planning", applicant)
    with pytest.raises(TransitionError, match="不能执行“受理”"):
        services.accept(app, case_manager)  # still a draft
    services.submit(app, applicant)
    services.accept(app, case_manager)
    with pytest.raises(TransitionError, match="不能执行“受理”"):
        services.accept(app, case_manager)  # already accepted
    app.refresh_from_db()
    assert app.state == State.ACCEPTED
    assert app.events.filter(action="accept").count() == 1


def test_recording_a_number_for_a_rejected_application_is_refused(drama, applicant, case_manager, reviewers):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    services.accept(app, case_manager)
    services.start_review(app, case_manager, reviewers)
    for r in reviewers:
        answer_all(app, r)
        review.record_verdict(app, r, "reject", "不符合要求")
    review.decide(app, reviewers[0], False, "价值导向问题")
    with pytest.raises((TransitionError, ValidationError)):
        services.record_number(app, case_manager, "(赣)网微剧备字(2026)第00124号")
    app.refresh_from_db()
    assert app.state == State.REJECTED and app.number is None


def test_a_company_cannot_act_as_the_centre(drama, applicant, case_manager):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    with pytest.raises(PermissionDenied):
        services.accept(app, applicant)


def test_a_stale_page_cannot_act_twice(drama, applicant, case_manager, lead):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    version_seen = Application.objects.get(pk=app.pk).version
    services.accept(app, case_manager, expected_version=version_seen)
    with pytest.raises(TransitionError, match="刚刚已被他人处理"):
        services.accept(app, lead, expected_version=version_seen)


def test_notification_email_is_sent_by_the_task_after_commit(drama, applicant, case_manager, settings,
                                                              django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from microdrama.hub.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    try:
        app = services.start_application(drama, "planning", applicant)
        with django_capture_on_commit_callbacks(execute=True):
            services.submit(app, applicant)
    finally:
        celery_app.conf.task_always_eager = False
    assert [m.to for m in mail.outbox] == [["liufang@example.cn"]]
    assert "新的规划备案申请" in mail.outbox[0].subject
    assert Notification.objects.get(user=case_manager).emailed_at is not None

"""Official numbers: format, tier, year and uniqueness."""

import pytest
from django.core.exceptions import ValidationError

from microdrama.filing import numbers, review, services
from microdrama.filing.models import ChecklistItem, State


@pytest.mark.parametrize("text", ["(赣)网微剧备字(2026)第00123号", "（赣）网微剧备字（2026）第00123号",
                                  " (赣)网微剧备字(2026)第00123号 "])
def test_full_and_half_width_brackets_are_the_same_number(text):
    assert numbers.parse(text).text == "(赣)网微剧备字(2026)第00123号"


@pytest.mark.parametrize(("text", "tier", "message"), [
    ("(赣)网剧备字(2026)第00123号", None, "格式不正确"),
    ("赣网微剧备字2026第123号", None, "格式不正确"),
    ("(赣)网微剧备字(2026)第00123号", "key", "网微剧审字"),
    ("(总局)网微剧审字(2026)第001号", "ordinary", "网微剧备字"),
    ("(七猫)网微剧备字(2026)第01177号", "ordinary", "发号机关"),
    ("(赣)网微剧备字(2026)第01177号", "other", "平台简称"),
])
def test_numbers_that_do_not_fit_are_refused_with_the_reason(text, tier, message):
    with pytest.raises(numbers.NumberError, match=message):
        numbers.validate(text, tier)


def test_the_year_must_match(self=None):
    with pytest.raises(numbers.NumberError, match="年份 2024"):
        numbers.validate("(赣)网微剧备字(2024)第00123号", "ordinary", {2026})


def _passed_app(drama, applicant, case_manager, reviewers):
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    services.accept(app, case_manager)
    services.start_review(app, case_manager, reviewers)
    items = [i for i in ChecklistItem.objects.filter(active=True) if "planning" in i.stages]
    for r in reviewers:
        review.answer_checklist(app, r, {i.pk: ("ok", "") for i in items})
        review.record_verdict(app, r, "pass", "同意")
    review.decide(app, reviewers[0], True, "通过")
    services.report(app, case_manager)
    return app


def test_a_number_cannot_be_recorded_twice(make_drama, applicant, case_manager, reviewers):
    first = _passed_app(make_drama(title="第一部"), applicant, case_manager, reviewers)
    second = _passed_app(make_drama(title="第二部"), applicant, case_manager, reviewers)
    from django.utils import timezone

    number = f"(赣)网微剧备字({timezone.localdate().year})第00500号"
    services.record_number(first, case_manager, number)
    with pytest.raises(ValidationError, match="已登记给《第一部》"):
        services.record_number(second, case_manager, number.replace("(", "（").replace(")", "）"))
    second.refresh_from_db()
    assert second.state == State.REPORTED and second.number is None


def test_a_number_from_the_wrong_year_is_refused(drama, applicant, case_manager, reviewers):
    app = _passed_app(drama, applicant, case_manager, reviewers)
    with pytest.raises(ValidationError, match="年份 2019"):
        services.record_number(app, case_manager, "(赣)网微剧备字(2019)第00501号")

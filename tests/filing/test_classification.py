"""Tier classification by the rule in force on the filing date; rules are versioned data."""

from datetime import date
from decimal import Decimal

import pytest

from microdrama.filing.classification import ClassificationError, classify, rule_for
from microdrama.filing.models import TierRule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("yuan", "on", "topics", "tier"), [
    (3_000_000, date(2026, 3, 1), [], "key"),
    (2_999_999, date(2026, 3, 1), [], "ordinary"),
    (1_000_000, date(2026, 3, 1), [], "ordinary"),
    (999_999, date(2026, 3, 1), [], "other"),
    (500_000, date(2026, 3, 1), ["public_security"], "key"),
    (1_000_000, date(2025, 3, 1), [], "key"),  # the 2024 rule: 100 万 was already 重点
    (300_000, date(2025, 3, 1), [], "ordinary"),
    (299_999, date(2025, 12, 31), [], "other"),
])
def test_thresholds_follow_the_rule_in_force(yuan, on, topics, tier):
    assert classify(yuan, on, topics).tier == tier


def test_the_result_names_the_rule_version_and_the_reasons():
    result = classify(Decimal("3500000"), date(2026, 5, 1), ["military"])
    assert result.rule.name == "微短剧分类分层（2026）"
    assert any("军事" in r for r in result.reasons) and any("350 万元" in r for r in result.reasons)
    assert result.route["number_kind"] == "审"


def test_only_the_2024_rule_lets_platform_recommendation_decide():
    assert classify(200_000, date(2025, 1, 10), recommended=True).tier == "key"
    assert classify(200_000, date(2026, 1, 10), recommended=True).tier == "other"


@pytest.mark.parametrize(("yuan", "message"), [(0, "大于 0"), (-1, "大于 0"), ("NaN", "大于 0"),
                                               ("abc", "必须是数字"), (5e9, "超过 20 亿")])
def test_absurd_investments_are_refused(yuan, message):
    with pytest.raises(ClassificationError, match=message):
        classify(yuan, date(2026, 3, 1))


def test_before_the_rules_existed_there_is_no_classification():
    with pytest.raises(ClassificationError, match="没有生效的分类规则"):
        classify(1_000_000, date(2023, 3, 1))


def test_a_new_version_supersedes_without_changing_history():
    old = rule_for(date(2026, 6, 1))
    new = TierRule.objects.create(name="微短剧分类分层（2026 修订）", valid_from=date(2026, 6, 1),
                                  key_threshold=5_000_000, ordinary_threshold=1_000_000, routes=old.routes,
                                  supersedes=old)
    assert classify(4_000_000, date(2026, 7, 1)).rule == new
    assert classify(4_000_000, date(2026, 7, 1)).tier == "ordinary"
    assert classify(4_000_000, date(2026, 3, 1)).rule == old  # earlier filings keep the old version

"""Tier classification (分类分层) by the rule version in force on the filing date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _

from .models.rules import SPECIAL_TOPICS, Tier, TierRule

TOPIC_CODES = {code for code, _label in SPECIAL_TOPICS}


class ClassificationError(ValueError):
    """The inputs cannot be classified; the message says why."""


@dataclass
class Classification:
    tier: str
    rule: TierRule
    reasons: list[str] = field(default_factory=list)

    @property
    def route(self) -> dict:
        return self.rule.route(self.tier)

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)

    def as_dict(self) -> dict:
        return {"tier": self.tier, "rule_id": self.rule.pk, "rule": self.rule.version_label,
                "reasons": self.reasons, "route": self.route}


def rule_for(on: date) -> TierRule:
    rule = (
        TierRule.objects.filter(valid_from__lte=on, retired_at__isnull=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "-created_at")
        .first()
    )
    if rule is None:
        raise ClassificationError(_("%(date)s 没有生效的分类规则（分类分层自 2024-06-01 起施行）") % {"date": on})
    return rule


def _wan(amount: Decimal) -> str:
    return f"{(amount / 10000).normalize():f} 万元"


def classify(investment, on: date, topics=(), recommended: bool = False, opt_in: bool = False) -> Classification:
    try:
        amount = Decimal(str(investment))
    except (InvalidOperation, ValueError):
        raise ClassificationError(_("总投资必须是数字（单位：元）")) from None
    if not amount.is_finite() or amount <= 0:
        raise ClassificationError(_("总投资必须大于 0 元"))
    if amount > Decimal("2000000000"):
        raise ClassificationError(_("总投资超过 20 亿元，请核对单位（元）"))
    unknown = set(topics) - TOPIC_CODES
    if unknown:
        raise ClassificationError(_("未知的特殊题材：%(topics)s") % {"topics": "、".join(sorted(unknown))})
    rule = rule_for(on)
    labels = dict(SPECIAL_TOPICS)
    reasons: list[str] = []
    if topics and rule.special_topics_make_key:
        reasons.append(_("涉及特殊题材：%(topics)s") % {"topics": "、".join(str(labels[t]) for t in topics)})
    if amount >= rule.key_threshold:
        reasons.append(_("总投资 %(amount)s ≥ %(threshold)s") % {"amount": _wan(amount), "threshold": _wan(rule.key_threshold)})
    if recommended and rule.recommended_makes_key:
        reasons.append(_("平台招商主推或首页首屏推荐"))
    if opt_in and rule.opt_in_makes_key:
        reasons.append(_("制作方申请按重点管理"))
    if reasons:
        return Classification(Tier.KEY, rule, reasons)
    if amount >= rule.ordinary_threshold:
        return Classification(Tier.ORDINARY, rule, [
            _("总投资 %(amount)s 在 %(low)s（含）至 %(high)s 之间") % {
                "amount": _wan(amount), "low": _wan(rule.ordinary_threshold), "high": _wan(rule.key_threshold)}
        ])
    return Classification(Tier.OTHER, rule, [
        _("总投资 %(amount)s 低于 %(low)s，一般题材，由播出平台审核") % {
            "amount": _wan(amount), "low": _wan(rule.ordinary_threshold)}
    ])

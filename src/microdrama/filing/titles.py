"""Title screening: flags a risky title for reviewers by editable rules. Flags, never rejections."""

from __future__ import annotations

import re

from .models.reviews import TitleRule


def screen_title(title: str) -> list[dict]:
    flags = []
    for rule in TitleRule.objects.filter(active=True):
        try:
            hit = re.search(rule.pattern, title) if rule.is_regex else (rule.pattern in title)
        except re.error:
            continue  # a broken pattern is caught when the admin saves it; never block a filing
        if hit:
            flags.append({"rule": rule.pk, "pattern": rule.pattern, "reason": rule.reason, "source": rule.source})
    return flags

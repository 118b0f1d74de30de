"""Enforcement — from a match to a takedown.

Infringement cases, evidence packs, warning letters (预警函) sent to platforms by e-mail and webhook,
and the notice (≤ 2 h) and takedown (≤ 24 h) clocks with re-checks and escalation.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "microdrama.enforcement"
    label = "enforcement"
    verbose_name = _("维权")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to monitoring's signals)

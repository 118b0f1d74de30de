"""Demo data for a fresh platform: each app contributes a `demo.load()` and they run in order.

Loading is idempotent (records are matched by natural keys), so running it twice changes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.db import transaction

# Order matters: later steps use the organisations and people of earlier ones.
DEMO_MODULES = ["microdrama.accounts.demo", "microdrama.filing.demo", "microdrama.rights.demo", "microdrama.monitoring.demo", "microdrama.enforcement.demo", "microdrama.locations.demo", "microdrama.talent.demo", "microdrama.studio.demo"]


def database_is_empty() -> bool:
    from microdrama.accounts.models import Organisation

    return not Organisation.objects.exists()


def load_demo(progress: Callable[[str], None] = lambda msg: None) -> dict[str, int]:
    from .notifications import without_email

    summary: dict[str, int] = {}
    for name in DEMO_MODULES:
        progress(name.rsplit(".", 2)[-2])
        with transaction.atomic(), without_email():
            summary.update(importlib.import_module(name).load())
    return summary


def demo_logins() -> list[tuple[str, str]]:
    """(username, description) of the demo people that exist in this database."""
    from microdrama.accounts.demo import logins
    from microdrama.accounts.models import User

    existing = set(User.objects.values_list("username", flat=True))
    return [(u, d) for u, d in logins() if u in existing]

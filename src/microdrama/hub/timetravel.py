"""Running code "as of" a moment in the past, for demo data that has a believable history.

Domain code stamps events with `django.utils.timezone.now()`; inside `as_of(moment)` that returns
`moment` (advancing with real elapsed time), so demo histories go through the very same services
users do instead of writing rows by hand. Never used outside demo loading.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone


@contextmanager
def as_of(moment: datetime):
    started = time.monotonic()

    def now() -> datetime:
        return moment + timedelta(seconds=time.monotonic() - started)

    with mock.patch.object(timezone, "now", now):
        yield

"""Settings for a racer process of the double-booking test on SQLite: the platform's own settings
(WAL, IMMEDIATE transactions, busy timeout), pointed at the test's database file."""

import os

from microdrama.hub.settings import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["RACE_SQLITE_PATH"]  # noqa: F405

"""Test settings: the real settings, with state in a throw-away folder and fast password hashing."""

import os
import tempfile

os.environ.setdefault("MICRODRAMA_VAR_DIR", tempfile.mkdtemp(prefix="microdrama-test-"))
# Demo data without generated sample videos (seconds each); one test renders them on purpose.
os.environ.setdefault("MICRODRAMA_DEMO_MEDIA", "0")

from microdrama.hub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not memory, so that a real Celery worker started by a test can share the test database.
DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

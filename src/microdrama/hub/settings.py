"""Settings, all read from the environment in one place.

The embedded default (SQLite in WAL mode, a filesystem Celery broker and media under `var/`) needs
no server; `DATABASE_URL` and `MICRODRAMA_BROKER_URL` switch to PostgreSQL and Redis/RabbitMQ.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MICRODRAMA_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def _secret_key() -> str:
    """MICRODRAMA_SECRET_KEY, or for the embedded default a key generated once into var/."""
    key = os.environ.get("MICRODRAMA_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("MICRODRAMA_DEBUG", False)
ALLOWED_HOSTS = _env_list("MICRODRAMA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("MICRODRAMA_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("MICRODRAMA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_celery_results",
    "ninja",  # serves the OpenAPI docs page from its own static files (no CDN)
    "axes",
    "microdrama.hub",
    "microdrama.accounts",
    "microdrama.filing",
    "microdrama.rights",
    "microdrama.monitoring",
    "microdrama.enforcement",
    "microdrama.studio",
    "microdrama.locations",
    "microdrama.talent",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "microdrama.hub.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "microdrama.hub.urls"
WSGI_APPLICATION = "microdrama.hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "microdrama.hub.navigation.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "microdrama.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises a mix of types for malformed URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database URL ({exc}). "
            "Expected e.g. postgres://user:password@127.0.0.1:5432/microdrama"
        ) from exc
    if not config.get("ENGINE") or (config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME")):
        raise ImproperlyConfigured(
            "DATABASE_URL names no database. Expected e.g. postgres://user:password@127.0.0.1:5432/microdrama"
        )
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures per user name and address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("MICRODRAMA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_bool("MICRODRAMA_SECURE_COOKIES", False)
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "microdrama.hub.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MICRODRAMA_MEDIA_ROOT", VAR_DIR / "media"))
# Stored files any logged-in person may open by URL; all other media goes through access-checked views.
SHARED_MEDIA_PREFIXES = ("locations/sets/", "talent/profiles/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package; collectstatic is optional
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
FILE_UPLOAD_PERMISSIONS = 0o640

# With an SMTP host configured mail goes out by SMTP; the embedded default writes each message to
# var/mail/ so that nothing is lost and nothing needs a mail server.
EMAIL_BACKEND = os.environ.get("MICRODRAMA_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("MICRODRAMA_SMTP_HOST")
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("MICRODRAMA_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("MICRODRAMA_SMTP_PORT", "1025"))
EMAIL_HOST_USER = os.environ.get("MICRODRAMA_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MICRODRAMA_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("MICRODRAMA_SMTP_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("MICRODRAMA_FROM_EMAIL", "微短剧产业服务平台 <noreply@microdrama.local>")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["MICRODRAMA_CACHE_URL"]}
        if os.environ.get("MICRODRAMA_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- background work -------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("MICRODRAMA_BROKER_URL", "").strip() or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.2,  # seconds between looks at an empty folder; one message per look
    }
elif "://" not in CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        f"MICRODRAMA_BROKER_URL is not a broker URL: {CELERY_BROKER_URL!r}. "
        "Expected redis://127.0.0.1:6379/0 or amqp://guest:guest@127.0.0.1:5672//"
    )
else:
    # On Redis, a killed worker's unacknowledged task comes back after the visibility timeout;
    # RabbitMQ redelivers as soon as the connection drops and ignores these options.
    _visibility = int(os.environ.get("MICRODRAMA_VISIBILITY_TIMEOUT", "3600"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility,
        "unacked_restore_interval": min(10, max(1, _visibility // 5)),
        "unacked_restore_throttle": 1 if _visibility < 600 else 10,
    }
CELERY_RESULT_BACKEND = os.environ.get("MICRODRAMA_RESULT_BACKEND", "django-db")
# Queues per kind of work, so a burst of mail never delays a pre-check and heavy media work can get
# its own machines (`microdrama worker -Q media`). A worker without -Q consumes all of them.
CELERY_TASK_DEFAULT_QUEUE = "default"
# Copyright monitoring: one queue per reference-index shard (scatter-gather matching; shard k is
# searched on queue shard-(k mod N)), and a queue for fetching candidates from the platforms.
MONITORING_SHARD_QUEUES = [f"shard-{k}" for k in range(int(os.environ.get("MICRODRAMA_SHARD_QUEUES", "2")))]
CELERY_TASK_QUEUES = {name: {"routing_key": name}
                      for name in ("default", "mail", "media", "monitoring", "studio", *MONITORING_SHARD_QUEUES)}
CELERY_TASK_ROUTES = {
    "microdrama.hub.tasks.send_notification_email": {"queue": "mail"},
    "microdrama.filing.tasks.precheck_episode": {"queue": "media"},
    "microdrama.monitoring.tasks.run_source": {"queue": "monitoring"},
    "microdrama.monitoring.tasks.fetch_candidate": {"queue": "monitoring"},
    "microdrama.monitoring.tasks.fingerprint_candidate": {"queue": "media"},
    "microdrama.enforcement.tasks.collect_evidence": {"queue": "media"},
    "microdrama.enforcement.tasks.check_watermark": {"queue": "media"},
    "microdrama.enforcement.tasks.deliver": {"queue": "mail"},
    "microdrama.enforcement.tasks.recheck_case": {"queue": "monitoring"},
    # AI lab jobs (pipeline stages, renders, label checks): minutes of CPU each, on their own workers
    "microdrama.studio.tasks.run_job": {"queue": "studio"},
}
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ALWAYS_EAGER = _env_bool("MICRODRAMA_TASKS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "beat-heartbeat": {"task": "microdrama.hub.tasks.beat_heartbeat", "schedule": 30.0},
    "filing-sla-sweep": {"task": "microdrama.filing.tasks.sweep_sla_clocks", "schedule": 300.0},
    "filing-requeue-stuck": {"task": "microdrama.filing.tasks.requeue_stuck_prechecks", "schedule": 600.0},
    "rights-requeue-stuck": {"task": "microdrama.rights.tasks.requeue_stuck_work", "schedule": 600.0},
    "filing-calendar-reminder": {"task": "microdrama.filing.tasks.warn_missing_next_year", "schedule": 6 * 3600.0},
    "monitoring-due-sources": {"task": "microdrama.monitoring.tasks.run_due_sources", "schedule": 60.0},
    "monitoring-retry-candidates": {"task": "microdrama.monitoring.tasks.retry_candidates", "schedule": 60.0},
    "enforcement-clocks": {"task": "microdrama.enforcement.tasks.sweep", "schedule": 60.0},
}
# Private, loopback and link-local addresses are never fetched by monitoring sources or platform
# webhooks, except inside these networks (CIDR list) and only for a source/platform that opts in.
MONITORING_PRIVATE_NETWORKS = _env_list("MICRODRAMA_MONITOR_PRIVATE_NETWORKS", [])
# Watched-folder sources may only read below these directories.
MONITORING_FOLDER_ROOTS = _env_list("MICRODRAMA_WATCH_ROOTS", [str(VAR_DIR / "watch")])
HEARTBEAT_SECONDS = 15
HEARTBEAT_STALE_SECONDS = 90

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MICRODRAMA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"},
                "faiss.loader": {"level": "WARNING"}},
}

def _evidence_key() -> str:
    """Ed25519 signing key of the evidence log (base64 of the 32-byte seed): from
    MICRODRAMA_EVIDENCE_KEY, or for the embedded default generated once into var/."""
    key = os.environ.get("MICRODRAMA_EVIDENCE_KEY")
    if key:
        return key
    key_file = VAR_DIR / "evidence_key"
    if not key_file.exists():
        import base64

        key_file.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


MICRODRAMA = {
    "evidence_key": _evidence_key(),
    "index_dir": Path(os.environ.get("MICRODRAMA_INDEX_DIR", VAR_DIR / "index")),
    "demo_password": os.environ.get("MICRODRAMA_DEMO_PASSWORD", "demo12345"),
    "api_token_days": int(os.environ.get("MICRODRAMA_API_TOKEN_DAYS", "365")),
}

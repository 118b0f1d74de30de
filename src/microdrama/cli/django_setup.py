"""Start Django for commands that need the database, once, on first use."""

from __future__ import annotations

import os

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microdrama.hub.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise click.ClickException(f"配置错误 / configuration error: {exc}") from exc

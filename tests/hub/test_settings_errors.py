"""Start-up configuration errors name the variable and say what was expected."""

import os
import subprocess
import sys

import pytest


def start_django(tmp_path, **env):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "microdrama.hub.settings", "MICRODRAMA_VAR_DIR": str(tmp_path), **env},
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("url", ["not a url", "postgres://", "nosuchdb://host/db"])
def test_malformed_database_url_stops_start_up_naming_the_variable(tmp_path, url):
    result = start_django(tmp_path, DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" in result.stderr  # it is an exception, but the last line says what to fix
    assert "DATABASE_URL" in result.stderr.strip().splitlines()[-1]


def test_postgres_url_selects_postgresql(tmp_path):
    result = start_django(tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:5432/microdrama")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


def test_malformed_broker_url_names_the_variable(tmp_path):
    result = start_django(tmp_path, MICRODRAMA_BROKER_URL="localhost:6379")
    assert result.returncode != 0
    assert "MICRODRAMA_BROKER_URL" in result.stderr.strip().splitlines()[-1]


def test_bad_boolean_names_the_variable(tmp_path):
    result = start_django(tmp_path, MICRODRAMA_DEBUG="maybe")
    assert result.returncode != 0
    assert "MICRODRAMA_DEBUG" in result.stderr.strip().splitlines()[-1]


def test_cli_reports_configuration_errors_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "microdrama.cli", "demo"],
        env={**os.environ, "MICRODRAMA_VAR_DIR": str(tmp_path), "DATABASE_URL": "garbage"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr

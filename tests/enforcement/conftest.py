"""Enforcement tests use the copyright-centre fixtures (tests/monitoring/fixtures.py)."""

from tests.monitoring.fixtures import *  # noqa: F403

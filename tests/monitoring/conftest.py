"""Monitoring tests use the copyright-centre fixtures (tests/monitoring/fixtures.py)."""

from .fixtures import *  # noqa: F403

"""Enforcement pages: cases and their evidence, the officer's review, the platform's notice inbox,
the SLA dashboard and platform profiles."""

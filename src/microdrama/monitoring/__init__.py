"""Monitoring — watching the platforms for copies.

Monitoring sources (watched folders, feeds, platform search), their scheduled runs and logs, the
candidate videos they bring in, and the matches the media engine finds among them.
"""

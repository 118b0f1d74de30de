"""Enforcement listens to monitoring: matches open cases; a duplicate copy is noted on the cases of
the original."""

from __future__ import annotations

from django.dispatch import receiver

from microdrama.monitoring.signals import copies_found, duplicate_found


@receiver(copies_found)
def open_cases(sender, candidate, matches, **kwargs):
    from .services import open_cases as open_

    open_(candidate, matches)


@receiver(duplicate_found)
def note_duplicate(sender, candidate, original, **kwargs):
    from .services import note_duplicate as note

    note(candidate, original)

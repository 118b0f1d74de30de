"""Monitoring models, one module per concept: sources and their runs, candidate videos and matches."""

from .candidates import Candidate, Match
from .sources import Run, RunLogEntry, Source

__all__ = ["Candidate", "Match", "Run", "RunLogEntry", "Source"]

"""Exports for people and tools outside the lab: Fountain scripts, shot lists (CSV / XLSX), the
storyboard PDF and OpenTimelineIO timelines."""

from .fountain import parse_fountain, write_fountain
from .shotlist import write_csv, write_xlsx
from .storyboard_pdf import write_storyboard_pdf
from .timeline import write_timelines

__all__ = [
    "parse_fountain",
    "write_csv",
    "write_fountain",
    "write_storyboard_pdf",
    "write_timelines",
    "write_xlsx",
]

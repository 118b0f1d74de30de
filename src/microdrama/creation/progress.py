"""Progress reports from long stages: a small value a callback receives, so the CLI can draw a
tqdm bar and the studio can update a job row, without the engine knowing either."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressEvent:
    stage: str  # "bible", "scripts", … (a `Stage` value)
    done: int
    total: int
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


Progress = Callable[[ProgressEvent], None]


def ignore_progress(event: ProgressEvent) -> None:
    """The default callback: report nothing."""

"""The voice interface: a line of dialogue and a character's voice → mono speech samples.

`Speech.silent` is True when no real voice was available and the samples are a placeholder of the
line's length; the renderer records it so nobody mistakes a silent track for a dubbed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..models.bible import Voice


@dataclass(frozen=True)
class Speech:
    samples: np.ndarray  # float32 mono, -1..1
    rate: int
    silent: bool = False
    note: str = ""

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


class VoiceBackend(Protocol):
    @property
    def identity(self) -> str: ...

    def speak(self, text: str, voice: Voice, *, speed: float = 1.0) -> Speech:
        """Say `text`; `speed` > 1 asks for faster speech (to fit a line into its shot)."""
        ...

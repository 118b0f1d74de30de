"""The fallback voice when espeak-ng is missing: silence as long as the line would take to say,
clearly marked `silent`, so timing and subtitles stay right and the manifest says why it is quiet."""

from __future__ import annotations

import numpy as np

from ..models.bible import Voice
from ..pacing import speech_seconds
from .base import Speech

SILENT_NOTE = "未找到 espeak-ng（普通话语音合成），对白为静音轨；安装：apt-get install -y espeak-ng"


class SilentVoice:
    identity = "silent"

    def __init__(self, rate: int = 22050, chars_per_second: float = 3.0) -> None:
        self.rate = rate
        self.chars_per_second = chars_per_second

    def speak(self, text: str, voice: Voice, *, speed: float = 1.0) -> Speech:
        seconds = speech_seconds(text, self.chars_per_second) / max(speed, 0.1)
        return Speech(
            np.zeros(int(seconds * self.rate), np.float32), self.rate, silent=True, note=SILENT_NOTE
        )

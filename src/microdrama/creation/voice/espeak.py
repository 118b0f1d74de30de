"""Offline Mandarin speech with espeak-ng (`cmn` voice, Debian package `espeak-ng`): robotic but
real, instant, and needing no model download. Each character keeps its voice variant, rate and
pitch from the bible."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from functools import cache
from pathlib import Path

import numpy as np

from ..models.bible import Voice
from .base import Speech


@cache
def espeak_available() -> bool:
    """espeak-ng is installed and speaks Mandarin (tested once per process)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return False
    try:
        result = subprocess.run([exe, "-v", "cmn", "--stdout", "测试"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and len(result.stdout) > 1000


class EspeakVoice:
    identity = "espeak-ng/cmn"

    def speak(self, text: str, voice: Voice, *, speed: float = 1.0) -> Speech:
        rate = int(min(450, max(80, voice.rate * speed)))
        with tempfile.TemporaryDirectory(prefix="espeak-") as tmp:
            out = Path(tmp) / "line.wav"
            subprocess.run(
                [
                    "espeak-ng",
                    "-v",
                    voice.voice_id or "cmn",
                    "-s",
                    str(rate),
                    "-p",
                    str(voice.pitch),
                    "-w",
                    str(out),
                    text,
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
            return _read_wav(out)


def _read_wav(path: Path) -> Speech:
    with wave.open(str(path), "rb") as f:
        rate, channels, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
        raw = f.readframes(f.getnframes())
    if width != 2:
        raise ValueError(f"espeak-ng wrote {width * 8}-bit audio; 16-bit expected")
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return Speech(samples, rate)

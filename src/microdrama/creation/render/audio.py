"""The dialogue track of a shot: each line spoken by its character's voice, fitted into its cue
(sped up if it would overrun, trimmed with a short fade as a last resort) and placed at the cue's
start in a 48 kHz mono buffer exactly as long as the shot."""

from __future__ import annotations

import numpy as np

from ..models.bible import SeriesBible, Voice
from ..models.storyboard import Shot
from ..voice.base import Speech, VoiceBackend

AUDIO_RATE = 48_000
MAX_SPEEDUP = 1.8


def resample(samples: np.ndarray, rate: int, target: int = AUDIO_RATE) -> np.ndarray:
    if rate == target or len(samples) == 0:
        return samples.astype(np.float32)
    n = round(len(samples) * target / rate)
    x_new = np.linspace(0, len(samples) - 1, n, dtype=np.float64)
    return np.interp(x_new, np.arange(len(samples)), samples).astype(np.float32)


def _fit(speech: Speech, window: float) -> np.ndarray:
    samples = resample(speech.samples, speech.rate)
    limit = int(window * AUDIO_RATE)
    if len(samples) > limit > 0:
        fade = min(limit, int(0.05 * AUDIO_RATE))
        samples = samples[:limit].copy()
        samples[-fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
    return samples


def dialogue_track(shot: Shot, bible: SeriesBible, voice: VoiceBackend) -> tuple[np.ndarray, bool, str]:
    """(samples, silent, note): the shot's speech; `silent` when any line had no real voice."""
    length = round(shot.duration * AUDIO_RATE)
    track = np.zeros(length, np.float32)
    silent, note = False, ""
    for index, cue in enumerate(shot.cues):
        character = bible.character(cue.speaker)
        timbre = character.voice if character else Voice()
        next_start = shot.cues[index + 1].start if index + 1 < len(shot.cues) else shot.duration
        window = max(0.3, min(next_start, shot.duration) - cue.start - 0.05)
        speech = voice.speak(cue.text, timbre)
        if speech.seconds > window:  # say it faster rather than cut it
            speech = voice.speak(cue.text, timbre, speed=min(MAX_SPEEDUP, speech.seconds / window * 1.05))
        silent = silent or speech.silent
        note = note or speech.note
        samples = _fit(speech, window)
        start = int(cue.start * AUDIO_RATE)
        end = min(length, start + len(samples))
        track[start:end] += samples[: end - start]
    peak = float(np.max(np.abs(track))) if len(track) else 0.0
    if peak > 0.98:
        track *= 0.98 / peak
    return track, silent, note

"""Voice backends: espeak-ng Mandarin offline, and a marked silent fallback."""

from .base import Speech, VoiceBackend
from .espeak import EspeakVoice, espeak_available
from .silent import SILENT_NOTE, SilentVoice


def default_voice() -> VoiceBackend:
    """espeak-ng when it is installed, else the silent fallback (which says so)."""
    return EspeakVoice() if espeak_available() else SilentVoice()


__all__ = [
    "SILENT_NOTE",
    "EspeakVoice",
    "SilentVoice",
    "Speech",
    "VoiceBackend",
    "default_voice",
    "espeak_available",
]

"""Dialogue is spoken in Mandarin by espeak-ng; without it, a silent track of the right length
stands in and says so."""

from __future__ import annotations

import numpy as np
import pytest

from microdrama.creation.models import Cue, Shot, Voice
from microdrama.creation.render.audio import AUDIO_RATE, dialogue_track
from microdrama.creation.voice import SILENT_NOTE, EspeakVoice, SilentVoice


def test_espeak_speaks_mandarin_at_a_plausible_length(has_espeak):
    if not has_espeak:
        pytest.skip("espeak-ng not installed and could not be installed here")
    speech = EspeakVoice().speak("林晚，你终于回来了。", Voice(voice_id="cmn+f3"))
    assert not speech.silent
    assert 1.0 < speech.seconds < 6.0
    assert np.abs(speech.samples).max() > 0.1
    faster = EspeakVoice().speak("林晚，你终于回来了。", Voice(voice_id="cmn+f3"), speed=1.6)
    assert faster.seconds < speech.seconds


def test_without_espeak_the_track_is_silent_and_marked():
    speech = SilentVoice().speak("你来晚了。", Voice())
    assert speech.silent and speech.note == SILENT_NOTE and "espeak-ng" in SILENT_NOTE
    assert speech.seconds == pytest.approx(4 / 3, abs=0.01) and not speech.samples.any()


def test_each_line_sits_in_its_cue_and_the_track_lasts_the_shot(series, has_espeak):
    bible, _ = series
    voice = EspeakVoice() if has_espeak else SilentVoice()
    name = bible.characters[0].name
    shot = Shot(
        episode=1,
        number=1,
        scene="1-1",
        location="街角",
        description="她开口",
        duration=8.16,
        cues=[
            Cue(speaker=name, text="你终于来了。", start=1.0, end=3.0),
            Cue(speaker=name, text="这一次我不会再放手，无论发生什么都不会。", start=3.3, end=4.5),
        ],
    )
    track, silent, _ = dialogue_track(shot, bible, voice)
    assert len(track) == round(8.16 * AUDIO_RATE)
    assert silent == (not has_espeak)
    assert not track[: int(0.99 * AUDIO_RATE)].any()  # nothing before the first cue
    assert np.abs(track).max() <= 0.99
    if has_espeak:
        second = track[int(3.3 * AUDIO_RATE) :]
        assert second.any() and not track[int(8.12 * AUDIO_RATE) :].any()  # fitted before the shot ends

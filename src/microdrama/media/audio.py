"""Audio fingerprint: one 64-bit code per 1-s window of sound, every 0.125 s.

In the spirit of the Philips / Haitsma–Kalker and Chromaprint fingerprints (energy differences
between neighbouring bands and neighbouring moments, kept as sign bits), tuned for dialogue with
music rather than for music alone: 18 log-spaced bands from 200 to 2600 Hz, a 1-s window cut in
four quarters; 51 bits are the signs of the band-difference changes between quarters and 13 the
signs of the window's spectral slope. Sign bits do not care about volume, and a 1-s window with
quarter-second structure does not care about the ±1/16 s by which two timelines disagree.

Speed changes are what breaks audio fingerprints (the reference doc's §2.6). The code can be
computed under a speed hypothesis instead: the window is shortened by the speed factor (tempo
change, pitch kept — `atempo`) and the band edges raised by it as well when the pitch moved with
the speed (`asetrate`). `match.py` asks for that once the video — or a small sweep — has
suggested a speed. Digital silence and near-silence give no code (`valid` False).
"""

from __future__ import annotations

import numpy as np

HOP = 0.125  # seconds between codes
WINDOW = 1.0  # seconds described by one code
_FRAME = 512  # STFT frame at 8 kHz (64 ms)
_STEP = 128  # STFT step (16 ms)
_EDGES_HZ = np.geomspace(200.0, 2600.0, 19)
_SILENCE = 1e-9  # mean power per sample (≈ -90 dBFS): quiet dialogue still counts, digital silence does not


def _band_energies(
    samples: np.ndarray, rate: int, speed: float, pitch: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Log band energies (frames, 18) and total power per STFT frame."""
    if samples.size < _FRAME:
        samples = np.pad(samples, (0, _FRAME - samples.size))
    n = 1 + (samples.size - _FRAME) // _STEP
    idx = np.arange(_FRAME)[None, :] + _STEP * np.arange(n)[:, None]
    frames = samples[idx] * np.hanning(_FRAME).astype(np.float32)[None, :]
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(_FRAME, 1.0 / rate)
    edges = _EDGES_HZ * (speed if pitch else 1.0)
    band = np.searchsorted(edges, freqs) - 1
    energies = np.zeros((n, len(edges) - 1), np.float64)
    for b in range(len(edges) - 1):
        sel = band == b
        if sel.any():
            energies[:, b] = power[:, sel].sum(axis=1)
    total = (frames**2).mean(axis=1)
    return np.log(energies + 1e-9), total


def audio_codes(
    samples: np.ndarray,
    rate: int,
    *,
    speed: float = 1.0,
    pitch: bool = False,
    hop: float = HOP,
    duration: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Codes `(n, 8)` uint8 and validity `(n,)` for windows starting every `hop` s of `samples`.

    With `speed` s ≠ 1 the codes describe what the original (s× slower) sound would give, so they
    compare with codes of the unmodified reference; `pitch=True` when pitch rose with the speed.
    """
    total_s = duration if duration is not None else samples.size / rate
    count = max(0, int(np.floor(total_s / hop + 1e-9)))
    if count == 0 or samples.size == 0:
        return np.zeros((0, 8), np.uint8), np.zeros(0, bool)
    energies, power = _band_energies(samples.astype(np.float32), rate, speed, pitch)
    frame_rate = rate / _STEP
    cum = np.vstack([np.zeros((1, energies.shape[1])), np.cumsum(energies, axis=0)])
    cum_p = np.concatenate([[0.0], np.cumsum(power, dtype=np.float64)])  # float32 sums lose quiet passages
    nf = energies.shape[0]
    window = WINDOW / speed
    starts = np.arange(count) * hop
    # quarter boundaries in STFT frames, clipped to the signal
    bounds = np.clip(
        np.round((starts[:, None] + window * np.arange(5)[None, :] / 4) * frame_rate).astype(np.int64), 0, nf
    )
    lengths = np.maximum(bounds[:, 1:] - bounds[:, :-1], 1)
    quarters = (cum[bounds[:, 1:]] - cum[bounds[:, :-1]]) / lengths[:, :, None]  # (n, 4, 18)
    slope = quarters[:, :, :-1] - quarters[:, :, 1:]  # (n, 4, 17)
    changes = (slope[:, 1:] - slope[:, :-1]).reshape(count, -1) > 0  # 51 bits
    tilt = slope.mean(axis=1)[:, :13] > 0  # 13 bits
    bits = np.concatenate([changes, tilt], axis=1)
    codes = np.packbits(bits, axis=1)
    covered = bounds[:, -1] - bounds[:, 0]
    mean_power = (cum_p[bounds[:, -1]] - cum_p[bounds[:, 0]]) / np.maximum(covered, 1)
    # a window without any spectral relief (silence, a constant hum) gives the same bits everywhere
    relief = np.ptp(quarters.reshape(count, -1), axis=1) > 1.0
    valid = (covered >= 0.9 * window * frame_rate) & (mean_power > _SILENCE) & relief
    return codes, valid

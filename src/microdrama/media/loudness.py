"""Programme loudness per ITU-R BS.1770-4 / EBU R 128, measured while the audio streams past.

`pyloudnorm` holds the reference implementation and the K-weighting filter design; it needs the
whole signal in memory as float64 (a 15-minute stereo episode at 48 kHz would be ~1.4 GB), so
this meter runs the *same* pyloudnorm filters chunk by chunk with carried filter state and keeps
only one mean square per 100 ms per channel. From those it computes, exactly as BS.1770 does:

- integrated loudness (400 ms blocks, 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU);
- loudness range (EBU Tech 3342: 3 s short-term loudness every 100 ms, gates −70 LUFS / −20 LU,
  10th to 95th percentile);
- sample peak, and true peak by 4× oversampling (BS.1770-4 annex 2);
- the unweighted level of every 100 ms, which the QC turns into silence stretches.

Channels are weighted 1.0 (left, right, centre); surround mixes are downmixed to stereo before
they get here, which changes the reading of a 5.1 mix slightly (BS.1770 weights surrounds 1.41).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyloudnorm
import scipy.signal

BLOCK_S = 0.1  # sub-block length: every gating window is a whole number of these
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
LRA_RELATIVE_GATE_LU = -20.0
TRUE_PEAK_OVERSAMPLING = 4
_EDGE = 12  # input samples the 4× oversampling filter (81 taps) reaches either side of a sample


@dataclass(frozen=True)
class LoudnessResult:
    """Loudness of a programme. Levels are None where BS.1770 defines none (silence, too short)."""

    integrated_lufs: float | None
    loudness_range_lu: float | None
    true_peak_dbtp: float | None
    sample_peak_dbfs: float | None
    duration: float

    def as_dict(self) -> dict:
        return {
            "integrated_lufs": self.integrated_lufs,
            "loudness_range_lu": self.loudness_range_lu,
            "true_peak_dbtp": self.true_peak_dbtp,
            "sample_peak_dbfs": self.sample_peak_dbfs,
            "duration": self.duration,
        }

    @classmethod
    def from_dict(cls, data: dict) -> LoudnessResult:
        return cls(
            integrated_lufs=data.get("integrated_lufs"),
            loudness_range_lu=data.get("loudness_range_lu"),
            true_peak_dbtp=data.get("true_peak_dbtp"),
            sample_peak_dbfs=data.get("sample_peak_dbfs"),
            duration=float(data.get("duration") or 0.0),
        )


def _round(value: float | None) -> float | None:
    # hundredths of a LU or dB are below anything audible or any tolerance in a delivery spec
    return None if value is None else round(value, 2)


class LoudnessMeter:
    """Feed float samples shaped (channels, n) in any chunking with `add`, then read `result()`.

    The result does not depend on how the signal was chunked (tests hold it to that).
    """

    def __init__(self, rate: int, channels: int) -> None:
        if rate <= 0 or channels <= 0:
            raise ValueError("rate and channels must be positive")
        self.rate = rate
        self.channels = channels
        self.block = round(BLOCK_S * rate)
        reference = pyloudnorm.Meter(rate)  # K-weighting: high shelf then high pass
        stages = list(reference._filters.values())
        self._sos = np.array([np.concatenate([s.b, s.a]) for s in stages])
        self._gain = float(np.prod([s.passband_gain for s in stages]))
        self._zi = np.zeros((len(stages), channels, 2))
        self._pending_k = np.zeros((channels, 0))  # weighted samples not yet filling a sub-block
        self._pending_raw = np.zeros((channels, 0))
        self._k_power: list[np.ndarray] = []  # per sub-block, per channel mean square (weighted)
        self._raw_power: list[float] = []  # per sub-block, loudest channel's mean square (unweighted)
        self._samples = 0
        self._sample_peak = 0.0
        self._true_peak = 0.0
        self._tail = np.zeros((channels, 0))  # last input samples, for the true-peak filter

    # -- feeding -----------------------------------------------------------------------------
    def add(self, samples: np.ndarray) -> None:
        samples = np.asarray(samples, dtype=np.float64)
        if samples.ndim == 1:
            samples = samples[np.newaxis, :]
        if samples.shape[0] != self.channels:
            raise ValueError(f"expected {self.channels} channels, got {samples.shape[0]}")
        if samples.shape[1] == 0:
            return
        self._samples += samples.shape[1]
        self._sample_peak = max(self._sample_peak, float(np.max(np.abs(samples))))
        self._update_true_peak(samples)
        weighted, self._zi = scipy.signal.sosfilt(self._sos, samples, axis=1, zi=self._zi)
        weighted *= self._gain
        self._pending_k = self._consume(np.concatenate([self._pending_k, weighted], axis=1), True)
        self._pending_raw = self._consume(np.concatenate([self._pending_raw, samples], axis=1), False)

    def _consume(self, data: np.ndarray, weighted: bool) -> np.ndarray:
        whole = data.shape[1] // self.block
        if whole:
            blocks = data[:, : whole * self.block].reshape(self.channels, whole, self.block)
            power = np.mean(np.square(blocks), axis=2)  # (channels, whole)
            if weighted:
                self._k_power.extend(power.T)
            else:
                self._raw_power.extend(power.max(axis=0).tolist())
        return data[:, whole * self.block :]

    def _update_true_peak(self, samples: np.ndarray) -> None:
        # The oversampling filter reaches _EDGE input samples either side, so each call examines
        # the stretch whose neighbours it has seen and carries 2·_EDGE samples into the next.
        joined = np.concatenate([self._tail, samples], axis=1)
        self._tail = joined[:, -2 * _EDGE :]
        # A chunk more than 6 dB under the true peak held so far cannot raise it (inter-sample
        # overs of real audio stay well under that), so most of a programme skips the filter.
        if float(np.max(np.abs(joined))) * 2.0 < self._true_peak or joined.shape[1] <= 2 * _EDGE:
            return
        self._oversampled_peak(joined, _EDGE, joined.shape[1] - _EDGE)

    def _oversampled_peak(self, data: np.ndarray, start: int, stop: int) -> None:
        up = scipy.signal.resample_poly(data, TRUE_PEAK_OVERSAMPLING, 1, axis=1)
        window = up[:, start * TRUE_PEAK_OVERSAMPLING : stop * TRUE_PEAK_OVERSAMPLING]
        if window.size:
            self._true_peak = max(self._true_peak, float(np.max(np.abs(window))))

    def _finish_true_peak(self) -> None:
        # The last _EDGE samples have no successors: read them as the signal ending in silence.
        if self._tail.shape[1]:
            start = max(0, self._tail.shape[1] - _EDGE)
            self._oversampled_peak(self._tail, start, self._tail.shape[1])
            self._tail = np.zeros((self.channels, 0))

    # -- reading -----------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self._samples / self.rate

    def block_levels_dbfs(self) -> np.ndarray:
        """Unweighted RMS level of each 100 ms (loudest channel), dBFS; −inf for digital silence."""
        power = np.asarray(self._raw_power, dtype=np.float64)
        with np.errstate(divide="ignore"):
            return 10.0 * np.log10(power) if power.size else power

    def result(self) -> LoudnessResult:
        self._finish_true_peak()
        k = np.asarray(self._k_power, dtype=np.float64).reshape(-1, self.channels)
        return LoudnessResult(
            integrated_lufs=_round(_integrated(k)),
            loudness_range_lu=_round(_loudness_range(k)),
            true_peak_dbtp=_round(20.0 * math.log10(self._true_peak)) if self._true_peak > 0 else None,
            sample_peak_dbfs=_round(20.0 * math.log10(self._sample_peak)) if self._sample_peak > 0 else None,
            duration=round(self.duration, 3),
        )


def _windows(k: np.ndarray, length: int) -> np.ndarray:
    """Mean square per channel of every window of `length` sub-blocks, hop one sub-block."""
    if k.shape[0] < length:
        return np.zeros((0, k.shape[1]))
    csum = np.concatenate([np.zeros((1, k.shape[1])), np.cumsum(k, axis=0)])
    return (csum[length:] - csum[:-length]) / length


def _loudness(power: np.ndarray) -> np.ndarray:
    """BS.1770 loudness of windows from their per-channel mean squares (all channel weights 1)."""
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(power.sum(axis=1))


def _integrated(k: np.ndarray) -> float | None:
    z = _windows(k, 4)  # 400 ms gating blocks, 75 % overlap
    if not len(z):
        return None
    level = _loudness(z)
    above = level >= ABSOLUTE_GATE_LUFS
    if not above.any():
        return None
    relative = -0.691 + 10.0 * math.log10(z[above].mean(axis=0).sum()) + RELATIVE_GATE_LU
    gated = above & (level > relative)
    if not gated.any():
        return None
    power = z[gated].mean(axis=0).sum()
    return -0.691 + 10.0 * math.log10(power) if power > 0 else None


def _loudness_range(k: np.ndarray) -> float | None:
    short_term = _loudness(_windows(k, 30))  # 3 s windows every 100 ms
    short_term = short_term[short_term >= ABSOLUTE_GATE_LUFS]
    if not len(short_term):
        return None
    mean_power = np.mean(np.power(10.0, short_term / 10.0))
    short_term = short_term[short_term >= 10.0 * math.log10(mean_power) + LRA_RELATIVE_GATE_LU]
    if not len(short_term):
        return None
    return float(np.percentile(short_term, 95) - np.percentile(short_term, 10))

"""The QC's one pass over the sound: decode the first audio stream, resample it to 48 kHz float
(mono stays mono, anything wider becomes stereo) and stream it through the loudness meter, which
also yields the level of every 100 ms for finding silent stretches.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import av
import numpy as np

from microdrama.timespan import Span

from .loudness import BLOCK_S, LoudnessMeter, LoudnessResult
from .qc_spans import flagged_spans
from .qc_spec import QCSpec

RATE = 48_000


@dataclass
class SoundScan:
    loudness: LoudnessResult
    levels_dbfs: np.ndarray  # unweighted level of each 100 ms
    decoded_end: float
    corrupt_at: list[float] = field(default_factory=list)

    def quiet(self, spec: QCSpec) -> np.ndarray:
        return self.levels_dbfs < spec.silence_dbfs

    def silent_spans(self, spec: QCSpec) -> list[Span]:
        starts = np.arange(len(self.levels_dbfs)) * BLOCK_S
        return flagged_spans(starts, starts + BLOCK_S, self.quiet(spec))

    @property
    def all_silent_or_empty(self) -> bool:
        return self.loudness.integrated_lufs is None


def scan_sound(
    path: str | os.PathLike,
    duration_hint: float,
    on_progress: Callable[[float], None] | None = None,
) -> SoundScan:
    corrupt_at: list[float] = []
    meter: LoudnessMeter | None = None
    resampler: av.AudioResampler | None = None
    chunks = 0
    with av.open(os.fspath(path), metadata_errors="ignore") as container:
        stream = container.streams.audio[0]
        packets = container.demux(stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except av.error.FFmpegError:
                break  # the container is broken past here; what decoded so far still counts
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                corrupt_at.append(meter.duration if meter else 0.0)
                continue
            for frame in frames:
                if meter is None:
                    channels = 1 if frame.layout.nb_channels == 1 else 2
                    resampler = av.AudioResampler(
                        format="fltp", layout="mono" if channels == 1 else "stereo", rate=RATE
                    )
                    meter = LoudnessMeter(RATE, channels)
                for out in resampler.resample(frame):
                    meter.add(out.to_ndarray())
                chunks += 1
                if on_progress and duration_hint > 0 and chunks % 200 == 0:
                    on_progress(min(1.0, meter.duration / duration_hint))
        if resampler is not None and meter is not None:
            for out in resampler.resample(None):
                meter.add(out.to_ndarray())
    if meter is None:
        meter = LoudnessMeter(RATE, 1)  # an audio stream with no decodable sound
    return SoundScan(
        loudness=meter.result(),
        levels_dbfs=meter.block_levels_dbfs(),
        decoded_end=meter.duration,
        corrupt_at=corrupt_at,
    )

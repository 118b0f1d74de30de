"""Writing MP4s with PyAV: a finished shot (frames with their overlays burned in, plus its
dialogue track) and an episode (the shots' video packets copied end to end, with the episode's
dialogue encoded once as one track).

Every finished shot is encoded with the same settings, so their H.264 streams can be joined
without re-encoding; if a shot's stream parameters ever differ, the episode is re-encoded instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import av
import numpy as np

from ..models.storyboard import RenderSpec
from .audio import AUDIO_RATE
from .overlays import Overlay

VIDEO_OPTIONS = {"preset": "superfast", "crf": "22", "profile": "high"}
AUDIO_BIT_RATE = 96_000


def _open(out: Path, spec: RenderSpec):
    container = av.open(str(out), "w", format="mp4")
    video = container.add_stream("libx264", rate=spec.fps, options=dict(VIDEO_OPTIONS))
    video.width, video.height, video.pix_fmt = spec.width, spec.height, "yuv420p"
    video.codec_context.gop_size = spec.fps * 2
    audio = container.add_stream("aac", rate=AUDIO_RATE)
    audio.layout = "mono"
    audio.bit_rate = AUDIO_BIT_RATE
    return container, video, audio


def _audio_frame(samples: np.ndarray, pts: int) -> av.AudioFrame:
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)[None, :]
    frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
    frame.sample_rate = AUDIO_RATE
    frame.pts = pts
    return frame


def encode_shot(
    frames: Iterable[np.ndarray],
    audio: np.ndarray,
    spec: RenderSpec,
    out: Path,
    overlays: Sequence[Overlay] = (),
) -> int:
    """Encode exactly `spec.frames` frames (holding the last if the source runs short) with the
    overlays burned in and `audio` (48 kHz mono float) as the sound."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".part.mp4")
    per_frame = AUDIO_RATE // spec.fps if AUDIO_RATE % spec.fps == 0 else AUDIO_RATE / spec.fps
    audio = np.pad(audio, (0, max(0, int(spec.seconds * AUDIO_RATE) - len(audio))))
    container, vstream, astream = _open(tmp, spec)
    count, last = 0, None
    with container:
        iterator = iter(frames)
        while count < spec.frames:
            picture = next(iterator, None)
            if picture is None:
                if last is None:
                    raise ValueError("视频后端没有输出任何画面")
                picture = last
            else:
                picture = np.array(picture, dtype=np.uint8, copy=True)  # overlays write into it
                for overlay in overlays:
                    overlay.apply(picture, count)
                last = picture
            for packet in vstream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                container.mux(packet)
            a0, a1 = int(count * per_frame), int((count + 1) * per_frame)
            for packet in astream.encode(_audio_frame(audio[a0:a1], a0)):
                container.mux(packet)
            count += 1
        for stream in (vstream, astream):
            for packet in stream.encode():
                container.mux(packet)
    tmp.replace(out)
    return count


def concat_shots(shots: Sequence[Path], audio: np.ndarray, spec: RenderSpec, out: Path) -> int:
    """Join finished shots into one episode: video packets copied, dialogue encoded once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".part.mp4")
    if not _joinable(shots):
        return _reencode(shots, audio, spec, out)
    total_frames = 0
    with av.open(str(tmp), "w", format="mp4") as container:
        with av.open(str(shots[0])) as first:
            vout = container.add_stream_from_template(first.streams.video[0])
        astream = container.add_stream("aac", rate=AUDIO_RATE)
        astream.layout, astream.bit_rate = "mono", AUDIO_BIT_RATE
        samples_done = 0
        for index, path in enumerate(shots):
            with av.open(str(path)) as shot:
                vin = shot.streams.video[0]
                offset = round(index * spec.seconds / vin.time_base)
                for packet in shot.demux(vin):
                    if packet.dts is None:
                        continue
                    packet.pts = (packet.pts or 0) + offset
                    packet.dts += offset
                    packet.stream = vout
                    container.mux(packet)
                total_frames += vin.frames or spec.frames
            end = round((index + 1) * spec.seconds * AUDIO_RATE)
            for packet in astream.encode(_audio_frame(audio[samples_done:end], samples_done)):
                container.mux(packet)
            samples_done = end
        for packet in astream.encode():
            container.mux(packet)
    tmp.replace(out)
    return total_frames


def _joinable(shots: Sequence[Path]) -> bool:
    signature = None
    for path in shots:
        with av.open(str(path)) as c:
            cc = c.streams.video[0].codec_context
            current = (cc.name, cc.width, cc.height, bytes(cc.extradata or b""))
        if signature is not None and current != signature:
            return False
        signature = current
    return signature is not None


def _reencode(shots: Sequence[Path], audio: np.ndarray, spec: RenderSpec, out: Path) -> int:
    def frames():
        for path in shots:
            with av.open(str(path)) as c:
                for frame in c.decode(video=0):
                    yield frame.to_ndarray(format="rgb24")

    whole = spec.model_copy(update={"frames": spec.frames * len(shots)})
    return encode_shot(frames(), audio, whole, out)

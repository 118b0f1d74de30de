"""Forensic watermark commands: `microdrama watermark embed` and `microdrama watermark detect`.

A thin layer over `microdrama.watermark`; no Django. Progress bars go to stderr, results to stdout,
and bad input ends with a Chinese + English message and a non-zero exit status.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from microdrama.media.errors import MediaError
from microdrama.timespan import Span, parse_timecode


class _Bar:
    """A tqdm bar in percent, fed by the engine's fraction-done callback."""

    def __init__(self, label: str) -> None:
        self.bar = tqdm(
            total=100,
            desc=label,
            unit="%",
            leave=False,
            file=sys.stderr,
            bar_format="{desc} {percentage:3.0f}%|{bar}| {elapsed}<{remaining}",
        )

    def __call__(self, fraction: float) -> None:
        self.bar.update(max(0, round(fraction * 100) - self.bar.n))

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()


def _payload(ctx, param, value: str) -> int:
    from microdrama.watermark import parse_payload

    try:
        return parse_payload(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc} / the payload must be exactly 16 hexadecimal digits") from exc


@click.group(name="watermark")
def watermark() -> None:
    """数字水印：嵌入与检测 / forensic watermark: embed a payload into a copy, read it back."""


@watermark.command()
@click.argument("src", type=click.Path(path_type=Path))
@click.argument("dst", type=click.Path(path_type=Path))
@click.option(
    "--payload",
    required=True,
    callback=_payload,
    help="64 位载荷，16 位十六进制 / 64-bit payload as 16 hex digits.",
)
@click.option(
    "--strength",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.05, 4.0),
    help="水印强度（1 ≈ PSNR 42.5 dB）/ mark strength (1 ≈ 42.5 dB PSNR-Y).",
)
@click.option(
    "--crf",
    default=18.0,
    show_default=True,
    type=click.FloatRange(0, 51),
    help="H.264 quality (lower is better).",
)
@click.option("--preset", default="medium", show_default=True, help="libx264 preset.")
@click.option(
    "--key",
    envvar="MICRODRAMA_WATERMARK_KEY",
    default=None,
    help="水印密钥 / secret key (env MICRODRAMA_WATERMARK_KEY).",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告 / print the report as JSON.")
def embed(
    src: Path,
    dst: Path,
    payload: int,
    strength: float,
    crf: float,
    preset: str,
    key: str | None,
    as_json: bool,
) -> None:
    """给 SRC 的每一帧嵌入载荷，写出 DST（H.264，音频原样复制）/ mark every frame of SRC into DST."""
    from microdrama.watermark import DEFAULT_KEY
    from microdrama.watermark import embed as embed_video

    try:
        with _Bar("嵌入 / embedding") as bar:
            report = embed_video(
                src, dst, payload, strength, key=key or DEFAULT_KEY, crf=crf, preset=preset, progress=bar
            )
    except (MediaError, ValueError) as exc:
        raise click.ClickException(f"{exc} / cannot embed: {_english(exc)}") from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"载荷 payload   {report.payload}")
    click.echo(f"画面 frames    {report.frames}  ({report.width}×{report.height}, {report.duration:.2f} s)")
    click.echo(f"PSNR-Y (mark)  {report.psnr_db:.2f} dB  (worst frame {report.min_frame_psnr_db:.2f} dB)")
    click.echo(f"音频 audio     {report.audio}")
    click.echo(f"输出 output    {dst}")


@watermark.command()
@click.argument("video", type=click.Path(path_type=Path))
@click.option("--start", default=None, help="起点（分:秒）/ excerpt start, mm:ss or seconds.")
@click.option("--end", default=None, help="终点（分:秒）/ excerpt end, mm:ss or seconds.")
@click.option(
    "--window",
    default=10.0,
    show_default=True,
    type=click.FloatRange(1.0, 600.0),
    help="Seconds per excerpt window.",
)
@click.option(
    "--key",
    envvar="MICRODRAMA_WATERMARK_KEY",
    default=None,
    help="水印密钥 / secret key (env MICRODRAMA_WATERMARK_KEY).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="以 JSON 输出 / print JSON (keys payload, confidence, present, …).",
)
def detect(
    video: Path, start: str | None, end: str | None, window: float, key: str | None, as_json: bool
) -> None:
    """读取 VIDEO 中的水印载荷 / read the watermark payload of VIDEO (blind, any 10-s excerpt)."""
    from microdrama.watermark import DEFAULT_KEY
    from microdrama.watermark import detect as detect_video

    try:
        span = _span(start, end)
        with _Bar("检测 / detecting") as bar:
            found = detect_video(video, key=key or DEFAULT_KEY, span=span, window=window, progress=bar)
    except (MediaError, ValueError) as exc:
        raise click.ClickException(f"{exc} / cannot detect: {_english(exc)}") from exc
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False))
        return
    decision = "有水印 present" if found.present else "未检出 absent"
    click.echo(f"结论 decision    {decision}")
    click.echo(f"载荷 payload     {found.payload if found.present else '—'}")
    click.echo(f"置信度 confidence {found.confidence:.9f}  (log10 FP bound {found.log10_false_positive:.1f})")
    if found.present:
        flip = "，镜像 mirrored" if found.mirrored else ""
        click.echo(f"几何 geometry    scale {found.scale[0]:.3f}×{found.scale[1]:.3f}{flip}")
    for w in found.windows:
        mark = w.payload if w.present else "—"
        click.echo(f"  {w.span}  {w.frames:5d} frames  {mark}  log10 FP {w.log10_false_positive:.1f}")


def _span(start: str | None, end: str | None) -> Span | None:
    if start is None and end is None:
        return None
    a = parse_timecode(start) if start else 0.0
    b = parse_timecode(end) if end else float("inf")
    if b == float("inf"):
        b = 1e9
    if b <= a:
        raise ValueError("终点必须晚于起点")
    return Span(a, b)


def _english(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    return {
        "missing": "file not found",
        "empty": "file is empty",
        "not_video": "not a video file",
        "no_video": "no video stream",
        "corrupt": "damaged video data",
        "no_frames": "no decodable frames",
        "too_small": "picture too small",
        "bad_output": "cannot write the output file",
        "encode_failed": "encoding failed",
    }.get(code, "invalid input")


commands = [watermark]

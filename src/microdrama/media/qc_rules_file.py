"""Rules about the file itself: container, codec, size, rate, orientation, duration against what
was declared, and whether it decodes to the end.
"""

from __future__ import annotations

from microdrama.timespan import Span

from .qc_measurements import ORIENTATION_ZH, Measurements, cluster, names, tc
from .qc_report import Finding
from .qc_spec import QCSpec


def format_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
    out = []
    info = m.info
    if m.container not in spec.containers:
        out.append(
            Finding(
                "container_not_allowed",
                "error",
                f"封装格式为 {m.container.upper()}，不符合要求（允许：{names(spec.containers)}）",
                f"Container is {m.container}; allowed: {', '.join(spec.containers)}",
                measured=m.container,
                expected=", ".join(spec.containers),
            )
        )
    if info.video_codec.lower() not in spec.video_codecs:
        out.append(
            Finding(
                "video_codec_not_allowed",
                "error",
                f"视频编码为 {info.video_codec}，不符合要求（允许：{names(spec.video_codecs)}）",
                f"Video codec is {info.video_codec}; allowed: {', '.join(spec.video_codecs)}",
                measured=info.video_codec,
                expected=", ".join(spec.video_codecs),
            )
        )
    w, h = info.display_size
    short = min(w, h)
    if short < spec.min_short_side:
        out.append(
            Finding(
                "resolution_too_low",
                "error",
                f"分辨率 {w}×{h} 过低：短边 {short} 像素，要求不低于 {spec.min_short_side} 像素",
                f"Resolution {w}x{h} is too low: short side {short} px, at least {spec.min_short_side} required",
                measured=f"{w}x{h}",
                expected=f">= {spec.min_short_side} px short side",
            )
        )
    if not spec.min_fps - 0.01 <= info.fps <= spec.max_fps + 0.01:
        out.append(
            Finding(
                "frame_rate_out_of_range",
                "error",
                f"帧率 {info.fps:g} fps 不在允许范围 {spec.min_fps:g}–{spec.max_fps:g} fps 内",
                f"Frame rate {info.fps:g} fps is outside {spec.min_fps:g}–{spec.max_fps:g} fps",
                measured=info.fps,
                expected=f"{spec.min_fps:g}–{spec.max_fps:g} fps",
            )
        )
    if spec.orientation and info.orientation != spec.orientation:
        out.append(
            Finding(
                "orientation_unexpected",
                spec.orientation_severity,
                f"画面为{ORIENTATION_ZH[info.orientation]}（{w}×{h}），要求{ORIENTATION_ZH[spec.orientation]}",
                f"Picture is {info.orientation} ({w}x{h}); {spec.orientation} expected",
                measured=info.orientation,
                expected=spec.orientation,
            )
        )
    return out


def duration_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
    out = []
    actual = m.effective_duration(spec)
    if m.declared_duration is not None:
        declared = m.declared_duration
        tolerance = spec.duration_tolerance(declared)
        diff = actual - declared
        if abs(diff) > tolerance:
            longer = "长" if diff > 0 else "短"
            out.append(
                Finding(
                    "duration_mismatch",
                    "error",
                    f"实际时长 {tc(actual)} 比申报时长 {tc(declared)} {longer} {abs(diff):.1f} 秒"
                    f"（允许相差 ±{tolerance:.1f} 秒）",
                    f"Duration {tc(actual)} differs from the declared {tc(declared)} by {diff:+.1f} s "
                    f"(tolerance ±{tolerance:.1f} s)",
                    measured=round(actual, 3),
                    expected=f"{declared:g} s ± {tolerance:.1f} s",
                )
            )
    if spec.max_duration_s is not None and actual > spec.max_duration_s:
        out.append(
            Finding(
                "duration_too_long",
                "warning",
                f"单集时长 {tc(actual)} 超过 {tc(spec.max_duration_s)}，已超出微短剧单集时长（约 15 分钟以内）",
                f"Episode runs {tc(actual)}, longer than {tc(spec.max_duration_s)} (micro-drama episodes "
                "run up to about 15 minutes)",
                measured=round(actual, 3),
                expected=f"<= {spec.max_duration_s:g} s",
            )
        )
    if actual < spec.min_duration_s:
        out.append(
            Finding(
                "duration_too_short",
                "warning",
                f"单集时长只有 {actual:.1f} 秒，短于 {spec.min_duration_s:g} 秒",
                f"Episode runs only {actual:.1f} s, shorter than {spec.min_duration_s:g} s",
                measured=round(actual, 3),
                expected=f">= {spec.min_duration_s:g} s",
            )
        )
    return out


def integrity_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
    out = []
    p, duration = m.picture, m.info.duration
    end = p.decoded_end
    truncated = m.truncated(spec)
    if truncated:
        missing = Span(min(end, duration), duration)
        out.append(
            Finding(
                "truncated",
                "error",
                f"文件在 {tc(end)} 处截断/解码失败：之后的 {missing.duration:.1f} 秒画面无法播放"
                f"（文件标称时长 {tc(duration)}），请重新导出完整文件后上传",
                f"File is truncated or fails to decode at {tc(end)}: the remaining {missing.duration:.1f} s "
                f"of the stated {tc(duration)} cannot be played",
                spans=(missing,),
                measured=round(end, 3),
                expected=f"{duration:.3f} s",
            )
        )
    elif m.sound is not None and m.sound.decoded_end > end + m.tolerance(spec):
        duration = m.sound.decoded_end
        out.append(
            Finding(
                "picture_shorter",
                "warning",
                f"画面在 {tc(end)} 结束，比声音短 {duration - end:.1f} 秒（之后只有声音）",
                f"The picture ends at {tc(end)}, {duration - end:.1f} s before the sound",
                spans=(Span(min(end, duration), duration),),
                measured=round(end, 3),
            )
        )
    # a truncated file's last packets fail too; that is the truncation, already reported
    bad = [t for t in p.corrupt_at if not truncated or t < end - 1.0]
    if bad:
        spans = cluster(bad, p.frame_interval)
        out.append(
            Finding(
                "decode_errors",
                "warning",
                f"{len(spans)} 处画面解码出错（首次在 {tc(spans[0].start)}），播放时可能花屏或卡顿",
                f"{len(spans)} stretch(es) of the picture decode with errors (first at {tc(spans[0].start)}); "
                "expect corrupted or stalled picture",
                spans=tuple(spans),
                measured=len(bad),
            )
        )
    return out

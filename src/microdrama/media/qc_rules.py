"""From measurements to findings: each rule compares what the passes measured with the spec and
says, in Chinese and English, what is wrong, how badly, and where. The codes are stable; the
filing app and tests key on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from microdrama.timespan import Span, format_timecode

from .loudness import BLOCK_S
from .probe import ProbeInfo
from .qc_audio import SoundScan
from .qc_opening import OpeningText
from .qc_report import Finding, span_label
from .qc_spans import at_least
from .qc_spec import QCSpec
from .qc_video import PictureScan

# Every code a finding can carry, with a short Chinese title for legends and filters. Codes are
# stable: stored reports and the filing app key on them.
FINDING_CODES: dict[str, str] = {
    "container_not_allowed": "封装格式不符",
    "video_codec_not_allowed": "视频编码不符",
    "resolution_too_low": "分辨率过低",
    "frame_rate_out_of_range": "帧率不符",
    "orientation_unexpected": "画面方向不符",
    "duration_mismatch": "时长与申报不符",
    "duration_too_long": "单集过长",
    "duration_too_short": "单集过短",
    "truncated": "文件截断",
    "picture_shorter": "画面比声音短",
    "decode_errors": "画面解码错误",
    "all_black": "全程黑屏",
    "black_stretch": "黑场",
    "all_frozen": "全程静止",
    "frozen_stretch": "画面静止",
    "audio_missing": "无音轨",
    "audio_undecodable": "音轨无法解码",
    "audio_silent": "全程无声",
    "audio_shorter": "声音比画面短",
    "silence_stretch": "无声段落",
    "loudness_out_of_range": "响度不符",
    "true_peak_too_high": "真峰值过高",
    "audio_decode_errors": "声音解码错误",
    "text_reader_fallback": "未启用文字识别",
    "opening_no_text": "片头无文字",
    "opening_filing_number": "片头备案号",
    "opening_no_filing_number": "片头未见备案号",
}

_ORIENTATION_ZH = {"portrait": "竖屏", "landscape": "横屏", "square": "方形画面"}
_WHOLE = 0.95  # a stretch covering this share of the programme is "throughout"


def tc(seconds: float) -> str:
    return format_timecode(max(0.0, seconds), 1)


def _names(values) -> str:
    return "、".join(v.upper() if len(v) <= 4 else v for v in values)


@dataclass
class Measurements:
    info: ProbeInfo
    container: str
    declared_duration: float | None
    picture: PictureScan
    sound: SoundScan | None
    sound_error: str | None
    opening: OpeningText

    def _tolerance(self, spec: QCSpec) -> float:
        return max(spec.truncation_tolerance_s, 5 * self.picture.frame_interval)

    def picture_short(self, spec: QCSpec) -> bool:
        """The picture ends well before the duration the headers promise."""
        return self.picture.decoded_end < self.info.duration - self._tolerance(spec)

    def sound_runs_full(self, spec: QCSpec) -> bool:
        return self.sound is not None and self.sound.decoded_end >= self.info.duration - self._tolerance(spec)

    def truncated(self, spec: QCSpec) -> bool:
        """The file breaks off: the demuxer gave up, or picture *and* sound stop before the end the
        headers promise. (A picture that ends while the sound runs on is a shorter video stream,
        which Matroska files report as one duration for all streams; see `picture_shorter`.)"""
        if self.picture.stopped_at is not None and self.picture.decoded_end < self.info.duration - 1e-3:
            return True
        return self.picture_short(spec) and not self.sound_runs_full(spec)

    def effective_duration(self, spec: QCSpec) -> float:
        """Duration as played: the headers' figure unless the file breaks off before it."""
        return self.picture.decoded_end if self.truncated(spec) else self.info.duration


def evaluate(m: Measurements, spec: QCSpec) -> list[Finding]:
    findings: list[Finding] = []
    for rule in (_format, _duration, _integrity, _black, _frozen, _sound, _opening):
        findings.extend(rule(m, spec))
    return findings


def _format(m: Measurements, spec: QCSpec) -> list[Finding]:
    out = []
    info = m.info
    if m.container not in spec.containers:
        out.append(
            Finding(
                "container_not_allowed",
                "error",
                f"封装格式为 {m.container.upper()}，不符合要求（允许：{_names(spec.containers)}）",
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
                f"视频编码为 {info.video_codec}，不符合要求（允许：{_names(spec.video_codecs)}）",
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
                f"画面为{_ORIENTATION_ZH[info.orientation]}（{w}×{h}），要求{_ORIENTATION_ZH[spec.orientation]}",
                f"Picture is {info.orientation} ({w}x{h}); {spec.orientation} expected",
                measured=info.orientation,
                expected=spec.orientation,
            )
        )
    return out


def _duration(m: Measurements, spec: QCSpec) -> list[Finding]:
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


def _integrity(m: Measurements, spec: QCSpec) -> list[Finding]:
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
    elif m.sound is not None and m.sound.decoded_end > end + m._tolerance(spec):
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
        spans = _cluster(bad, p.frame_interval)
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


def _cluster(times: list[float], interval: float) -> list[Span]:
    spans: list[Span] = []
    for t in sorted(times):
        if spans and t - spans[-1].end <= 1.0:
            spans[-1] = Span(spans[-1].start, t + interval)
        else:
            spans.append(Span(t, t + interval))
    return spans


def _inner(spans: list[Span], end: float, spec: QCSpec) -> list[Span]:
    """Drop short fades at the very start and end, which every edit may have."""
    keep = []
    for s in spans:
        at_edge = s.start <= 0.05 or s.end >= end - 0.05
        if at_edge and s.duration <= spec.edge_black_allowance_s:
            continue
        keep.append(s)
    return keep


def _black(m: Measurements, spec: QCSpec) -> list[Finding]:
    end = m.picture.decoded_end
    spans = m.picture.black_spans(spec)
    if sum(s.duration for s in spans) >= _WHOLE * end:
        return [
            Finding(
                "all_black",
                "error",
                "画面全程黑屏，没有可见内容",
                "The picture is black throughout",
                spans=tuple(spans),
            )
        ]
    return [
        Finding(
            "black_stretch",
            "warning",
            f"黑场 {span_label(s)}（{s.duration:.1f} 秒）",
            f"Black picture {span_label(s)} ({s.duration:.1f} s)",
            spans=(s,),
            measured=round(s.duration, 2),
            expected=f"< {spec.black_min_s:g} s",
        )
        for s in at_least(_inner(spans, end, spec), spec.black_min_s)
    ]


def _frozen(m: Measurements, spec: QCSpec) -> list[Finding]:
    end = m.picture.decoded_end
    spans = at_least(m.picture.frozen_spans(spec), spec.freeze_min_s)
    if spans and sum(s.duration for s in spans) >= _WHOLE * end:
        return [
            Finding(
                "all_frozen",
                "error",
                "画面全程静止不动（可能是一张静态图片）",
                "The picture does not move at all (a still image?)",
                spans=tuple(spans),
            )
        ]
    return [
        Finding(
            "frozen_stretch",
            "warning",
            f"画面静止 {span_label(s)}（{s.duration:.1f} 秒），请确认不是卡帧",
            f"Frozen picture {span_label(s)} ({s.duration:.1f} s); check it is not a stalled frame",
            spans=(s,),
            measured=round(s.duration, 2),
            expected=f"< {spec.freeze_min_s:g} s",
        )
        for s in spans
    ]


def _sound(m: Measurements, spec: QCSpec) -> list[Finding]:
    if not m.info.has_audio:
        return [
            Finding(
                "audio_missing",
                "error" if spec.require_audio else "info",
                "没有音轨：成片应有声音",
                "There is no audio track",
            )
        ]
    if m.sound is None:
        return [
            Finding(
                "audio_undecodable",
                "error",
                "音轨无法解码，文件的声音部分可能已损坏",
                f"The audio track cannot be decoded ({m.sound_error})",
            )
        ]
    sound, out = m.sound, []
    duration = m.effective_duration(spec)
    if sound.all_silent_or_empty:
        return [
            Finding(
                "audio_silent",
                "error",
                "音轨全程无声",
                "The audio track is silent throughout",
                spans=(Span(0.0, max(sound.decoded_end, 0.0)),),
            )
        ]
    silent = sound.silent_spans(spec)
    if sound.decoded_end < duration - spec.silence_min_s:
        out.append(
            Finding(
                "audio_shorter",
                "warning",
                f"音轨比画面短 {duration - sound.decoded_end:.1f} 秒：{tc(sound.decoded_end)} 之后没有声音",
                f"The audio ends {duration - sound.decoded_end:.1f} s before the picture, at {tc(sound.decoded_end)}",
                spans=(Span(sound.decoded_end, duration),),
                measured=round(sound.decoded_end, 3),
            )
        )
    for s in at_least(_inner(silent, sound.decoded_end, spec), spec.silence_min_s):
        out.append(
            Finding(
                "silence_stretch",
                "warning",
                f"无声 {span_label(s)}（{s.duration:.1f} 秒，电平低于 {spec.silence_dbfs:g} dBFS）",
                f"Silence {span_label(s)} ({s.duration:.1f} s below {spec.silence_dbfs:g} dBFS)",
                spans=(s,),
                measured=round(s.duration, 2),
                expected=f"< {spec.silence_min_s:g} s",
            )
        )
    loud = sound.loudness
    low, high = spec.loudness_range
    if loud.integrated_lufs is not None and not low <= loud.integrated_lufs <= high:
        quieter = "偏低" if loud.integrated_lufs < low else "偏高"
        out.append(
            Finding(
                "loudness_out_of_range",
                "warning",
                f"整体响度 {loud.integrated_lufs:.1f} LUFS {quieter}，目标 {low:g}～{high:g} LUFS"
                "（ITU-R BS.1770 / EBU R128）",
                f"Integrated loudness {loud.integrated_lufs:.1f} LUFS is outside the target {low:g} to {high:g} LUFS",
                measured=round(loud.integrated_lufs, 2),
                expected=f"{low:g} to {high:g} LUFS",
            )
        )
    if loud.true_peak_dbtp is not None and loud.true_peak_dbtp > spec.true_peak_max_dbtp:
        out.append(
            Finding(
                "true_peak_too_high",
                "warning",
                f"真峰值 {loud.true_peak_dbtp:.1f} dBTP 高于 {spec.true_peak_max_dbtp:g} dBTP，转码后可能削波失真",
                f"True peak {loud.true_peak_dbtp:.1f} dBTP exceeds {spec.true_peak_max_dbtp:g} dBTP; "
                "may clip after transcoding",
                measured=round(loud.true_peak_dbtp, 2),
                expected=f"<= {spec.true_peak_max_dbtp:g} dBTP",
            )
        )
    if sound.corrupt_at:
        out.append(
            Finding(
                "audio_decode_errors",
                "warning",
                f"{len(sound.corrupt_at)} 处声音解码出错（首次在 {tc(sound.corrupt_at[0])}）",
                f"{len(sound.corrupt_at)} audio packets failed to decode (first at {tc(sound.corrupt_at[0])})",
                spans=tuple(_cluster(sound.corrupt_at, BLOCK_S)),
                measured=len(sound.corrupt_at),
            )
        )
    return out


def _opening(m: Measurements, spec: QCSpec) -> list[Finding]:
    o = m.opening
    out = []
    if o.fallback_reason:
        out.append(
            Finding(
                "text_reader_fallback",
                "info",
                "文字识别（OCR）不可用，仅用启发式方法判断片头是否有文字，无法读出备案号",
                f"OCR unavailable, text presence judged by a heuristic: {o.fallback_reason}",
            )
        )
    if o.has_text is None:
        return out
    window = Span(0.0, min(spec.opening_s, m.picture.decoded_end))
    if not o.has_text:
        out.append(
            Finding(
                "opening_no_text",
                "warning",
                f"片头前 {spec.opening_s:g} 秒未检测到文字：备案号应在片头显示",
                f"No text found in the first {spec.opening_s:g} s; the filing number must be shown in the opening",
                spans=(window,),
            )
        )
    elif o.lines:
        numbers = o.filing_numbers()
        if numbers:
            out.append(
                Finding(
                    "opening_filing_number",
                    "info",
                    f"片头识别到备案号：{'；'.join(numbers)}（请与登记的备案号核对）",
                    f"Filing number read in the opening: {'; '.join(numbers)}",
                    spans=(window,),
                    measured="；".join(numbers),
                )
            )
        else:
            out.append(
                Finding(
                    "opening_no_filing_number",
                    "info",
                    f"片头识别到文字，但未发现备案号格式（如“(赣)网微剧备字(2026)第00123号”），请人工核对："
                    f"{'；'.join(o.lines[:5])}",
                    "Text was read in the opening but nothing that looks like a filing number",
                    spans=(window,),
                    measured="；".join(o.lines[:5]),
                )
            )
    return out

"""Rules about what the cut shows and sounds like: black and frozen stretches, missing or silent
sound, silent stretches, loudness and peaks, and text in the opening titles.
"""

from __future__ import annotations

from microdrama.timespan import Span

from .loudness import BLOCK_S
from .qc_measurements import WHOLE, Measurements, cluster, inner, tc
from .qc_report import Finding, span_label
from .qc_spans import at_least
from .qc_spec import QCSpec


def black_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
    end = m.picture.decoded_end
    spans = m.picture.black_spans(spec)
    if sum(s.duration for s in spans) >= WHOLE * end:
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
        for s in at_least(inner(spans, end, spec), spec.black_min_s)
    ]


def frozen_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
    end = m.picture.decoded_end
    spans = at_least(m.picture.frozen_spans(spec), spec.freeze_min_s)
    if spans and sum(s.duration for s in spans) >= WHOLE * end:
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


def sound_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
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
    for s in at_least(inner(silent, sound.decoded_end, spec), spec.silence_min_s):
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
                spans=tuple(cluster(sound.corrupt_at, BLOCK_S)),
                measured=len(sound.corrupt_at),
            )
        )
    return out


def opening_rules(m: Measurements, spec: QCSpec) -> list[Finding]:
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

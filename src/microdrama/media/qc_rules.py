"""From measurements to findings: each rule compares what the passes measured with the spec and
says, in Chinese and English, what is wrong, how badly, and where. The rules live in
`qc_rules_file` (the file and its streams) and `qc_rules_content` (picture, sound, opening text);
this module lists every code they may emit and runs them in order.
"""

from __future__ import annotations

from .qc_measurements import Measurements
from .qc_report import Finding
from .qc_rules_content import black_rules, frozen_rules, opening_rules, sound_rules
from .qc_rules_file import duration_rules, format_rules, integrity_rules
from .qc_spec import QCSpec

__all__ = ["FINDING_CODES", "Measurements", "evaluate"]

RULES = (format_rules, duration_rules, integrity_rules, black_rules, frozen_rules, sound_rules, opening_rules)

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


def evaluate(m: Measurements, spec: QCSpec) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(m, spec))
    return findings

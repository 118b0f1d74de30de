"""The QC's answer: findings (each with a stable code, a severity and a message in Chinese and
English) and the measured values behind them, as a value that round-trips through JSON.

The filing app stores `QCReport.as_dict()` as JSON and renders it; `QCReport.from_dict()` reads
back any report written by this or an older schema version.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields

from microdrama.timespan import Span, format_timecode

from .loudness import LoudnessResult
from .probe import AudioInfo, ProbeInfo
from .qc_spec import SEVERITIES, QCSpec

SCHEMA_VERSION = 1
_SEVERITY_ORDER = {name: i for i, name in enumerate(SEVERITIES)}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def span_label(span: Span) -> str:
    """mm:ss.f–mm:ss.f, the way reviewers write timecodes."""
    return f"{format_timecode(span.start, 1)}–{format_timecode(span.end, 1)}"


def span_dict(span: Span) -> dict:
    # exact floats, so that a stored report reads back equal; `label` is the readable form
    return {"start": span.start, "end": span.end, "label": span_label(span)}


def span_from(data: dict) -> Span:
    return Span(float(data["start"]), float(data["end"]))


@dataclass(frozen=True)
class Finding:
    """One thing the QC noticed. `code` is stable for programs; the messages are for people."""

    code: str
    severity: str  # "error" blocks the cut, "warning" needs a human look, "info" is for the record
    message: str  # Chinese sentence, shown to applicant and reviewer
    message_en: str
    spans: tuple[Span, ...] = ()
    measured: float | str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "message_en": self.message_en,
            "spans": [span_dict(s) for s in self.spans],
            "measured": self.measured,
            "expected": self.expected,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(
            code=data["code"],
            severity=data["severity"],
            message=data["message"],
            message_en=data.get("message_en", ""),
            spans=tuple(span_from(s) for s in data.get("spans", ())),
            measured=data.get("measured"),
            expected=data.get("expected"),
        )


@dataclass(frozen=True)
class QCReport:
    """Everything the automatic pre-check found out about one episode file."""

    file_name: str
    media: ProbeInfo  # container headers; rotation as the decoder applies it
    container: str  # short name: mp4, mov, mkv, webm, avi, …
    declared_duration: float | None
    duration: float  # what the headers say
    decoded_duration: float  # how far the picture actually decoded
    loudness: LoudnessResult | None  # None when there is no usable audio
    black: tuple[Span, ...]
    frozen: tuple[Span, ...]
    silent: tuple[Span, ...]
    opening_has_text: bool | None  # None when the text check was switched off
    opening_text: tuple[str, ...]  # lines read by OCR in the opening seconds, in order of appearance
    text_method: str  # "ocr:rapidocr", "heuristic" or "off"
    findings: tuple[Finding, ...]
    spec: QCSpec = field(default_factory=QCSpec)
    elapsed_s: float = 0.0
    version: int = SCHEMA_VERSION

    @property
    def passed(self) -> bool:
        """True when no finding is an error (warnings still go to the human reviewer)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def shows_text(self, expected: str) -> bool:
        """Whether OCR read `expected` (e.g. the recorded 备案号) in the opening seconds.

        Compares after NFKC folding (full-width brackets and digits become ASCII) and without
        spaces and brackets, which OCR reads inconsistently.
        """
        needle = normalise_text(expected)
        return bool(needle) and any(
            needle in normalise_text(line) for line in (*self.opening_text, "".join(self.opening_text))
        )

    @property
    def summary_zh(self) -> str:
        return _summary(self, zh=True)

    @property
    def summary_en(self) -> str:
        return _summary(self, zh=False)

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "passed": self.passed,
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
            "counts": {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES},
            "file_name": self.file_name,
            "container": self.container,
            "declared_duration": self.declared_duration,
            "duration": self.duration,
            "decoded_duration": self.decoded_duration,
            "media": self.media.as_dict(),
            "loudness": self.loudness.as_dict() if self.loudness else None,
            "black": [span_dict(s) for s in self.black],
            "frozen": [span_dict(s) for s in self.frozen],
            "silent": [span_dict(s) for s in self.silent],
            "opening_has_text": self.opening_has_text,
            "opening_text": list(self.opening_text),
            "text_method": self.text_method,
            "findings": [f.as_dict() for f in self.findings],
            "spec": self.spec.as_dict(),
            "elapsed_s": self.elapsed_s,
        }

    @classmethod
    def from_dict(cls, data: dict) -> QCReport:
        # derived keys (orientation, display_size) and any a newer ProbeInfo added are dropped
        known = {f.name for f in fields(ProbeInfo)}
        media = {k: v for k, v in data["media"].items() if k in known}
        audio_known = {f.name for f in fields(AudioInfo)}
        media["audio"] = [
            AudioInfo(**{k: v for k, v in a.items() if k in audio_known}) for a in media.get("audio", [])
        ]
        loudness = data.get("loudness")
        return cls(
            file_name=data["file_name"],
            media=ProbeInfo(**media),
            container=data["container"],
            declared_duration=data.get("declared_duration"),
            duration=float(data["duration"]),
            decoded_duration=float(data["decoded_duration"]),
            loudness=LoudnessResult.from_dict(loudness) if loudness else None,
            black=tuple(span_from(s) for s in data.get("black", ())),
            frozen=tuple(span_from(s) for s in data.get("frozen", ())),
            silent=tuple(span_from(s) for s in data.get("silent", ())),
            opening_has_text=data.get("opening_has_text"),
            opening_text=tuple(data.get("opening_text", ())),
            text_method=data.get("text_method", "off"),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            spec=QCSpec.from_dict(data.get("spec", {})),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
            version=int(data.get("version", SCHEMA_VERSION)),
        )


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Errors first, then warnings, then notes; in time order within each."""
    return tuple(
        sorted(
            findings,
            key=lambda f: (_SEVERITY_ORDER[f.severity], f.spans[0].start if f.spans else -1.0),
        )
    )


def normalise_text(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "()[]{}【】〔〕（）")


def _summary(report: QCReport, zh: bool) -> str:
    errors, warnings = report.errors, report.warnings
    notes = len(report.findings) - len(errors) - len(warnings)
    if zh:
        head = "技术预检通过" if report.passed else "技术预检未通过"
        counts = f"{len(errors)} 项错误、{len(warnings)} 项警告、{notes} 项提示"
        listed = [f"{_SEVERITY_ZH[f.severity]}：{f.message}" for f in (*errors, *warnings)]
        return f"{head}（{counts}）。" + ("" if not listed else "".join(f"\n{line}" for line in listed))
    head = "Technical pre-check passed" if report.passed else "Technical pre-check failed"
    counts = ", ".join(
        _plural(n, word) for n, word in ((len(errors), "error"), (len(warnings), "warning"), (notes, "note"))
    )
    listed = [f"{f.severity}: {f.message_en}" for f in (*errors, *warnings)]
    return f"{head} ({counts})." + ("" if not listed else "".join(f"\n{line}" for line in listed))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

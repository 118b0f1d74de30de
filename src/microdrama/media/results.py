"""What a match reports: copied segments with their evidence, per reference (serialisable)."""

from __future__ import annotations

from dataclasses import dataclass

from ..timespan import Span
from .regions import FULL, Rect


@dataclass(frozen=True)
class Evidence:
    """A pair of moments to show side by side: suspect time, reference time, similarity (−1..1)."""

    query_time: float
    ref_time: float
    similarity: float


@dataclass(frozen=True)
class Segment:
    query: Span
    ref: Span
    speed: float  # playback factor of the copy: 1.25 = the copy runs 25 % faster
    score: float  # calibrated 0..1, see scoring.THRESHOLD
    p_value: float
    modality: str  # "video", "audio" or "video+audio"
    evidence: tuple[Evidence, ...] = ()

    @property
    def query_start(self) -> float:
        return self.query.start

    @property
    def query_end(self) -> float:
        return self.query.end

    @property
    def ref_start(self) -> float:
        return self.ref.start

    @property
    def ref_end(self) -> float:
        return self.ref.end

    def as_dict(self) -> dict:
        return {
            "query_start": round(self.query.start, 2),
            "query_end": round(self.query.end, 2),
            "ref_start": round(self.ref.start, 2),
            "ref_end": round(self.ref.end, 2),
            "speed": round(self.speed, 3),
            "score": round(self.score, 4),
            "p_value": self.p_value,
            "modality": self.modality,
            "evidence": [
                {
                    "query_time": round(e.query_time, 2),
                    "ref_time": round(e.ref_time, 2),
                    "similarity": round(e.similarity, 3),
                }
                for e in self.evidence
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Segment:
        return cls(
            query=Span(d["query_start"], d["query_end"]),
            ref=Span(d["ref_start"], d["ref_end"]),
            speed=d["speed"],
            score=d["score"],
            p_value=d["p_value"],
            modality=d["modality"],
            evidence=tuple(Evidence(**e) for e in d.get("evidence", ())),
        )


@dataclass(frozen=True)
class CopyMatch:
    """One reference copied by the suspect: every copied segment, best first."""

    reference: str
    segments: tuple[Segment, ...]
    mirrored: bool = False
    region: Rect = FULL  # where in the suspect's frame the reference's picture was found
    transform: str = ""  # human-readable: which variant matched ("mirrored, crop 10 %", …)

    @property
    def score(self) -> float:
        return max((s.score for s in self.segments), default=0.0)

    @property
    def speed(self) -> float:
        return self.segments[0].speed if self.segments else 1.0

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for s in self.segments for e in s.evidence)

    def rows(self) -> list[dict]:
        """One flat dict per segment (the CLI's --json objects)."""
        return [
            {"reference": self.reference, **{k: v for k, v in s.as_dict().items() if k != "evidence"}}
            for s in self.segments
        ]

    def as_dict(self) -> dict:
        return {
            "reference": self.reference,
            "score": round(self.score, 4),
            "mirrored": self.mirrored,
            "region": [round(v, 4) for v in self.region.as_tuple()],
            "transform": self.transform,
            "segments": [s.as_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, d: dict) -> CopyMatch:
        return cls(
            reference=d["reference"],
            segments=tuple(Segment.from_dict(s) for s in d["segments"]),
            mirrored=d.get("mirrored", False),
            region=Rect(*d.get("region", FULL.as_tuple())),
            transform=d.get("transform", ""),
        )

"""The evidence pack of a case: what was fetched (URL, uploader, time, SHA-256), how it matches the
registered episode (segments, score, frame pairs as JPEG), the watermark result, the letters sent —
each item entered in the rights evidence log — and the pack as a ZIP anyone can check offline."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from microdrama.rights import evidence

from . import frames
from .models import Case, EvidenceItem

logger = logging.getLogger(__name__)


def add_item(case: Case, kind: str, data: dict, *, images: tuple[bytes, bytes] | None = None) -> EvidenceItem:
    payload = {"case": case.number, "case_id": case.pk, **data}
    entry = evidence.append(f"case_{kind}", payload)
    item = EvidenceItem(case=case, kind=kind, data=payload, entry=entry, created_at=entry.created_at)
    if images:
        ref, sus = images
        item.reference_image.save(f"{kind}-{entry.index}-registered.jpg", ContentFile(ref), save=False)
        item.suspect_image.save(f"{kind}-{entry.index}-suspect.jpg", ContentFile(sus), save=False)
    item.save()
    return item


def fetch_record(case: Case) -> EvidenceItem:
    c = case.candidate
    return add_item(
        case,
        EvidenceItem.Kind.FETCH,
        {
            "url": c.url,
            "media_url": c.media_url,
            "title": c.title,
            "uploader": c.uploader,
            "uploader_url": c.uploader_url,
            "platform": case.platform.name if case.platform else "",
            "source": c.source.name,
            "discovered_at": c.discovered_at.isoformat(),
            "fetched_at": c.fetched_at.isoformat() if c.fetched_at else None,
            "sha256": c.sha256,
            "size": c.size,
            "duration": c.duration,
            "published_at": c.published_at.isoformat() if c.published_at else None,
        },
    )


def match_record(case: Case, matches) -> EvidenceItem:
    rows = []
    for m in matches:
        ep = m.episode
        rows.append(
            {
                "reference": m.ref_id,
                "episode": ep.number if ep else None,
                "score": round(m.score, 4),
                "certificate": str(ep.certificate_code) if ep else "",
                "registration_entry": ep.evidence.index if ep and ep.evidence_id else None,
                "registered_sha256": ep.sha256 if ep else "",
                "transform": m.data.get("transform", ""),
                "mirrored": m.data.get("mirrored", False),
                "segments": [
                    {
                        k: s[k]
                        for k in (
                            "query_start",
                            "query_end",
                            "ref_start",
                            "ref_end",
                            "speed",
                            "score",
                            "modality",
                        )
                        if k in s
                    }
                    for s in m.segments
                ],
            }
        )
    return add_item(
        case,
        EvidenceItem.Kind.MATCH,
        {
            "work": case.work.title,
            "owner": case.work.owner.name,
            "filing_number": case.work.filing_number,
            "score": round(case.score, 4),
            "suspect_sha256": case.candidate.sha256,
            "matches": rows,
        },
    )


def frame_pairs(case: Case, match, count: int = 4) -> list[EvidenceItem]:
    """Side-by-side stills of the registered episode and the suspect at the paired moments."""
    ep = match.episode
    suspect = case.candidate.file
    if ep is None or not ep.file or not suspect:
        return []
    items = []
    for pair in frames.pick_pairs(match.data, count):
        try:
            ref_jpg = frames.grab(ep.file.path, pair["ref_time"])
            sus_jpg = frames.grab(suspect.path, pair["query_time"])
        except Exception as exc:  # a frame we cannot decode is left out of the pack, not fatal to it
            logger.warning("frame pair at %.2fs skipped: %s", pair["query_time"], exc)
            continue
        items.append(
            add_item(
                case,
                EvidenceItem.Kind.FRAMES,
                {
                    "episode": ep.number,
                    "reference": match.ref_id,
                    "ref_time": round(pair["ref_time"], 2),
                    "query_time": round(pair["query_time"], 2),
                    "similarity": pair.get("similarity"),
                    "registered_jpeg_sha256": hashlib.sha256(ref_jpg).hexdigest(),
                    "suspect_jpeg_sha256": hashlib.sha256(sus_jpg).hexdigest(),
                },
                images=(ref_jpg, sus_jpg),
            )
        )
    return items


def watermark_record(case: Case, detection, copy) -> EvidenceItem:
    return add_item(
        case,
        EvidenceItem.Kind.WATERMARK,
        {
            "present": bool(detection.present),
            "payload": detection.payload if detection.present else None,
            "confidence": round(float(detection.confidence), 6),
            "log10_false_positive": round(float(detection.log10_false_positive), 2),
            "copy_id": copy.pk if copy else None,
            "recipient": copy.recipient.name if copy else "",
            "recipient_credit_code": copy.recipient.credit_code if copy else "",
            "issued_at": copy.issued_at.isoformat() if copy else None,
            "checked_at": timezone.now().isoformat(),
        },
    )


def export_zip(case: Case) -> bytes:
    """manifest.json (every evidence entry with its inclusion proof and the log's public key), the
    frame stills and the letters: enough to check the pack without us."""
    buffer = io.BytesIO()
    items = list(case.evidence_items.select_related("entry"))
    events = list(case.events.select_related("evidence", "actor"))
    entries = []
    for entry in [i.entry for i in items] + [e.evidence for e in events if e.evidence]:
        entries.append(
            {
                "index": entry.index,
                "kind": entry.kind,
                "data": entry.data,
                "leaf_hash": entry.leaf_hash,
                "proof": evidence.prove(entry).as_dict(),
            }
        )
    manifest = {
        "case": case.number,
        "state": case.state,
        "work": case.work.title,
        "owner": case.work.owner.name,
        "url": case.url,
        "uploader": case.uploader,
        "platform": case.platform.name if case.platform else "",
        "score": case.score,
        "detected_at": case.detected_at.isoformat(),
        "exported_at": timezone.now().isoformat(),
        "evidence_log_public_key": evidence.public_key_b64(),
        "how_to_verify": "For each entry: SHA-256(0x00 || data) = leaf_hash; the audit path leads to root_hash "
        "(RFC 6962); the Ed25519 signature over the tree head verifies with the public key.",
        "entries": sorted(entries, key=lambda e: e["index"]),
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for item in items:
            for field, side in ((item.reference_image, "registered"), (item.suspect_image, "suspect")):
                if field:
                    with field.open("rb") as fh:
                        z.writestr(f"frames/{item.entry.index:06d}-{side}.jpg", fh.read())
        for notice in case.notices.all():
            if notice.pdf:
                with notice.pdf.open("rb") as fh:
                    z.writestr(f"letters/{notice.number}.pdf", fh.read())
    return buffer.getvalue()

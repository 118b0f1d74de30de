"""Every piece of a case's evidence is an entry of the tamper-evident log: `verify_log` covers them,
a tampered evidence entry is detected, and the evidence pack's manifest carries, for each entry, an
inclusion proof anyone can check against the signed tree head."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microdrama.enforcement import evidence_pack
from microdrama.rights import evidence, merkle
from microdrama.rights.models import EvidenceEntry

pytestmark = pytest.mark.django_db


def test_every_evidence_item_and_event_of_a_case_is_in_the_log(open_case, profile):
    case = open_case(score=0.97)
    entries = [i.entry for i in case.evidence_items.all()] + [e.evidence for e in case.events.all()]
    assert entries and all(entries)
    kinds = {e.kind for e in entries}
    assert {"case_fetch", "case_match", "case_letter", "case_event"} <= kinds
    assert all(json.loads(e.data)["case"] == case.number for e in entries)
    assert evidence.verify_log()["ok"]


def test_a_tampered_evidence_entry_is_detected(open_case, profile):
    case = open_case(score=0.97)
    fetch = case.evidence_items.get(kind="fetch").entry
    forged = fetch.data.replace(case.candidate.sha256, "0" * 64)
    EvidenceEntry.objects.filter(pk=fetch.pk).update(data=forged)
    result = evidence.verify_log()
    assert (
        not result["ok"]
        and f"entry #{fetch.index}: data does not match its leaf hash (tampered)" in result["problems"]
    )


def test_the_evidence_pack_can_be_checked_without_us(open_case, profile):
    case = open_case(score=0.97)
    pack = zipfile.ZipFile(io.BytesIO(evidence_pack.export_zip(case)))
    manifest = json.loads(pack.read("manifest.json"))
    assert manifest["case"] == case.number and f"letters/{case.notices.get().number}.pdf" in pack.namelist()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["evidence_log_public_key"]))
    assert len(manifest["entries"]) >= 6
    for e in manifest["entries"]:
        leaf = merkle.leaf_hash(e["data"].encode())
        proof = e["proof"]
        assert leaf.hex() == e["leaf_hash"] == proof["leaf_hash"]
        assert merkle.verify_inclusion(
            leaf,
            proof["index"],
            proof["tree_size"],
            [bytes.fromhex(h) for h in proof["path"]],
            bytes.fromhex(proof["root_hash"]),
        )
        key.verify(
            base64.b64decode(proof["head_signature"]),
            evidence.head_message(
                proof["tree_size"], proof["root_hash"], datetime.fromisoformat(proof["head_timestamp"])
            ),
        )

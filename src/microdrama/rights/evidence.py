"""The evidence log as a service: append an entry, sign a tree head, prove inclusion and
consistency, and verify the whole log (what `microdrama evidence verify` runs).

Entries are canonical JSON (sorted keys, no spaces, UTF-8), so anyone holding an entry's data can
recompute its leaf hash. Tree heads are signed with the Ed25519 key from settings; the public key is
published on the verification page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import merkle
from .models import EvidenceEntry, TreeHead


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.MICRODRAMA["evidence_key"]))


def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def public_key_b64() -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return base64.b64encode(public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def key_id() -> str:
    return hashlib.sha256(base64.b64decode(public_key_b64())).hexdigest()[:16]


def head_message(size: int, root_hex: str, timestamp: datetime) -> bytes:
    """What a tree-head signature covers."""
    return f"microdrama-evidence-log/v1\n{size}\n{root_hex}\n{timestamp.isoformat()}".encode()


@transaction.atomic
def append(kind: str, data: dict) -> EvidenceEntry:
    """Append one entry and sign the new tree head. Serialised: one writer at a time."""
    last = EvidenceEntry.objects.select_for_update().order_by("-index").first()
    index = last.index + 1 if last else 0
    payload = canonical({"kind": kind, "index": index, **data})
    entry = EvidenceEntry.objects.create(index=index, kind=kind, data=payload.decode(),
                                         leaf_hash=merkle.leaf_hash(payload).hex(), created_at=timezone.now())
    sign_head()
    return entry


def leaves(size: int | None = None) -> list[bytes]:
    qs = EvidenceEntry.objects.order_by("index").values_list("leaf_hash", flat=True)
    if size is not None:
        qs = qs[:size]
    return [bytes.fromhex(h) for h in qs]


def sign_head() -> TreeHead:
    hashes = leaves()
    size = len(hashes)
    existing = TreeHead.objects.filter(size=size).first()
    if existing:
        return existing
    now = timezone.now()
    root_hex = merkle.root(hashes).hex()
    signature = _private_key().sign(head_message(size, root_hex, now))
    return TreeHead.objects.create(size=size, root_hash=root_hex, timestamp=now,
                                   signature=base64.b64encode(signature).decode(), key_id=key_id())


def latest_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-size").first()


def head_signature_valid(head: TreeHead) -> bool:
    try:
        public_key().verify(base64.b64decode(head.signature), head_message(head.size, head.root_hash, head.timestamp))
        return True
    except (InvalidSignature, ValueError):
        return False


@dataclass
class InclusionProof:
    index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    path: list[str]
    head_timestamp: str
    head_signature: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def prove(entry: EvidenceEntry, head: TreeHead | None = None) -> InclusionProof:
    head = head or latest_head()
    hashes = leaves(head.size)
    return InclusionProof(entry.index, entry.leaf_hash, head.size, head.root_hash,
                          [h.hex() for h in merkle.inclusion_proof(entry.index, hashes)],
                          head.timestamp.isoformat(), head.signature)


def check_entry(data: str, proof: dict) -> dict:
    """What a third party checks on a certificate: the data hashes to the leaf, the leaf is in the
    signed tree, and the signature is the log's."""
    leaf = merkle.leaf_hash(data.encode())
    leaf_ok = leaf.hex() == proof["leaf_hash"]
    included = merkle.verify_inclusion(leaf, proof["index"], proof["tree_size"],
                                       [bytes.fromhex(p) for p in proof["path"]], bytes.fromhex(proof["root_hash"]))
    try:
        public_key().verify(base64.b64decode(proof["head_signature"]),
                            head_message(proof["tree_size"], proof["root_hash"],
                                         datetime.fromisoformat(proof["head_timestamp"])))
        signed = True
    except (InvalidSignature, ValueError):
        signed = False
    return {"leaf_matches_data": leaf_ok, "included": included, "head_signed": signed,
            "valid": leaf_ok and included and signed}


def verify_log(progress=None) -> dict:
    """Recompute every leaf from its data, every signed head's root and signature, and the
    consistency of each head with the next. Returns the problems found (empty when intact)."""
    problems: list[str] = []
    entries = list(EvidenceEntry.objects.order_by("index").values_list("index", "data", "leaf_hash"))
    hashes: list[bytes] = []
    for n, (index, data, stored) in enumerate(entries):
        if index != n:
            problems.append(f"entry numbering broken at #{n} (found #{index})")
        actual = merkle.leaf_hash(data.encode())
        if actual.hex() != stored:
            problems.append(f"entry #{index}: data does not match its leaf hash (tampered)")
        hashes.append(actual)
        if progress:
            progress((n + 1) / max(1, len(entries)))
    heads = list(TreeHead.objects.order_by("size"))
    previous = None
    for head in heads:
        if head.size > len(hashes):
            problems.append(f"tree head size {head.size} is larger than the log ({len(hashes)})")
            continue
        if merkle.root(hashes[: head.size]).hex() != head.root_hash:
            problems.append(f"tree head size {head.size}: root does not match the entries")
        if not head_signature_valid(head):
            problems.append(f"tree head size {head.size}: signature invalid")
        if previous and previous.size:
            proof = merkle.consistency_proof(previous.size, hashes[: head.size])
            if not merkle.verify_consistency(previous.size, head.size, bytes.fromhex(previous.root_hash),
                                             merkle.root(hashes[: head.size]), proof):
                problems.append(f"tree heads {previous.size}→{head.size} are not consistent")
        previous = head
    return {"entries": len(entries), "tree_heads": len(heads), "problems": problems, "ok": not problems}

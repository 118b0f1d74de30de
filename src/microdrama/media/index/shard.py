"""One shard of the reference index: a single file that holds references and their FAISS indexes.

File layout (little-endian): magic ``MDIX``, a format byte, the length of a JSON header, the JSON
header (references, FAISS parameters, where the blobs are), then the blobs: every reference's
fingerprint (`VideoFingerprint.to_bytes()`), the serialised FAISS video index and the serialised
FAISS audio index. The file is written to a temporary name and renamed, so a reader never sees
half a shard.

In memory a shard keeps only the FAISS indexes (what search needs): per reference second one
256-bit frame code (every other 0.5-s sample, structured pictures only) and one 64-bit audio code,
each with its 64-bit id — 40 + 16 = 56 bytes per reference second. Fingerprints, needed only to
verify the few candidates a search returns, stay in the file and are read through a memory map.

Ids encode where a code comes from: ``ref_no << 21 | sample``. Below `FLAT_LIMIT` frame codes a
shard searches exhaustively (`IndexBinaryFlat`); above it, an inverted file (`IndexBinaryIVF`,
about √n lists, probed `nprobe` at a time) trained on the shard's own codes when it is saved.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from ..audio import HOP as AUDIO_HOP
from ..errors import MediaError
from ..fingerprint import MIN_QUALITY, VideoFingerprint

_MAGIC = b"MDIX"
_VERSION = 1
SAMPLE_BITS = 21
FLAT_LIMIT = 400_000
VIDEO_STRIDE = 2  # index every other 0.5-s sample: one frame code per reference second
AUDIO_STRIDE = round(1.0 / AUDIO_HOP)  # one audio code per reference second
DEFAULT_NPROBE = 16


@dataclass
class RefEntry:
    ref_id: str
    no: int
    duration: float
    digest: str
    offset: int = -1  # of its fingerprint in the shard file (-1: not yet saved)
    length: int = 0


def video_entries(fp: VideoFingerprint, no: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes and ids a reference contributes to the frame-code index."""
    idx = np.arange(0, len(fp.codes), VIDEO_STRIDE)
    idx = idx[fp.quality[idx] >= MIN_QUALITY]
    return np.ascontiguousarray(fp.codes[idx]), (np.int64(no) << SAMPLE_BITS) | idx.astype(np.int64)


def audio_entries(fp: VideoFingerprint, no: int) -> tuple[np.ndarray, np.ndarray]:
    idx = np.arange(0, len(fp.audio_codes), AUDIO_STRIDE)
    idx = idx[fp.audio_valid[idx]]
    return np.ascontiguousarray(fp.audio_codes[idx]), (np.int64(no) << SAMPLE_BITS) | idx.astype(np.int64)


def _flat(bits: int) -> faiss.IndexBinary:
    return faiss.IndexBinaryIDMap(faiss.IndexBinaryFlat(bits))


def _nlist_for(n: int) -> int:
    """About √n lists (a power of two, 256..8192): ~√n codes scanned per probe, k-means stays cheap."""
    return int(2 ** np.clip(round(np.log2(np.sqrt(max(n, 1)))), 8, 13))


def _ivf(codes: np.ndarray, ids: np.ndarray, bits: int) -> faiss.IndexBinary:
    n = len(codes)
    nlist = _nlist_for(n)
    quantizer = faiss.IndexBinaryFlat(bits)
    index = faiss.IndexBinaryIVF(quantizer, bits, nlist)
    index.own_fields = True
    quantizer.this.disown()
    index.cp.niter = 10
    rng = np.random.default_rng(0)
    sample = codes[rng.choice(n, size=min(n, nlist * 40), replace=False)]
    index.train(sample)
    index.add_with_ids(codes, ids)
    index.nprobe = DEFAULT_NPROBE
    return index


def _all_codes(index: faiss.IndexBinary, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (code, id) held by a flat-with-ids or IVF binary index."""
    if isinstance(index, faiss.IndexBinaryIDMap):
        inner = faiss.downcast_IndexBinary(index.index)
        codes = faiss.vector_to_array(inner.xb).reshape(-1, bits // 8)
        return codes, faiss.vector_to_array(index.id_map)
    ivf = faiss.extract_index_binary_ivf(index) if hasattr(faiss, "extract_index_binary_ivf") else index
    invlists = ivf.invlists
    codes, ids = [], []
    for lst in range(ivf.nlist):
        size = invlists.list_size(lst)
        if size == 0:
            continue
        codes.append(faiss.rev_swig_ptr(invlists.get_codes(lst), size * ivf.code_size).copy())
        ids.append(faiss.rev_swig_ptr(invlists.get_ids(lst), size).copy())
    if not codes:
        return np.zeros((0, bits // 8), np.uint8), np.zeros(0, np.int64)
    return np.concatenate(codes).reshape(-1, bits // 8), np.concatenate(ids).astype(np.int64)


class Shard:
    """References plus their frame-code and audio-code FAISS indexes; one file on disk."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.refs: dict[str, RefEntry] = {}
        self.by_no: dict[int, RefEntry] = {}
        self.next_no = 1
        self.video: faiss.IndexBinary = _flat(256)
        self.audio: faiss.IndexBinary = _flat(64)
        self._pending: dict[int, bytes] = {}  # fingerprints added since the last save
        self._map: mmap.mmap | None = None
        self._file = None
        self.nprobe = DEFAULT_NPROBE

    # --- reading -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike) -> Shard:
        shard = cls(path)
        if shard.path.exists():
            shard._load()
        return shard

    def _load(self) -> None:
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115 - kept open for the memory map
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
            magic, version, head_len = struct.unpack_from("<4sBI", self._map, 0)
            if magic != _MAGIC or version != _VERSION:
                raise ValueError("not a shard")
            head = json.loads(bytes(self._map[9 : 9 + head_len]).decode("utf-8"))
        except (OSError, ValueError, struct.error) as exc:
            raise MediaError(f"索引分片文件无法读取：{self.path.name}", code="bad_index") from exc
        for r in head["refs"]:
            entry = RefEntry(r["id"], r["no"], r["duration"], r["digest"], r["offset"], r["length"])
            self.refs[entry.ref_id] = entry
            self.by_no[entry.no] = entry
        self.next_no = head["next_no"]
        vo, vl = head["video"]
        ao, al = head["audio"]
        self.video = faiss.deserialize_index_binary(np.frombuffer(self._map[vo : vo + vl], np.uint8))
        self.audio = faiss.deserialize_index_binary(np.frombuffer(self._map[ao : ao + al], np.uint8))
        self.set_nprobe(self.nprobe)

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None

    def fingerprint(self, no: int) -> VideoFingerprint:
        if no in self._pending:
            return VideoFingerprint.from_bytes(self._pending[no])
        entry = self.by_no[no]
        assert self._map is not None
        return VideoFingerprint.from_bytes(self._map[entry.offset : entry.offset + entry.length])

    # --- changing ------------------------------------------------------------------------------
    def add(self, ref_id: str, fp: VideoFingerprint) -> None:
        if ref_id in self.refs:
            self.remove(ref_id)
        no = self.next_no
        self.next_no += 1
        entry = RefEntry(ref_id, no, fp.duration, fp.digest)
        self.refs[ref_id] = entry
        self.by_no[no] = entry
        self._pending[no] = fp.to_bytes()
        codes, ids = video_entries(fp, no)
        if len(codes):
            self.video.add_with_ids(codes, ids)
        codes, ids = audio_entries(fp, no)
        if len(codes):
            self.audio.add_with_ids(codes, ids)

    def remove(self, ref_id: str) -> bool:
        entry = self.refs.pop(ref_id, None)
        if entry is None:
            return False
        del self.by_no[entry.no]
        self._pending.pop(entry.no, None)
        sel = faiss.IDSelectorRange(entry.no << SAMPLE_BITS, (entry.no + 1) << SAMPLE_BITS)
        self.video.remove_ids(sel)
        self.audio.remove_ids(sel)
        return True

    def set_nprobe(self, nprobe: int) -> None:
        self.nprobe = nprobe
        for index in (self.video, self.audio):
            if isinstance(index, faiss.IndexBinaryIVF):
                index.nprobe = nprobe

    def _rebuild(self, index: faiss.IndexBinary, bits: int) -> faiss.IndexBinary:
        """Flat while small; an IVF trained on the shard's codes once large, retrained after 16× growth."""
        n = index.ntotal
        if isinstance(index, faiss.IndexBinaryIVF):
            if n >= FLAT_LIMIT // 2 and _nlist_for(n) < 4 * index.nlist:
                return index
        elif n <= FLAT_LIMIT:
            return index
        codes, ids = _all_codes(index, bits)
        if len(codes) <= FLAT_LIMIT:
            flat = _flat(bits)
            if len(codes):
                flat.add_with_ids(codes, ids)
            return flat
        return _ivf(codes, ids, bits)

    def save(self) -> None:
        """Write the shard file (atomically): fingerprints, then both FAISS indexes."""
        self.video = self._rebuild(self.video, 256)
        self.audio = self._rebuild(self.audio, 64)
        self.set_nprobe(self.nprobe)
        blobs: list[bytes] = []
        records = []
        for entry in sorted(self.refs.values(), key=lambda e: e.no):
            data = (
                self._pending[entry.no]
                if entry.no in self._pending
                else bytes(
                    self._map[entry.offset : entry.offset + entry.length]  # type: ignore[index]
                )
            )
            blobs.append(data)
            records.append(entry)
        video = faiss.serialize_index_binary(self.video).tobytes()
        audio = faiss.serialize_index_binary(self.audio).tobytes()

        def header(base: int) -> bytes:
            pos = base
            refs = []
            for entry, blob in zip(records, blobs, strict=True):
                refs.append(
                    {
                        "id": entry.ref_id,
                        "no": entry.no,
                        "duration": entry.duration,
                        "digest": entry.digest,
                        "offset": pos,
                        "length": len(blob),
                    }
                )
                pos += len(blob)
            head = {
                "refs": refs,
                "next_no": self.next_no,
                "video": [pos, len(video)],
                "audio": [pos + len(video), len(audio)],
            }
            return json.dumps(head, ensure_ascii=False).encode("utf-8")

        # the header holds offsets that depend on its own length: iterate to a fixed point
        head = header(0)
        while True:
            new = header(9 + len(head))
            if len(new) == len(head):
                head = new
                break
            head = new
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(struct.pack("<4sBI", _MAGIC, _VERSION, len(head)))
            out.write(head)
            for blob in blobs:
                out.write(blob)
            out.write(video)
            out.write(audio)
        self.close()
        os.replace(tmp, self.path)
        self.refs.clear()
        self.by_no.clear()
        self._pending.clear()
        self._load()

    # --- searching -----------------------------------------------------------------------------
    def search_video(self, codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if self.video.ntotal == 0 or len(codes) == 0:
            return np.zeros((len(codes), 0), np.int32), np.zeros((len(codes), 0), np.int64)
        return self.video.search(np.ascontiguousarray(codes), min(k, self.video.ntotal))

    def search_audio(self, codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if self.audio.ntotal == 0 or len(codes) == 0:
            return np.zeros((len(codes), 0), np.int32), np.zeros((len(codes), 0), np.int64)
        return self.audio.search(np.ascontiguousarray(codes), min(k, self.audio.ntotal))

    def info(self) -> dict:
        return {
            "path": str(self.path),
            "references": len(self.refs),
            "reference_seconds": round(sum(e.duration for e in self.refs.values()), 2),
            "video_codes": int(self.video.ntotal),
            "audio_codes": int(self.audio.ntotal),
            "video_index": type(self.video).__name__,
            "index_bytes": int(self.video.ntotal * (32 + 8) + self.audio.ntotal * (8 + 8)),
        }

"""Scale benchmark: a 60-s suspect against 10,000 hours of references, on one core.

    nice -n 10 .venv/bin/python bench/copy_detection_scale.py --hours 10000

Fills one index shard with synthetic reference codes at the index's own density (one 256-bit
frame code and one 64-bit audio code per reference second, ids as the shard makes them), plants
a few real references (fingerprints of generated textured videos) among them, and times the
engine's own search path (`match.search_shard`: every suspect variant through FAISS, candidate
voting, dense verification of the candidates) for suspects that copy a planted reference and for
unrelated suspects.

Synthetic codes imitate video: 3-s "shots" of codes scattered around random list centres, drifting
every second (see `build_ivf`); lists are filled directly, as `add` would, because assigning 36 M
codes to thousands of centres is beyond a benchmark run on a shared 2-core machine. Search cost
depends on list sizes, which are the same as in a real index of that size. Synthetic references have no stored fingerprints, so a synthetic
reference that becomes a candidate cannot be verified; how many did, and the verification time
they would cost, are reported separately. Results go to bench/results/copy_detection_scale.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from tests.media.copy_media import write_video  # noqa: E402

from microdrama.media import match as engine  # noqa: E402
from microdrama.media.fingerprint import fingerprint  # noqa: E402
from microdrama.media.index import shard as shard_mod  # noqa: E402
from microdrama.media.index.shard import SAMPLE_BITS, Shard  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def _bits(rng: np.random.Generator, shape: tuple[int, int], ands: int) -> np.ndarray:
    """Random packed bits, each set with probability 2**-ands."""
    out = rng.integers(0, 256, size=shape, dtype=np.uint8)
    for _ in range(ands - 1):
        out &= rng.integers(0, 256, size=shape, dtype=np.uint8)
    return out


def build_ivf(
    n_seconds: int, nbits: int, nlist: int, ref_seconds: int, rng: np.random.Generator, block: int = 1 << 20
) -> faiss.IndexBinaryIVF:
    """An inverted file filled with video-like synthetic codes, list by list.

    Each 3-s "shot" picks a list and starts from that list's centre with a quarter of its bits
    flipped; each second of the shot flips about 8 more. A code that far from its centre (≈ 64
    bits) is still much nearer to it than to any other centre (≈ 128), so filling the lists
    directly gives the index that `add` would build, without 36 M × nlist distance computations
    (which a 2-core machine cannot afford in a benchmark run).
    """
    nbytes = nbits // 8
    centres = rng.integers(0, 256, size=(nlist, nbytes), dtype=np.uint8)
    quantizer = faiss.IndexBinaryFlat(nbits)
    quantizer.add(centres)
    index = faiss.IndexBinaryIVF(quantizer, nbits, nlist)
    index.own_fields = True
    quantizer.this.disown()
    index.is_trained = True
    invlists = index.invlists
    for start in range(0, n_seconds, block):
        n = min(block, n_seconds - start)
        shots = (n + 2) // 3
        lists = rng.integers(0, nlist, size=shots)
        base = centres[lists] ^ _bits(rng, (shots, nbytes), 2)
        codes = np.repeat(base, 3, axis=0)[:n] ^ _bits(rng, (n, nbytes), 5)
        code_lists = np.repeat(lists, 3)[:n]
        pos = start + np.arange(n)
        ids = ((pos // ref_seconds + 1_000_000).astype(np.int64) << SAMPLE_BITS) | (pos % ref_seconds)
        order = np.argsort(code_lists, kind="stable")
        code_lists, codes, ids = code_lists[order], np.ascontiguousarray(codes[order]), ids[order]
        bounds = np.searchsorted(code_lists, np.arange(nlist + 1))
        for lst in range(nlist):
            a, b = bounds[lst], bounds[lst + 1]
            if b > a:
                invlists.add_entries(
                    int(lst), int(b - a), faiss.swig_ptr(ids[a:b]), faiss.swig_ptr(codes[a:b])
                )
        index.ntotal += n
    # a shard loaded from its file holds exactly-sized lists; appending left slack in them
    compact = faiss.deserialize_index_binary(faiss.serialize_index_binary(index))
    del index
    return compact


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hours", type=float, default=10_000)
    ap.add_argument("--nlist", type=int, default=8192)
    ap.add_argument("--nprobe", type=int, default=shard_mod.DEFAULT_NPROBE)
    ap.add_argument("--out", type=Path, default=ROOT / "results")
    args = ap.parse_args()
    faiss.omp_set_num_threads(1)
    t0 = time.time()
    work = Path(tempfile.mkdtemp(prefix="cd-scale-"))

    # planted references and their suspects (generated textured video with sound)
    planted = {}
    suspects = []
    for seed in (41, 42, 43):
        ref = fingerprint(write_video(work / f"ref{seed}.mp4", seconds=120.0, seed=seed, size=(320, 180)))
        planted[f"episode:{seed}"] = ref
        q = fingerprint(
            write_video(
                work / f"q{seed}.mp4",
                seconds=60.0,
                seed=seed,
                start=30.0,
                size=(320, 180),
                frame=lambda f: f[:, ::-1],
            )
        )
        suspects.append(("copy (mirrored 60-s excerpt)", f"episode:{seed}", q))
    for seed in (51, 52):
        q = fingerprint(write_video(work / f"u{seed}.mp4", seconds=60.0, seed=seed, size=(320, 180)))
        suspects.append(("unrelated 60 s", None, q))
    print(f"planted and suspects ready [{time.time() - t0:.0f}s]", flush=True)

    seconds = int(args.hours * 3600)
    ref_seconds = 120  # synthetic references of two minutes
    rng = np.random.default_rng(0)
    rss0 = rss_mb()
    t = time.time()
    video = build_ivf(seconds, 256, args.nlist, ref_seconds, rng)
    t_video = time.time() - t
    print(f"video IVF built: {video.ntotal} codes in {t_video:.0f}s, RSS {rss_mb():.0f} MB", flush=True)
    t = time.time()
    audio = build_ivf(seconds, 64, args.nlist, ref_seconds, rng)
    t_audio = time.time() - t
    rss1 = rss_mb()
    print(f"audio IVF built in {t_audio:.0f}s, RSS {rss1:.0f} MB", flush=True)

    shard = Shard(work / "scale.mdx")
    shard.video, shard.audio = video, audio
    for name, fp in planted.items():
        shard.add(name, fp.without_media())
    shard.set_nprobe(args.nprobe)
    code_bytes = video.ntotal * (32 + 8) + audio.ntotal * (8 + 8)
    index_bytes_per_s = code_bytes / seconds

    rows = []
    for label, truth, q in suspects:
        prepared_t = cpu()
        prepared = engine.prepare(q)
        t_prep = cpu() - prepared_t
        t = cpu()
        nos, _ = engine._candidates(shard, prepared)
        t_search = cpu() - t
        t = cpu()
        found = engine.search_shard(shard, prepared)
        t_total = cpu() - t
        verified = [n for n in nos if n in shard.by_no]
        rows.append(
            {
                "suspect": label,
                "truth": truth,
                "found": [m.reference for m in found],
                "correct": (truth in [m.reference for m in found]) if truth else not found,
                "variant_codes": int(sum(len(c) for c in prepared.codes)),
                "prepare_cpu_s": round(t_prep, 3),
                "search_cpu_s": round(t_search, 3),
                "search_and_verify_cpu_s": round(t_total, 3),
                "candidates": len(nos),
                "synthetic_candidates_not_verified": len(nos) - len(verified),
            }
        )
        print(rows[-1], flush=True)
    # what verifying one candidate costs (for the synthetic candidates that could not be verified)
    q = suspects[0][2]
    prepared = engine.prepare(q)
    t = cpu()
    for _ in range(3):
        engine.verify(prepared, planted["episode:42"], "x")
    verify_cost = (cpu() - t) / 3

    report = {
        "hours": args.hours,
        "reference_seconds": seconds,
        "nlist": args.nlist,
        "nprobe": args.nprobe,
        "build_seconds": {"video": round(t_video, 1), "audio": round(t_audio, 1)},
        "index_bytes_per_reference_second": round(index_bytes_per_s, 1),
        "rss_growth_mb": round(rss1 - rss0, 1),
        "rss_bytes_per_reference_second": round((rss1 - rss0) * 2**20 / seconds, 1),
        "verify_one_candidate_cpu_s": round(verify_cost, 3),
        "suspects": rows,
        "wall_seconds": round(time.time() - t0, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "copy_detection_scale.json").write_text(json.dumps(report, indent=1), "utf-8")
    lines = [
        "# Copy detection at scale",
        "",
        f"One shard of {args.hours:,.0f} h of synthetic references ({seconds:,} reference seconds; 120-s references; "
        f"IVF nlist {args.nlist}, nprobe {args.nprobe}; one thread) plus 3 planted real references.",
        "",
        f"- Index memory: {index_bytes_per_s:.1f} bytes of FAISS codes + ids per reference second "
        f"(process RSS grew {report['rss_bytes_per_reference_second']} bytes per reference second).",
        f"- Build: video {t_video:.0f} s, audio {t_audio:.0f} s.",
        f"- Verifying one candidate densely: {verify_cost:.3f} s CPU.",
        "",
        "| suspect | correct | variant codes searched | prepare s | FAISS search + voting s | search + verify s | "
        "candidates | synthetic candidates (not verifiable) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['suspect']} | {r['correct']} | {r['variant_codes']} | {r['prepare_cpu_s']} | {r['search_cpu_s']} | "
            f"{r['search_and_verify_cpu_s']} | {r['candidates']} | {r['synthetic_candidates_not_verified']} |"
        )
    lines += ["", f"Wall time {report['wall_seconds']:.0f} s.", ""]
    (args.out / "copy_detection_scale.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

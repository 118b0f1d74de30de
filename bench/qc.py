"""Benchmark of the automatic technical pre-check (microdrama.media.qc) on real footage.

1. Corpus: `check_cut` with the default spec on every video in the shared corpus; time and
   throughput, and the measured facts against the corpus manifest (duration, size, frame rate,
   audio present / digital silence / absent).
2. Opening text: on the opening frames of every clip, with and without a filing number burned in
   (Pillow, the project's CJK font, a varying position and size): how often OCR reads the number
   exactly, how often each reader says "text" — real footage has scene text (shirts, signs), so
   "text on clips without a title" is a rate to watch, not a pure error.
3. A 15-minute 1080×1920 episode (a vertical clip remuxed end to end, with a speech-like AAC
   track): wall and CPU time on one core, fast and full decoding.

Writes bench/results/qc.md and qc.json. Generated media goes to bench/work/ (git-ignored).
Run: .venv/bin/python bench/qc.py --corpus ../shared/media
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from microdrama.fonts import cjk_font_path
from microdrama.media.qc import MediaError, QCSpec, check_cut
from microdrama.media.qc_opening import _is_text, read_opening
from microdrama.media.qc_report import normalise_text
from microdrama.media.qc_video import scan_picture
from microdrama.media.text_detect import HeuristicTextDetector, text_reader

ROOT = Path(__file__).resolve().parent
VIDEO_SUFFIXES = {".mp4", ".mkv", ".webm", ".mpg", ".avi", ".mov"}
NUMBER = "(赣)网微剧备字(2026)第{:05d}号"


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES)


def manifest(corpus: Path) -> dict[str, dict]:
    path = corpus / "manifest.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


# --- 1. corpus ----------------------------------------------------------------------------------


def run_corpus(corpus: Path) -> dict:
    truth = manifest(corpus)
    rows, codes = [], Counter()
    agree = Counter()
    for path in corpus_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            report = check_cut(path)
        except MediaError as exc:
            rows.append({"file": rel, "refused": exc.code})
            continue
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        codes.update(f.code for f in report.findings)
        row = {
            "file": rel,
            "duration": report.duration,
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "passed": report.passed,
            "errors": sorted({f.code for f in report.errors}),
            "warnings": sorted({f.code for f in report.warnings}),
            "lufs": report.loudness.integrated_lufs if report.loudness else None,
            "opening_text": list(report.opening_text),
        }
        rows.append(row)
        t = truth.get(rel)
        if t:
            audio = (
                "no"
                if not report.media.has_audio
                else ("silent" if "audio_silent" in report.codes() else "yes")
            )
            checks = {
                "duration": abs(report.duration - float(t["duration_s"])) <= 0.1,
                "size": report.media.width == int(t["width"]) and report.media.height == int(t["height"]),
                "fps": abs(report.media.fps - float(t["fps"])) <= 0.05,
                "audio": audio == t["has_audio"],
            }
            row["manifest_disagrees"] = [k for k, ok in checks.items() if not ok]
            agree.update({k: int(ok) for k, ok in checks.items()})
            agree["files"] += 1
    measured = [r for r in rows if "wall_s" in r]
    media_s = sum(r["duration"] for r in measured)
    wall_s = sum(r["wall_s"] for r in measured)
    return {
        "files": len(rows),
        "refused": [r for r in rows if "refused" in r],
        "media_seconds": round(media_s, 1),
        "wall_seconds": round(wall_s, 1),
        "cpu_seconds": round(sum(r["cpu_s"] for r in measured), 1),
        "realtime_factor": round(media_s / wall_s, 1) if wall_s else None,
        "median_wall_per_file_s": round(statistics.median(r["wall_s"] for r in measured), 2)
        if measured
        else None,
        "finding_codes": dict(codes.most_common()),
        "manifest_agreement": dict(agree),
        "rows": rows,
    }


# --- 2. opening text ----------------------------------------------------------------------------


def title_layout(rng: np.random.Generator) -> tuple[float, float, float]:
    """Where a clip's filing number sits and how big it is: (size, x, y) as fractions."""
    y = rng.choice([rng.uniform(0.03, 0.2), rng.uniform(0.75, 0.92)])
    return float(rng.uniform(0.035, 0.06)), float(rng.uniform(0.02, 0.98)), float(y)


def burn_number(image: np.ndarray, number: str, layout: tuple[float, float, float]) -> np.ndarray:
    """The number drawn like a title card: white with a dark outline, same place in every frame."""
    h, w = image.shape[:2]
    size_f, x_f, y_f = layout
    font = ImageFont.truetype(str(cjk_font_path()), max(12, int(min(w, h) * size_f)), index=0)
    picture = Image.fromarray(image)
    draw = ImageDraw.Draw(picture)
    box = draw.textbbox((0, 0), number, font=font, stroke_width=2)
    tw, th = box[2] - box[0], box[3] - box[1]
    x, y = int(x_f * max(1, w - tw)), int(y_f * max(1, h - th))
    draw.text((x, y), number, font=font, fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0))
    return np.asarray(picture)


def run_text(corpus: Path) -> dict:
    spec = QCSpec()
    ocr, why = text_reader("ocr")
    heuristic = HeuristicTextDetector()
    rng = np.random.default_rng(2026)
    stats = Counter()
    ocr_seconds: list[float] = []
    misreads: list[dict] = []
    for i, path in enumerate(corpus_files(corpus)):
        try:
            frames = scan_picture(path, spec, 10.0).opening
        except MediaError:
            continue
        number = NUMBER.format(100 + i)
        layout = title_layout(rng)
        titled = [(t, burn_number(img, number, layout)) for t, img in frames]
        stats["clips"] += 1
        # heuristic, with the same persistence rule the QC applies
        stats["heuristic_titled_found"] += bool(_heuristic_says_text(heuristic, titled))
        stats["heuristic_plain_found"] += bool(_heuristic_says_text(heuristic, frames))
        if why is None:
            started = time.perf_counter()
            lines = [line for _, img in titled for line in ocr.read(img) if _is_text(line, spec)]
            ocr_seconds.append((time.perf_counter() - started) / max(1, len(titled)))
            read = any(normalise_text(number) in normalise_text(line.text) for line in lines)
            stats["ocr_titled_read_exactly"] += read
            stats["ocr_titled_found"] += bool(lines)
            if not read:
                misreads.append({"file": path.name, "expected": number, "read": [x.text for x in lines][:4]})
            plain = read_opening(frames, QCSpec(text_reader="ocr"))
            stats["ocr_plain_found"] += bool(plain.has_text)
    return {
        "ocr": why is None,
        "ocr_unavailable_reason": why,
        "counts": dict(stats),
        "ocr_seconds_per_frame_median": round(statistics.median(ocr_seconds), 3) if ocr_seconds else None,
        "ocr_misreads": misreads,
    }


def _heuristic_says_text(detector: HeuristicTextDetector, frames) -> bool:
    from microdrama.media.qc_opening import _persistent

    return _persistent([detector.read(img) for _, img in frames])


# --- 3. a long episode --------------------------------------------------------------------------


def build_long_episode(corpus: Path, minutes: float, out: Path) -> Path:
    """Remux a vertical 1080×1920 clip end to end (no re-encoding) and add a speech-like AAC track."""
    source = corpus / "clips" / "sav-055003-vertical.mp4"
    if out.is_file() and out.stat().st_size > 0:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part.mp4")
    with av.open(str(source)) as src, av.open(str(tmp), "w", options={"movflags": "+faststart"}) as dst:
        vin = src.streams.video[0]
        vout = dst.add_stream_from_template(vin)
        aout = dst.add_stream("aac", rate=48_000)
        aout.layout = "stereo"
        packets = [p for p in src.demux(vin) if p.dts is not None]
        span = max(p.pts + (p.duration or 0) for p in packets) - min(p.pts for p in packets)
        loops = max(1, round(minutes * 60 / float(span * vin.time_base)))
        for k in range(loops):
            for p in packets:
                q = av.Packet(bytes(p))
                q.pts, q.dts, q.duration = p.pts + k * span, p.dts + k * span, p.duration
                q.time_base, q.is_keyframe, q.stream = p.time_base, p.is_keyframe, vout
                dst.mux(q)
        seconds = float(span * vin.time_base) * loops
        rng = np.random.default_rng(0)
        total = int(seconds * 48_000)
        for start in range(0, total, 1024):
            t = np.arange(start, min(total, start + 1024)) / 48_000
            level = 0.5 + 0.5 * np.sin(2 * np.pi * 0.3 * t)
            x = (0.08 * level * np.sin(2 * np.pi * 220 * t) + 0.02 * rng.standard_normal(len(t))).astype(
                np.float32
            )
            frame = av.AudioFrame.from_ndarray(np.stack([x, x]), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48_000, start
            dst.mux(aout.encode(frame))
        dst.mux(aout.encode())
    tmp.rename(out)
    return out


def run_long(corpus: Path, minutes: float) -> dict:
    path = build_long_episode(corpus, minutes, ROOT / "work" / f"qc-long-{minutes:g}min-1080x1920.mp4")
    runs = []
    for label, spec in [
        ("one core, fast decode (default)", QCSpec(decoder_threads=1)),
        ("one core, full decode", QCSpec(decoder_threads=1, fast_decode=False)),
        ("FFmpeg threads (all cores), fast decode", QCSpec()),
    ]:
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_cut(path, spec=spec)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        runs.append(
            {
                "mode": label,
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "x_realtime": round(report.duration / wall, 1),
                "findings": sorted(report.codes()),
            }
        )
    return {"file": path.name, "duration_s": round(report.duration, 1), "size": "1080x1920", "runs": runs}


# --- report -------------------------------------------------------------------------------------


def markdown(result: dict) -> str:
    c, t, lg = result["corpus"], result.get("text"), result.get("long")
    lines = [
        "# Technical pre-check (QC) benchmark",
        "",
        f"Machine: {result['machine']}. Run {result['date']}. Corpus: {c['files']} files, "
        f"{c['media_seconds']} s of video.",
        "",
        f"Load: {_load(result)}. Wall times on a shared machine include waiting for the CPU; "
        "**CPU seconds are the figure to plan with**; the long-episode table says how many decoding "
        "threads each run used.",
        "",
        "## Corpus pass (default spec, OCR on)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| files checked / refused | {c['files'] - len(c['refused'])} / {len(c['refused'])} |",
        f"| wall time, all files | {c['wall_seconds']} s ({c['realtime_factor']}× real time) |",
        f"| CPU time, all files | {c['cpu_seconds']} s |",
        f"| median wall time per file | {c['median_wall_per_file_s']} s |",
    ]
    agree = c["manifest_agreement"]
    if agree.get("files"):
        for key in ("duration", "size", "fps", "audio"):
            lines.append(f"| agrees with manifest: {key} | {agree.get(key, 0)} / {agree['files']} |")
    lines += [
        "",
        "Findings over the corpus (files are not micro-drama deliveries, so most fail the spec):",
        "",
    ]
    lines += ["| code | files |", "|---|---|"]
    lines += [f"| `{code}` | {n} |" for code, n in c["finding_codes"].items()]
    disagreements = [r for r in c["rows"] if r.get("manifest_disagrees")]
    if disagreements:
        lines += [
            "",
            "Disagreements with the manifest (the QC reports the *video stream's* duration; the manifest "
            "has the container's, which includes a longer audio track):",
            "",
        ]
        lines += [
            f"- `{r['file']}`: {', '.join(r['manifest_disagrees'])} (QC {r['duration']:.2f} s)"
            for r in disagreements
        ]
    if t:
        k = t["counts"]
        n = k.get("clips", 0)
        lines += [
            "",
            "## Opening text (filing number burned into the opening frames of each clip)",
            "",
            "| reader | number present: found | number present: read exactly | no title: text found |",
            "|---|---|---|---|",
        ]
        if t["ocr"]:
            lines.append(
                f"| OCR (rapidocr, 1 thread) | {k.get('ocr_titled_found', 0)} / {n} | "
                f"{k.get('ocr_titled_read_exactly', 0)} / {n} | {k.get('ocr_plain_found', 0)} / {n} |"
            )
        lines.append(
            f"| heuristic | {k.get('heuristic_titled_found', 0)} / {n} | — | {k.get('heuristic_plain_found', 0)} / {n} |"
        )
        lines += [
            "",
            f"OCR time per frame (median): {t['ocr_seconds_per_frame_median']} s. "
            "'No title: text found' counts clips whose opening shows real scene text too (shirts, toy "
            "blocks, signs), so it is an upper bound on false alarms.",
        ]
        if t["ocr_misreads"]:
            lines += ["", "OCR misses:", ""]
            lines += [
                f"- `{m['file']}`: expected {m['expected']}, read {m['read']}" for m in t["ocr_misreads"]
            ]
    if lg:
        lines += [
            "",
            f"## A {lg['duration_s'] / 60:.0f}-minute {lg['size']} episode",
            "",
            "| mode | wall s | CPU s | × real time | findings |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['mode']} | {r['wall_s']} | {r['cpu_s']} | {r['x_realtime']} | {', '.join(r['findings'])} |"
            for r in lg["runs"]
        ]
    return "\n".join(lines) + "\n"


def _load(result: dict) -> str:
    if "load_average_at_start" in result:
        return (
            f"1-minute load average {result['load_average_at_start']} at start, "
            f"{result.get('load_average_at_end')} at end, on {os.cpu_count()} cores"
        )
    return result.get("load_note", "not recorded")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared" / "media")
    parser.add_argument("--long-minutes", type=float, default=15.0)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-text", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument("--markdown-only", action="store_true", help="re-render qc.md from qc.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.markdown_only:  # re-render the last run's figures (e.g. after editing the notes)
        result = json.loads((args.out / "qc.json").read_text(encoding="utf-8"))
        (args.out / "qc.md").write_text(markdown(result), encoding="utf-8")
        print(markdown(result))
        return 0
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_at_start": round(os.getloadavg()[0], 1),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"PyAV {av.__version__} / FFmpeg {'.'.join(map(str, av.library_versions['libavcodec']))} (libavcodec)",
        "corpus": run_corpus(args.corpus),
    }
    if not args.skip_text:
        result["text"] = run_text(args.corpus)
    if not args.skip_long:
        result["long"] = run_long(args.corpus, args.long_minutes)
    result["load_average_at_end"] = round(os.getloadavg()[0], 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "qc.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "qc.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Copy-detection commands: `fingerprint`, `index add|remove|info|search`, `match`.

A thin layer over `microdrama.media` (no Django): fingerprints are files written by `fingerprint`
(or made on the fly from videos), an index is a directory of shard files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from microdrama.timespan import format_timecode

JSON_KEYS = ("reference", "ref_start", "ref_end", "query_start", "query_end", "speed", "score")


def _fail(exc: Exception, english: str) -> click.ClickException:
    return click.ClickException(f"{exc}（{english}）")


def _load(path: Path, *, bar: bool = True):
    """A fingerprint from a video file or from a file written by `microdrama fingerprint`."""
    from microdrama.media.errors import MediaError
    from microdrama.media.fingerprint import VideoFingerprint, fingerprint

    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise _fail(MediaError(f"文件无法读取：{path.name}"), f"cannot read {path}") from exc
    try:
        if head == b"MDFP":
            return VideoFingerprint.from_bytes(path.read_bytes())
        if not bar:
            return fingerprint(path)
        with tqdm(total=100, desc=path.name[:30], unit="%", leave=False, file=sys.stderr) as t:

            def progress(fraction: float) -> None:
                t.update(round(fraction * 100) - t.n)

            return fingerprint(path, progress=progress)
    except MediaError as exc:
        raise _fail(exc, f"not a usable video: {path}") from exc


def _rows(matches) -> list[dict]:
    return [{k: row[k] for k in JSON_KEYS} for m in matches for row in m.rows()]


def _print_matches(matches, as_json: bool) -> None:
    rows = _rows(matches)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("未发现复制片段 (no copied segments found)")
        return
    head = f"{'reference':<24} {'suspect':<13} {'reference span':<13} {'speed':>6} {'score':>6}"
    click.echo(head)
    click.echo("-" * len(head))
    for r in rows:
        q = f"{format_timecode(r['query_start'])}–{format_timecode(r['query_end'])}"
        s = f"{format_timecode(r['ref_start'])}–{format_timecode(r['ref_end'])}"
        click.echo(f"{r['reference'][:24]:<24} {q:<13} {s:<13} {r['speed']:>6.2f} {r['score']:>6.2f}")


@click.command("fingerprint")
@click.argument("video", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Where to write the fingerprint.",
)
@click.option("--with-media", is_flag=True, help="Keep the small pictures and audio (for use as a suspect).")
def fingerprint_command(video: Path, output: Path, with_media: bool) -> None:
    """Fingerprint VIDEO (frame and audio codes) into FILE. 计算视频指纹。"""
    fp = _load(video)
    output.write_bytes(fp.to_bytes(include_media=with_media))
    click.echo(
        f"{output}: {fp.duration:.1f} s, {len(fp.codes)} frame codes, "
        f"{int(fp.audio_valid.sum())} audio codes, digest {fp.digest}"
    )


@click.group("index")
def index_group() -> None:
    """Reference index: add, remove, info, search. 参考库索引。"""


def _open_index(directory: Path, create: bool):
    from microdrama.media.errors import MediaError
    from microdrama.media.index import ReferenceIndex

    try:
        return ReferenceIndex.open(directory, create=create)
    except MediaError as exc:
        raise _fail(exc, f"cannot open index {directory}") from exc


@index_group.command("add")
@click.option("--index", "directory", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--name", help="Reference id (default: the file's stem); only with one VIDEO.")
@click.argument("videos", nargs=-1, required=True, type=click.Path(path_type=Path))
def index_add(directory: Path, name: str | None, videos: tuple[Path, ...]) -> None:
    """Register VIDEO… as references (re-adding a name replaces it). 登记参考视频。"""
    if name and len(videos) > 1:
        raise click.UsageError("--name 只能用于单个视频 (--name needs exactly one VIDEO)")
    index = _open_index(directory, create=True)
    for video in tqdm(
        videos,
        desc="fingerprint",
        unit="video",
        disable=len(videos) < 2,
        file=sys.stderr,
    ):
        fp = _load(video, bar=len(videos) < 2)
        ref = name or video.stem
        index.add(ref, fp.without_media())
        click.echo(f"added {ref}: {fp.duration:.1f} s")
    index.save()


@index_group.command("remove")
@click.option("--index", "directory", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.argument("names", nargs=-1, required=True)
def index_remove(directory: Path, names: tuple[str, ...]) -> None:
    """Remove references by name. 删除参考视频。"""
    index = _open_index(directory, create=False)
    missing = [n for n in names if not index.remove(n)]
    index.save()
    if missing:
        raise click.ClickException(f"索引中没有这些参考：{', '.join(missing)}（not in the index）")
    click.echo(f"removed {len(names)}")


@index_group.command("info")
@click.option("--index", "directory", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--json", "as_json", is_flag=True)
def index_info(directory: Path, as_json: bool) -> None:
    """What the index holds. 索引概况。"""
    info = _open_index(directory, create=False).info()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    click.echo(f"references: {info['references']}  ({info['reference_seconds']:.0f} s)")
    click.echo(
        f"shards: {len(info['shards'])}  codes: {info['video_codes']} frame, {info['audio_codes']} audio"
    )
    click.echo(
        f"memory: {info['index_bytes']} bytes ({info['bytes_per_reference_second']} per reference second)"
    )


@index_group.command("search")
@click.option("--index", "directory", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of segments.")
@click.argument("video", type=click.Path(path_type=Path))
def index_search(directory: Path, as_json: bool, video: Path) -> None:
    """Which references does VIDEO copy, and where. 检索疑似盗版视频。"""
    from microdrama.media.match import match

    index = _open_index(directory, create=False)
    _print_matches(match(_load(video), index), as_json)


@click.command("match")
@click.argument("reference", type=click.Path(path_type=Path))
@click.argument("suspect", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of segments.")
def match_command(reference: Path, suspect: Path, as_json: bool) -> None:
    """Does SUSPECT copy REFERENCE, and which seconds. 一对一比对。"""
    from microdrama.media.match import match_pair

    ref = _load(reference)
    m = match_pair(ref, _load(suspect), name=reference.stem)
    _print_matches([m] if m else [], as_json)


commands = [fingerprint_command, index_group, match_command]

"""ReferenceIndex: add, remove, save, reopen, shard, search, merge."""

from __future__ import annotations

import pytest

from microdrama.media.errors import MediaError
from microdrama.media.fingerprint import fingerprint
from microdrama.media.index import ReferenceIndex
from microdrama.media.match import match, merge, prepare, search_shard

from .copy_media import write_video


@pytest.fixture(scope="module")
def refs(tmp_path_factory):
    d = tmp_path_factory.mktemp("refs")
    return {
        f"episode:{s}": fingerprint(write_video(d / f"{s}.mp4", seconds=10.0, seed=s)) for s in (21, 22, 23)
    }


@pytest.fixture(scope="module")
def suspect(tmp_path_factory):
    return fingerprint(write_video(tmp_path_factory.mktemp("q") / "q.mp4", seconds=6.0, seed=22, start=3.0))


def test_added_references_survive_save_and_reopen(tmp_path, refs):
    index = ReferenceIndex.open(tmp_path / "idx")
    for name, fp in refs.items():
        index.add(name, fp.without_media())
    index.save()
    again = ReferenceIndex.open(tmp_path / "idx", create=False)
    assert sorted(again.ids()) == sorted(refs)
    assert again.fingerprint("episode:22").digest == refs["episode:22"].digest
    info = again.info()
    assert info["references"] == 3
    assert 0 < info["bytes_per_reference_second"] <= 64


def test_search_finds_the_copied_reference_and_where(tmp_path, refs, suspect):
    index = ReferenceIndex.open(tmp_path / "idx")
    for name, fp in refs.items():
        index.add(name, fp.without_media())
    index.save()
    found = match(suspect, index)
    assert [m.reference for m in found] == ["episode:22"]
    seg = found[0].segments[0]
    assert seg.ref.start == pytest.approx(3.0, abs=1.0)


def test_a_removed_reference_is_no_longer_found(tmp_path, refs, suspect):
    index = ReferenceIndex.open(tmp_path / "idx")
    for name, fp in refs.items():
        index.add(name, fp.without_media())
    index.save()
    assert index.remove("episode:22")
    index.save()
    index = ReferenceIndex.open(tmp_path / "idx")
    assert "episode:22" not in index
    assert match(suspect, index) == []
    assert not index.remove("episode:22")


def test_shards_searched_one_by_one_and_merged_give_the_same_answer(tmp_path, refs, suspect):
    index = ReferenceIndex.open(tmp_path / "idx")
    index.max_shard_seconds = 15.0  # one reference per shard
    for name, fp in refs.items():
        index.add(name, fp.without_media())
    index.save()
    assert len(index.shards) == 3
    q = prepare(suspect)
    parts = [search_shard(s.path, q) for s in index.shards]  # as separate workers would
    merged = merge(parts)
    direct = match(suspect, index)
    assert [m.reference for m in merged] == [m.reference for m in direct] == ["episode:22"]
    assert merged[0].as_dict() == direct[0].as_dict()


def test_opening_a_missing_index_without_create_is_a_clear_error(tmp_path):
    with pytest.raises(MediaError):
        ReferenceIndex.open(tmp_path / "nothing", create=False)


def test_a_large_shard_switches_to_an_inverted_file_and_still_finds_its_codes(tmp_path, monkeypatch):
    import numpy as np

    from microdrama.media.fingerprint import VideoFingerprint
    from microdrama.media.index import shard as shard_module
    from microdrama.media.regions import FULL

    monkeypatch.setattr(shard_module, "FLAT_LIMIT", 2000)
    rng = np.random.default_rng(0)

    def fake(n: int) -> VideoFingerprint:
        return VideoFingerprint(
            duration=n * 0.5, width=320, height=180, fps=25.0, content=FULL,
            codes=rng.integers(0, 256, (n, 32), dtype=np.uint8), quality=np.full(n, 100, np.uint8),
            audio_codes=rng.integers(0, 256, (n * 4, 8), dtype=np.uint8), audio_valid=np.ones(n * 4, bool),
        )  # fmt: skip

    refs = [fake(400) for _ in range(15)]
    shard = shard_module.Shard(tmp_path / "s.mdx")
    for k, fp in enumerate(refs):
        shard.add(f"r{k}", fp)
    shard.save()
    again = shard_module.Shard.open(tmp_path / "s.mdx")
    assert type(again.video).__name__ == "IndexBinaryIVF"
    dist, ids = again.search_video(refs[3].codes[::2][:5], 1)
    assert (dist[:, 0] == 0).all()
    assert {again.by_no[int(i)].ref_id for i in ids[:, 0] >> shard_module.SAMPLE_BITS} == {"r3"}

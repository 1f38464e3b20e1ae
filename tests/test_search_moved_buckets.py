"""site_search/bucket_cache.py with the keys an in-place index update
moved: in the main segment only their buckets are made, the others kept
by their files' stamps, and the writer's files are those of a full build
(changed articles in either segment or both, keys added and removed,
bucket counts that change); a record or file that is missing, stale or
altered falls back to making the buckets. Fast: the plugin's steps on
small generated sites, no Pelican build."""

import os
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samizdat_contract.cache import read_sealed, write_sealed
from site_search import bucket_cache, bucket_keys, chunks, export
from site_search.index import Document, pack
from site_search.site_index import Caches, current_index
from site_search.writer import write_files
from test_search_buckets import main_made, tree
from test_search_packed import metas_of
from test_search_update import changed_and_added, documents

SIZE = 8  # documents a segment: a site of 20 has 16 in the main one


def build(folder: Path, docs, read=True, size=SIZE):
    """generator.py's steps: the index from the kept one, then the writer
    (caches under folder/cache, files under folder/out); the files it
    names and the changes the writer was told."""
    caches = Caches.for_settings(
        {"CACHE_PATH": str(folder / "cache"), "LOAD_CONTENT_CACHE": read}
    )
    names = [caches.postings.name(document) for document in docs]
    index = current_index(docs, names, 1, caches)
    caches.postings.keep_only(set(names))
    task = (str(folder / "out"), pack(index), metas_of(docs), size, names)
    return write_files((*task, caches.buckets)), caches.buckets.changes


def fresh(folder: Path, docs, size=SIZE):
    return build(folder, docs, read=False, size=size)[0]


@pytest.fixture
def made(monkeypatch):
    """The buckets whose files the writer makes, those whose inputs it
    digests, and those it makes from the last build's files with only
    their moved keys made again ("reused"), by name."""
    found = {"made": [], "digested": [], "reused": []}
    bucket_files, digest = export._bucket_files, export.inputs_digest
    reused_texts = export.reused_texts

    def reusing(packed, span, prefix, name, *rest):
        texts = reused_texts(packed, span, prefix, name, *rest)
        if texts is not None:
            found["reused"].append(name)
        return texts

    def counting(prefix, keys):
        found["made"].append(prefix)
        return bucket_files(prefix, keys)

    def digesting(name, buckets, keys):
        found["digested"].append(name)
        return digest(name, buckets, keys)

    monkeypatch.setattr(export, "_bucket_files", counting)
    monkeypatch.setattr(export, "inputs_digest", digesting)
    monkeypatch.setattr(export, "reused_texts", reusing)
    return found


def site(count: int) -> list[Document]:
    words = ["river", "bridge", "flood", "ferry", "harbor", "closed", "rose"]
    return [
        Document(
            f"{words[n % 7]} {words[n * 3 % 7]} report{n}",
            " ".join(words[(n * k + k // 2) % 7] for k in range(n % 9 + 3)),
            "",
            "en",
        )
        for n in range(count)
    ]


def small_buckets(monkeypatch, per_bucket: int) -> None:
    """Buckets of `per_bucket` head postings (at least chunks.MIN_BUCKETS):
    on a small site, a few changed keys change the counts."""
    real = chunks.bucket_count

    def count(items, per=per_bucket):
        return real(items, per)

    monkeypatch.setattr(bucket_keys, "bucket_count", count)


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param([2], id="main segment"),
        pytest.param([17], id="recent segment"),
        pytest.param([2, 17], id="both"),
    ],
)
def test_changed_articles_remake_only_moved_buckets(tmp_path, made, changed):
    docs = site(20)
    build(tmp_path, docs)
    main_buckets = len(main_made(made["made"]))
    after = list(docs)
    for n in changed:
        after[n] = Document("ferry closed", "ferry harbor closed ferry", "", "en")
    for found in made.values():
        found.clear()
    names, changes = build(tmp_path, after)
    assert sorted(changes) == changed  # the writer was told
    # The main segment's buckets not holding a moved key are not made
    # again; those holding one are made from the last build's files.
    remade = made["digested"] + made["reused"]
    assert made["reused"]
    assert len(main_made(remade)) < main_buckets
    recent = [name for name in remade if name.startswith("r")]
    if changed == [17]:
        assert main_made(remade) == []
    if changed == [2]:  # no word's count crossed PAIR_MIN_POSTINGS
        assert recent == []
    else:  # only the buckets of its keys, of 16 + 16
        assert 0 < len(recent) < 2 * chunks.MIN_BUCKETS
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


@pytest.mark.parametrize(
    ("changed", "heads"),
    [
        pytest.param([2], 1, id="main segment: the recent one untouched"),
        pytest.param([17], 1, id="recent segment: the main one untouched"),
        pytest.param([2, 17], 2, id="both"),
    ],
)
def test_a_segment_without_changed_articles_is_not_counted_again(
    tmp_path, monkeypatch, changed, heads
):
    """No changed article in a segment and no pair joining or leaving it:
    its bucket counts are the last build's (export._untouched)."""
    docs = site(20)
    build(tmp_path, docs)
    after = list(docs)
    for n in changed:
        after[n] = Document("bridge rose", "bridge rose river flood", "", "en")
    calls = []
    real = export.segment_heads
    monkeypatch.setattr(
        export, "segment_heads", lambda *args: calls.append(1) or real(*args)
    )
    names, _ = build(tmp_path, after)
    assert len(calls) == heads
    monkeypatch.undo()
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def test_a_pair_joining_an_untouched_segment_counts_it_again(tmp_path, monkeypatch):
    """A word of the recent segment only, held once: its pairs are left
    out of it. A changed article of the main segment gains the word:
    held twice in all, its pairs join the recent segment, whose bucket
    counts are then found again (export._untouched)."""
    docs = site(20)
    docs[18] = Document("lighthouse keeper", "lighthouse river bridge", "", "en")
    build(tmp_path, docs)
    after = list(docs)
    after[2] = Document("lighthouse", "lighthouse flood", "", "en")
    calls = []
    real = export.segment_heads
    monkeypatch.setattr(
        export, "segment_heads", lambda *args: calls.append(1) or real(*args)
    )
    names, _ = build(tmp_path, after)
    assert len(calls) == 2
    monkeypatch.undo()
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def test_a_key_added_and_one_removed_match_a_full_build(tmp_path):
    docs = site(20)
    build(tmp_path, docs)
    after = list(docs)
    # "report3" leaves the index; "lighthouse" and its pairs join it.
    after[3] = Document("lighthouse river", "lighthouse bridge rose", "", "en")
    names, _ = build(tmp_path, after)
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def test_a_changed_bucket_count_remakes_the_segment(tmp_path, monkeypatch, made):
    small_buckets(monkeypatch, 1)
    heads, counts = export.segment_heads, []

    def counting(*task):
        found = heads(*task)
        counts.append(found[0])
        return found

    monkeypatch.setattr(export, "segment_heads", counting)
    docs = site(20)
    build(tmp_path, docs)
    after = list(docs)
    # Many new words in the main segment: its bucket counts double.
    words = " ".join(f"word{n}" for n in range(200))
    after[1] = Document(words, words, "", "en")
    for found in made.values():
        found.clear()
    names, changes = build(tmp_path, after)
    assert sorted(changes) == [1]
    assert counts[0] != counts[2]  # the main segment's, before and after
    # Every bucket of the main segment made again.
    assert {f"{n}" for n in range(counts[2]["t"])} <= set(made["made"])
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def damage_record(folder: Path, change) -> None:
    path = folder / "cache" / "site_search" / bucket_cache.FILE
    version, salt, record = pickle.loads(read_sealed(path))
    change(record)
    write_sealed(path, pickle.dumps((version, salt, record)))


def drop_a_bucket(record):
    del record[""][2]["3"]


def other_documents(record):
    record[""] = (b"other", *record[""][1:])


def stale_stamp(record):
    files = record[""][2]["5"][1]
    for path in files:
        size, mtime, inode = files[path]
        files[path] = (size, mtime + 1, inode)


@pytest.mark.parametrize("change", [drop_a_bucket, other_documents, stale_stamp])
def test_a_missing_or_stale_record_falls_back(tmp_path, made, change):
    docs = site(20)
    build(tmp_path, docs)
    damage_record(tmp_path, change)
    after = list(docs)
    after[2] = Document("ferry closed", "ferry harbor closed", "", "en")
    for found in made.values():
        found.clear()
    names, _ = build(tmp_path, after)
    if change is other_documents:  # the whole main segment digested again
        assert {f"{n}" for n in range(16)} <= set(made["digested"])
    else:  # the bucket of the missing or stale record made again
        assert {"3" if change is drop_a_bucket else "5"} <= set(made["made"])
    assert names == fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def test_a_kept_file_altered_in_place_is_made_again(tmp_path, made):
    docs = site(20)
    build(tmp_path, docs)
    after = list(docs)
    after[2] = Document("ferry closed", "ferry harbor closed", "", "en")
    fresh(tmp_path / "fresh", after)
    expected = tree(tmp_path / "fresh" / "out")
    # A head file of a bucket no changed key is in, altered in place with
    # the same size (a copy writing through a hard link, say).
    kept = [
        name
        for name in expected
        if name.startswith("t/") and not name.startswith("t/a") and "-" not in name
    ]
    for found in made.values():
        found.clear()
    build(tmp_path, after)  # to learn which buckets the change moves
    moved = set(made["digested"]) | set(made["reused"])
    untouched = next(n for n in kept if n[2:-3] not in moved)
    path = tmp_path / "out" / untouched
    data = path.read_bytes()
    with open(path, "r+b") as handle:  # same inode and size
        handle.write(b"/" * len(data))
    os.utime(path, ns=(0, 0))
    for found in made.values():
        found.clear()
    after[4] = Document("harbor rose", "harbor rose again", "", "en")
    fresh(tmp_path / "fresh2", after)
    build(tmp_path, after)
    assert untouched[2:-3] in made["made"]
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh2" / "out")


def test_a_moved_buckets_altered_file_is_not_reused(tmp_path, made):
    """A bucket holding a moved key takes the other keys' entries from its
    files only when they are as recorded."""
    docs = site(20)
    after = list(docs)
    after[2] = Document("ferry closed", "ferry harbor closed", "", "en")
    build(tmp_path, docs)
    build(tmp_path, after)
    build(tmp_path, docs)  # the change undone moves the same keys back
    reused = sorted(name for name in made["reused"] if not name.startswith("r"))
    assert reused
    bucket = reused[0]
    path = tmp_path / "out" / "t" / f"{bucket}.js"
    text = path.read_text()
    # Another key's entry altered in place, size kept: were it taken as
    # the last build's, the output would not be a full build's.
    path.write_text(text.replace(":[", ":[ ", 1)[:-1])
    for found in made.values():
        found.clear()
    build(tmp_path, after)
    assert bucket in made["made"] and bucket not in made["reused"]
    fresh(tmp_path / "fresh", after)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_changed_and_added_articles_write_a_full_builds_files(data):
    """Any articles changed (at most an eighth, so the kept index is
    updated), some added, buckets of few postings (counts that change):
    the same files as a full build."""
    before = data.draw(documents(data.draw(st.integers(8, 24))))
    after = changed_and_added(data, before, 1, 3)
    per_bucket = data.draw(st.sampled_from([1, 2, 300]))
    with pytest.MonkeyPatch.context() as monkeypatch:
        small_buckets(monkeypatch, per_bucket)
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            build(folder, before, size=4)
            names, _ = build(folder, after, size=4)
            assert names == fresh(folder / "fresh", after, size=4)
            assert tree(folder / "out") == tree(folder / "fresh" / "out")

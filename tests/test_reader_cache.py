"""The reader's build cache (article_reader/build_cache.py): an incremental
analysis gives exactly the records of a full one, and never trusts a damaged
or stale entry."""

import logging
import os
import pickle
from collections import Counter

import pytest
from article_reader.analysis import analyse_tree
from article_reader.build_cache import ENTRIES, LOADED, RecordStore, salt_for
from article_reader.line_census import TreeCensus, line_digest
from article_reader.settings import ReaderOptions
from conftest import write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from samizdat_contract.pack import EntryPack

OPTIONS = ReaderOptions(languages=("en", "ko"), max_file_bytes=1_000_000)
CHROME = ["Accessibility links", "Breaking News"]
BLOCK = [
    "  \u2022 16x9 Image",
    "    Ledger Radio",
    "    Ledger Radio is an invented broadcaster used in these tests.",
]


def article(number: int, words: str = "residents said") -> str:
    """A bare scraped page: navigation, headline, paragraphs, publisher block."""
    title = f"Headline number {number} about the river market"
    paragraphs = [
        f"Paragraph {k} of article {number}: the {words} that the water rose "
        f"again near the market on day {k + number}, officials confirmed."
        for k in range(4)
    ]
    return "\n\n".join([*CHROME, title, *paragraphs, *BLOCK]) + "\n"


def analyse(root, store=None):
    files = sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )
    return analyse_tree(str(root), files, OPTIONS, [], store)


def store_in(folder, reads=True) -> RecordStore:
    return RecordStore(folder, salt_for(OPTIONS), reads=reads)


def as_bytes(records) -> dict[str, bytes]:
    return {path: pickle.dumps(record) for path, record in records.items()}


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "articles"
    write_files(root, {f"{n:03d}.txt": article(n) for n in range(6)})
    return root


def test_a_second_build_reuses_every_record(tree, tmp_path):
    first = store_in(tmp_path / "cache")
    full = analyse(tree, first)
    first.prune()
    again = store_in(tmp_path / "cache")
    reused = analyse(tree, again)
    assert as_bytes(reused) == as_bytes(full)
    assert again.stats["pages reused"] == 6 and again.stats["files reused"] == 6
    assert again.stats["pages analysed"] == 0
    # Two entries per input file, in one pack: one read each in a build that
    # reuses it (the bodies, the other, only for a page analysed again),
    # and no file per entry.
    keys = EntryPack(tmp_path / "cache", ENTRIES).entries
    assert len(keys) == 12 and sum(key.endswith(LOADED) for key in keys) == 6
    assert not list((tmp_path / "cache").rglob("*/*/*"))


def test_a_crawl_is_one_entry_with_every_page(tmp_path):
    """A WARC's pages share its file's entry, the capture that loses to a
    newer one of its URL included; a second build reads and analyses none."""
    from crawls import NEW, OLD, SITE, article_html, story, write_warc

    root = tmp_path / "articles"
    root.mkdir()
    pages = [
        ("response", f"{SITE}/news/{n}", "200 OK", "text/html", html, date)
        for n, date in ((1, OLD), (2, OLD), (1, NEW))
        for html in [article_html(f"Story {n} {date}", story(n)).encode()]
    ]
    write_warc(root / "crawl.warc.gz", pages)
    first = store_in(tmp_path / "cache")
    full = analyse(root, first)
    first.prune()
    again = store_in(tmp_path / "cache")
    assert as_bytes(analyse(root, again)) == as_bytes(full)
    assert again.stats["files reused"] == 1 and again.stats["pages reused"] == 2
    assert again.stats["pages analysed"] == 0
    assert len(EntryPack(tmp_path / "cache", ENTRIES).entries) == 2


@pytest.mark.parametrize(
    "change",
    ["add", "change", "remove", "touch", "chrome stops recurring"],
)
def test_incremental_records_equal_a_full_analysis(tree, tmp_path, change):
    store = store_in(tmp_path / "cache")
    analyse(tree, store)
    store.prune()
    if change == "add":  # counts of the chrome lines move: 6 -> 9
        write_files(tree, {f"new/{n}.txt": article(n) for n in range(100, 103)})
    elif change == "change":
        write_files(tree, {"001.txt": article(1, "reporters wrote")})
    elif change == "remove":  # 6 -> 5 files hold the chrome
        (tree / "002.txt").unlink()
    elif change == "touch":  # the date of a bare file is its mtime
        os.utime(tree / "003.txt", (1_700_000_000, 1_700_000_000))
    else:  # 2 files left: below CHROME_MIN_FILES, so the chrome is kept
        for name in ("000", "001", "002", "003"):
            (tree / f"{name}.txt").unlink()
    incremental = store_in(tmp_path / "cache")
    got = analyse(tree, incremental)
    expected = analyse(tree, store_in(tmp_path / "fresh", reads=False))
    assert as_bytes(got) == as_bytes(expected)
    # Each page whose lines' answers changed is analysed again, no other.
    again = 2 if change == "chrome stops recurring" else 3 if change == "add" else 1
    assert incremental.stats["pages analysed"] == (0 if change == "remove" else again)


def test_moved_counts_rewrite_the_removed_lines_reason(tree, tmp_path):
    store = store_in(tmp_path / "cache")
    before = analyse(tree, store)["000.txt"]
    assert any("recurs verbatim in 6 files" in r.reason for r in before.removed)
    write_files(tree, {"007.txt": article(7)})
    again = store_in(tmp_path / "cache")
    after = analyse(tree, again)["000.txt"]
    assert any("recurs verbatim in 7 files" in r.reason for r in after.removed)
    assert not any("in 6 files" in r.reason for r in after.removed)
    assert again.stats["pages recounted"] == 6


def test_a_damaged_entry_is_a_miss_and_a_warning(tree, tmp_path, caplog):
    store = store_in(tmp_path / "cache")
    full = analyse(tree, store)
    pack = EntryPack(tmp_path / "cache", ENTRIES)
    offset, length = pack.entries[min(pack.entries)]
    data = bytearray((tmp_path / "cache" / pack.data_name).read_bytes())
    data[offset + length - 1] ^= 1
    (tmp_path / "cache" / pack.data_name).write_bytes(bytes(data))
    (tmp_path / "cache" / "census").write_bytes(b"not a cache entry")
    caplog.set_level(logging.WARNING)
    again = store_in(tmp_path / "cache")
    assert as_bytes(analyse(tree, again)) == as_bytes(full)
    assert again.stats["pages analysed"] == 1
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "damaged (checksum)" in warned and "census" in warned


def damage_entry(folder, key: str) -> None:
    pack = EntryPack(folder, ENTRIES)
    offset, length = pack.entries[key]
    data = bytearray((folder / pack.data_name).read_bytes())
    data[offset + length - 1] ^= 1
    (folder / pack.data_name).write_bytes(bytes(data))


@pytest.mark.parametrize("bodies", ["damaged", "not indexed", "census damaged"])
def test_a_page_analysed_again_gets_its_body_or_its_file_is_read(
    tree, tmp_path, caplog, bodies
):
    """A reused file's entry has no bodies; a page analysed again (here:
    its chrome stops recurring) takes its body from the bodies entry, or,
    that entry damaged or gone, from its file; the same records either way."""
    store = store_in(tmp_path / "cache")
    analyse(tree, store)
    store.prune()
    cache = tmp_path / "cache"
    keys = sorted(EntryPack(cache, ENTRIES).entries)
    if bodies == "damaged":
        for key in keys:
            if key.endswith(LOADED):
                damage_entry(cache, key)
    elif bodies == "not indexed":
        pack = EntryPack(cache, ENTRIES)
        pack.save({key for key in keys if not key.endswith(LOADED)})
        pack.close()
    else:  # the census counted afresh needs every page's body
        (cache / "census").write_bytes(b"not a cache entry")
    for name in ("000", "001", "002", "003"):  # 2 files left: chrome kept
        (tree / f"{name}.txt").unlink()
    caplog.set_level(logging.WARNING)
    again = store_in(cache)
    got = analyse(tree, again)
    expected = analyse(tree, store_in(tmp_path / "fresh", reads=False))
    assert as_bytes(got) == as_bytes(expected)
    assert again.stats["pages analysed"] == 2
    if bodies == "damaged":  # and written again, whole
        assert "damaged (checksum)" in caplog.text
        assert again.stats["files reused"] == 2
        again.prune()  # the removed files' entries go
        pack = EntryPack(cache, ENTRIES)
        assert all(pack.get(key) for key in pack.entries if key.endswith(LOADED))
    elif bodies == "not indexed":  # the file is loaded again, as a new one
        assert again.stats["files read"] == 2 and not again.stats["files reused"]
    # The next build reuses what this one kept: the bodies again whole.
    third = store_in(cache)
    assert as_bytes(analyse(tree, third)) == as_bytes(expected)
    assert third.stats["pages reused"] == 2 and not third.stats["pages analysed"]


def test_full_builds_read_nothing_but_write_the_cache(tree, tmp_path):
    analyse(tree, store_in(tmp_path / "cache"))
    full = store_in(tmp_path / "cache", reads=False)
    analyse(tree, full)
    assert full.stats["pages analysed"] == 6 and not full.stats["pages reused"]
    assert store_in(tmp_path / "cache").census().counts


def test_other_options_are_other_entries(tree, tmp_path):
    analyse(tree, store_in(tmp_path / "cache"))
    other = ReaderOptions(languages=("en",), chrome_min_files=4)
    store = RecordStore(tmp_path / "cache", salt_for(other))
    analyse_tree(str(tree), sorted(os.listdir(tree)), other, [], store)
    assert store.stats["files read"] == 6 and not store.stats["files reused"]


def test_prune_removes_entries_of_files_that_left(tree, tmp_path):
    store = store_in(tmp_path / "cache")
    analyse(tree, store)
    store.prune()
    count = len(EntryPack(tmp_path / "cache", ENTRIES).entries)
    (tree / "004.txt").unlink()
    # Entries of an earlier version's kinds are never read, and go too.
    write_files(tmp_path / "cache" / "loaded", {"ab/abc": "x"})
    write_files(tmp_path / "cache" / "files", {"ab/abd": "x"})
    again = store_in(tmp_path / "cache")
    analyse(tree, again)
    assert again.prune() == 4  # the left file's two entries, the old entries
    assert len(EntryPack(tmp_path / "cache", ENTRIES).entries) == count - 2
    assert not (tmp_path / "cache" / "loaded").exists()
    assert not (tmp_path / "cache" / "files").exists()


@pytest.mark.parametrize(
    ("before", "after", "counts"),
    [
        ({"a": ["x", "y"], "b": ["x"]}, {"a": ["x", "y"]}, {"x": 1, "y": 1}),
        ({"a": ["x"]}, {"a": ["x"], "b": ["x", "z"]}, {"x": 2, "z": 1}),
        ({"a": ["x"], "b": ["x"]}, {}, {}),
    ],
)
def test_census_updates_equal_a_census_counted_afresh(before, after, counts):
    def pages(spec, key):
        return {
            path: (key(path), lambda lines=lines: frozenset(map(line_digest, lines)))
            for path, lines in spec.items()
        }

    census = TreeCensus()
    census.update(pages(before, lambda path: "old"))
    census.update(pages(after, lambda path: "new" if path == "b" else "old"))
    assert census.counts == Counter({line_digest(k): v for k, v in counts.items()})


def test_a_settled_unchanged_file_is_not_read_again_for_its_key(
    tree, tmp_path, monkeypatch
):
    """Stamps (status and digest) spare reading unchanged files; a file
    rewritten, even to the same size, is read again, and so is one that had
    changed just before the build that stamped it."""
    from article_reader import file_keys

    read = []
    digest = file_keys.content_digest
    monkeypatch.setattr(
        file_keys,
        "content_digest",
        lambda root, relative: read.append(relative) or digest(root, relative),
    )

    def build_at(nanoseconds: int):
        monkeypatch.setattr(file_keys.time, "time_ns", lambda: nanoseconds)
        read.clear()
        return analyse(tree, store_in(tmp_path / "cache"))

    later = file_keys.time.time_ns() + 10 * file_keys.STAMP_SETTLED_NS
    build_at(later)  # every file settled when stamped
    assert build_at(later) and read == []
    write_files(tree, {"001.txt": article(1, "residents SAID")})  # same size
    got = build_at(later)
    assert set(read) == {"001.txt"}
    expected = analyse(tree, store_in(tmp_path / "fresh", reads=False))
    assert as_bytes(got) == as_bytes(expected)
    # Stamped by a build that started within STAMP_SETTLED_NS of 002.txt's
    # change: the next build reads it again, and only it.
    write_files(tree, {"002.txt": article(2, "residents SAID")})
    changed = os.stat(tree / "002.txt").st_ctime_ns
    build_at(changed + file_keys.STAMP_SETTLED_NS - 1)
    build_at(later)
    assert read == ["002.txt"]


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["change", "remove", "add", "damage", "drop census"]),
        st.integers(min_value=0, max_value=7),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=15, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=3))
def test_builds_after_any_edits_equal_a_full_analysis(tmp_path_factory, builds):
    """Builds after edits of files, entries damaged (bodies or records) and
    the census lost: each build's records are a full analysis's."""
    root = tmp_path_factory.mktemp("tree")
    cache = root.parent / f"{root.name}-cache"
    write_files(root, {f"{n:03d}.txt": article(n) for n in range(5)})
    store = store_in(cache)
    analyse(root, store)
    store.prune()
    for number, edits in enumerate(builds):
        for edit, which in edits:
            name = root / f"{which:03d}.txt"
            if edit == "change":
                write_files(root, {name.name: article(which, f"edit {number}")})
            elif edit == "remove":
                name.unlink(missing_ok=True)
            elif edit == "add":
                write_files(root, {name.name: article(which)})
            elif edit == "damage" and cache.is_dir():
                keys = sorted(EntryPack(cache, ENTRIES).entries)
                if keys:
                    damage_entry(cache, keys[which % len(keys)])
            elif edit == "drop census":
                (cache / "census").unlink(missing_ok=True)
        store = store_in(cache)
        got = analyse(root, store)
        store.prune()
        expected = analyse(root, store_in(root.parent / f"{root.name}-fresh", False))
        assert as_bytes(got) == as_bytes(expected)

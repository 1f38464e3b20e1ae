"""site_search/doc_record.py: the d/ files of the last build kept when their
search records have the same digest and the files their recorded stamps;
the writer's files always those of a full build (records changed, added,
removed; a file altered in place; a record missing or of another shape).
Fast: the writer on small generated sites, no Pelican build."""

import os
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samizdat_contract.cache import read_sealed, write_sealed
from site_search import doc_record
from site_search.doc_record import DocFiles
from site_search.index import Document, build_index, pack
from site_search.site_index import Caches
from site_search.writer import write_files
from test_search_buckets import tree

FIELDS = st.text(st.characters(codec="utf-8"), max_size=12)


def site(count: int) -> list[Document]:
    return [Document(f"title {n}", f"body {n} river", "", "en") for n in range(count)]


def metas(count: int, seed: str = "") -> list[dict]:
    return [
        {
            "t": f"title {n}",
            "u": f"{seed}{n}.html",
            "i": "2026-01-01",
            "s": "",
            "l": "en",
            "r": "ltr",
            "x": f"body {n} river",
        }
        for n in range(count)
    ]


def write(folder: Path, records: list[dict], read: bool = True) -> list[str]:
    """The writer of a site of len(records) documents (caches under
    folder/cache, files under folder/out): the names of its files."""
    caches = Caches.for_settings(
        {"CACHE_PATH": str(folder / "cache"), "LOAD_CONTENT_CACHE": read}
    )
    docs = site(len(records))
    names = [caches.postings.name(document) for document in docs]
    index = build_index(docs, cache=caches.postings)
    task = (str(folder / "out"), pack(index), records, 8, names, caches.buckets)
    return write_files(task)


@pytest.fixture
def made(monkeypatch):
    """The documents whose d/ text the writer makes."""
    found = []
    real = doc_record.doc_text

    def counting(number, meta):
        found.append(number)
        return real(number, meta)

    monkeypatch.setattr(doc_record, "doc_text", counting)
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_changed_records_write_a_full_builds_files(data):
    """Any records changed in any field, some added or removed: the
    files of a full build, and only the changed documents' made again."""
    count = data.draw(st.integers(1, 12))
    before = metas(count)
    after = [dict(meta) for meta in before[: data.draw(st.integers(1, count))]]
    after += metas(data.draw(st.integers(count, count + 3)))[len(after) :]
    changed = data.draw(st.lists(st.integers(0, len(after) - 1), unique=True))
    for number in changed:
        field = data.draw(st.sampled_from(sorted(after[number])))
        # A language names a file (l/<lang>.js): one of the site's.
        values = st.sampled_from(["en", "ru", "vi"]) if field == "l" else FIELDS
        after[number][field] = data.draw(values)
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as f:
        folder, found = Path(f), []
        real = doc_record.doc_text
        patch.setattr(
            doc_record, "doc_text", lambda n, m: found.append(n) or real(n, m)
        )
        write(folder, before)
        found.clear()
        names = write(folder, after)
        moved = {n for n in range(len(after)) if n >= count or after[n] != before[n]}
        assert set(found) == moved
        assert names == write(folder / "fresh", after, read=False)
        assert tree(folder / "out") == tree(folder / "fresh" / "out")


def test_unchanged_records_keep_their_files(tmp_path, made):
    records = metas(6)
    write(tmp_path, records)
    before = os.stat(tmp_path / "out" / "d" / "4.js")
    made.clear()
    write(tmp_path, records)
    assert made == []
    after = os.stat(tmp_path / "out" / "d" / "4.js")
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_kept_file_altered_in_place_is_made_again(tmp_path, made):
    records = metas(6)
    write(tmp_path, records)
    path = tmp_path / "out" / "d" / "3.js"
    data = path.read_bytes()
    with open(path, "r+b") as handle:  # same inode and size
        handle.write(b"/" * len(data))
    os.utime(path, ns=(0, 0))
    made.clear()
    write(tmp_path, records)
    assert made == [3]
    assert path.read_bytes() == data


def test_a_removed_file_is_written_again(tmp_path, made):
    records = metas(6)
    write(tmp_path, records)
    path = tmp_path / "out" / "d" / "2.js"
    data = path.read_bytes()
    path.unlink()
    made.clear()
    write(tmp_path, records)
    assert made == [2]
    assert path.read_bytes() == data


def _shortened(record):
    digests, stamps = record
    return digests[:-1], stamps


def _short_stamps(record):
    digests, stamps = record
    return digests, stamps[:-3]


@pytest.mark.parametrize(
    "damage",
    [
        lambda record: None,
        lambda record: "d",
        _shortened,
        _short_stamps,
        lambda record: (record[0], list(record[1])),
    ],
    ids=["missing", "not a record", "digests cut", "stamps cut", "other type"],
)
def test_a_record_of_another_shape_is_never_trusted(tmp_path, made, damage):
    records = metas(5)
    write(tmp_path, records)
    path = tmp_path / "cache" / "site_search" / "buckets"
    version, salt, record = pickle.loads(read_sealed(path))
    record["d"] = damage(record["d"])
    write_sealed(path, pickle.dumps((version, salt, record)))
    os.utime(tmp_path / "out" / "d" / "1.js", ns=(0, 0))  # made, and written
    made.clear()
    write(tmp_path, records)
    assert made == list(range(5))
    write(tmp_path / "fresh", records, read=False)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh" / "out")


def test_the_record_holds_each_written_files_stamp(tmp_path):
    folder = tmp_path / "out"
    (folder / "d").mkdir(parents=True)
    docs = DocFiles(folder, None)
    for name, text in docs.texts(metas(3)):
        (folder / name).write_text(text)
    digests, stamps = docs.record()
    assert len(digests) == 3 * doc_record.DIGEST_BYTES
    found = os.stat(folder / "d" / "1.js")
    assert tuple(stamps[3:6]) == (found.st_size, found.st_mtime_ns, found.st_ino)

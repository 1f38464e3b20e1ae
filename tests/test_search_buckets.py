"""site_search/bucket_cache.py: a search segment whose documents did not
change is not made again, and what is left in the output is what a fresh
writer would write. Fast: small generated indexes, no Pelican build."""

import hashlib
import logging
import os
from array import array
from dataclasses import replace

import pytest
from samizdat_contract.cache import read_sealed, write_sealed
from site_search import bucket_cache, export, writer
from site_search.bucket_cache import BucketCache
from site_search.index import WEIGHT_TYPECODE, build_index, pack
from site_search.writer import write_files
from test_search_packed import documents, metas_of

SIZE = 16  # documents a segment: 40 documents are 32 in the main one


def tree(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*.js"))
    }


@pytest.fixture
def made(monkeypatch):
    """The buckets whose files the writer makes, by name."""
    names = []
    bucket_files = export._bucket_files

    def counting(prefix, keys):
        names.append(prefix)
        return bucket_files(prefix, keys)

    monkeypatch.setattr(export, "_bucket_files", counting)
    return names


def names_of(docs) -> list[str]:
    """Stand-ins for the postings cache's names: one per document's fields."""
    return [hashlib.sha256(repr(doc).encode()).hexdigest() for doc in docs]


def write(folder, docs, kept, size=SIZE):
    index = pack(build_index(docs))
    return write_files((str(folder), index, metas_of(docs), size, names_of(docs), kept))


def cache(tmp_path, read=True, salt="code"):
    return BucketCache(str(tmp_path / "cache" / "buckets"), read, salt)


def main_made(names) -> list[str]:
    return [name for name in names if not name.startswith("r")]


def test_an_unchanged_index_makes_no_bucket_again(tmp_path, made):
    docs = documents(40)
    first = write(tmp_path / "out", docs, cache(tmp_path))
    assert main_made(made) and len(main_made(made)) < len(made)
    made.clear()
    again = write(tmp_path / "out", docs, cache(tmp_path))
    assert made == [] and again == first


@pytest.mark.parametrize(
    ("before", "after", "main_again"),
    [
        (40, 45, False),  # added within the recent segment
        (40, 48, True),  # the count reaches a multiple of SIZE
        (40, 60, True),  # and passes it
    ],
)
def test_added_documents_remake_the_recent_segment_and_match_a_fresh_writer(
    tmp_path, made, before, after, main_again
):
    docs = documents(after)
    write(tmp_path / "out", docs[:before], cache(tmp_path))
    made.clear()
    names = write(tmp_path / "out", docs, cache(tmp_path))
    assert any(name.startswith("r") for name in made)
    assert bool(main_made(made)) == main_again
    made.clear()
    fresh = write(tmp_path / "fresh", docs, None)
    assert names == fresh
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_a_changed_document_in_the_main_segment_remakes_it(tmp_path, made):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    main_buckets = len(main_made(made))
    changed = [*docs[:3], replace(docs[3], body="harvest rice harvest"), *docs[4:]]
    made.clear()
    names = write(tmp_path / "out", changed, cache(tmp_path))
    # Only the main segment's buckets whose postings changed.
    assert 0 < len(main_made(made)) < main_buckets
    assert names == write(tmp_path / "fresh", changed, None)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_an_altered_or_missing_output_file_is_made_again(tmp_path, made):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    reference = tree(tmp_path / "out")
    shards = sorted((tmp_path / "out" / "t").glob("[0-9]*.js"))
    shards[0].write_text("window.PWNED = 1;\n")
    shards[1].unlink()
    made.clear()
    write(tmp_path / "out", docs, cache(tmp_path))
    assert len(made) == 2  # their buckets, and no other
    assert tree(tmp_path / "out") == reference


@pytest.mark.parametrize(
    "kept",
    [
        pytest.param({"read": False}, id="full build reads nothing"),
        pytest.param({"salt": "other code"}, id="other code"),
    ],
)
def test_a_full_build_or_other_code_makes_every_bucket(tmp_path, made, kept):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    count = len(made)
    made.clear()
    write(tmp_path / "out", docs, cache(tmp_path, **kept))
    assert len(made) == count


@pytest.mark.parametrize(("size", "main_again"), [(32, False), (8, True)])
def test_another_segment_size_remakes_what_moved(tmp_path, made, size, main_again):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    made.clear()
    names = write(tmp_path / "out", docs, cache(tmp_path), size=size)
    # 32 documents in the main segment with either size 16 or 32.
    assert bool(main_made(made)) == main_again
    assert names == write(tmp_path / "fresh", docs, None, size=size)
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_a_damaged_record_is_a_warning_and_every_bucket_made(tmp_path, made, caplog):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    count = len(made)
    record = tmp_path / "cache" / "buckets"
    data = bytearray(record.read_bytes())
    data[-1] ^= 0xFF
    record.write_bytes(bytes(data))
    made.clear()
    with caplog.at_level(logging.WARNING):
        write(tmp_path / "out", docs, cache(tmp_path))
    assert len(made) == count
    assert "damaged" in caplog.text


def _as(form: str, values: list[int], typecode: str):
    if form == "list":
        return values
    held = array(typecode, values)
    return held if form == "array" else memoryview(held)


@pytest.mark.parametrize("form", ["list", "array", "memoryview"])
@pytest.mark.parametrize(
    "change",
    [
        None,
        lambda keys: keys["word"][0].__setitem__(1, 9),  # an id
        lambda keys: keys["word"][1].__setitem__(0, 8),  # a weight
        lambda keys: keys.__setitem__("word", (*keys["word"][:2], True)),
        lambda keys: keys.__setitem__("other", ([1], [1], False)),
    ],
)
def test_inputs_digest_sees_every_input_whatever_holds_the_postings(form, change):
    def keys_in(holder: str) -> dict:
        return {
            key: (_as(holder, ids, "I"), _as(holder, weights, WEIGHT_TYPECODE), exact)
            for key, (ids, weights, exact) in plain.items()
        }

    plain = {"word": ([1, 4, 7], [3, 2, 1], False), "1234": ([2], [5], False)}
    reference = bucket_cache.inputs_digest("a", {"a": 4}, keys_in("list"))
    assert bucket_cache.inputs_digest("a", {"a": 4}, keys_in(form)) == reference
    if change is not None:
        change(plain)
        assert bucket_cache.inputs_digest("a", {"a": 4}, keys_in(form)) != reference
    assert bucket_cache.inputs_digest("a", {"a": 5}, keys_in(form)) != reference


def _rewritten_in_place(path):
    """The same inode and size, other bytes, a later modification time."""
    data = path.read_bytes()
    stamp = os.stat(path)
    with open(path, "r+b") as handle:
        handle.write(bytes([data[0] ^ 1]))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1))


def _replaced(path):
    """Other bytes by rename: another inode."""
    spare = path.with_name("spare.tmp")
    spare.write_bytes(path.read_bytes())
    os.replace(spare, path)


@pytest.mark.parametrize(
    ("alter", "stale"),
    [
        pytest.param(lambda path: None, False, id="as written"),
        pytest.param(lambda path: os.utime(path, ns=(0, 0)), True, id="touched"),
        pytest.param(_rewritten_in_place, True, id="rewritten in place"),
        pytest.param(_replaced, True, id="replaced"),
        pytest.param(os.unlink, True, id="removed"),
    ],
)
def test_stale_files_are_those_not_as_recorded(tmp_path, alter, stale):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    record = cache(tmp_path).load()
    shards = sorted((tmp_path / "out" / "t").glob("[0-9]*.js"))
    alter(shards[0])
    found = bucket_cache.stale_files(tmp_path / "out", record)
    assert found == ({"t/" + shards[0].name} if stale else set())


def test_a_file_recorded_without_its_stamp_is_stale(tmp_path):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    record = cache(tmp_path).load()
    digest, buckets, made = record[""]
    name = min(made)
    files = dict.fromkeys(made[name][1])  # written, never stamped
    record[""] = (digest, buckets, {**made, name: (made[name][0], files)})
    assert bucket_cache.stale_files(tmp_path / "out", record) == set(files)


def test_files_checked_from_another_record_are_checked_again(tmp_path, made):
    """The writer's worker checks the output's files before its task comes
    and reads the record again with it: if the record's file is not the
    one checked from, the check is not trusted."""
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    reference = tree(tmp_path / "out")
    last = writer.LastBuild(str(tmp_path / "out"), *writer._record(cache(tmp_path)))
    shard = sorted((tmp_path / "out" / "t").glob("[0-9]*.js"))[0]
    shard.write_text("window.PWNED = 1;\n")  # after the check
    path = tmp_path / "cache" / "buckets"
    write_sealed(path, read_sealed(path))  # the same record, another file
    made.clear()
    index = pack(build_index(docs))
    task = (str(tmp_path / "out"), index, metas_of(docs), SIZE, names_of(docs))
    write_files((*task, cache(tmp_path)), last)
    assert made  # the altered shard's bucket, found by checking again
    assert tree(tmp_path / "out") == reference

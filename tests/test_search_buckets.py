"""site_search/bucket_cache.py: buckets whose postings did not change are
not made again, and what is left in the output is what a fresh writer
would write. Fast: small generated indexes, no Pelican build."""

import logging

import pytest
from site_search import export
from site_search.bucket_cache import BucketCache
from site_search.export import write_files
from site_search.index import build_index, pack
from test_search_packed import documents, metas_of


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

    def counting(prefix, keys, aliases):
        names.append(prefix)
        return bucket_files(prefix, keys, aliases)

    monkeypatch.setattr(export, "_bucket_files", counting)
    return names


def write(folder, docs, kept):
    return write_files((str(folder), pack(build_index(docs)), metas_of(docs), kept))


def cache(tmp_path, read=True, salt="code"):
    return BucketCache(str(tmp_path / "cache" / "buckets"), read, salt)


def test_an_unchanged_index_makes_no_bucket_again(tmp_path, made):
    docs = documents(40)
    first = write(tmp_path / "out", docs, cache(tmp_path))
    assert made
    made.clear()
    again = write(tmp_path / "out", docs, cache(tmp_path))
    assert made == [] and again == first


def test_added_documents_remake_only_their_buckets_and_match_a_fresh_writer(
    tmp_path, made
):
    docs = documents(60)
    write(tmp_path / "out", docs[:50], cache(tmp_path))
    made.clear()
    names = write(tmp_path / "out", docs, cache(tmp_path))
    remade = len(made)
    made.clear()
    fresh = write(tmp_path / "fresh", docs, None)
    assert 0 < remade < len(made)  # some buckets skipped, not all
    assert names == fresh
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_an_altered_or_missing_output_file_is_made_again(tmp_path, made):
    docs = documents(40)
    write(tmp_path / "out", docs, cache(tmp_path))
    reference = tree(tmp_path / "out")
    shards = sorted((tmp_path / "out" / "t").glob("*.js"))
    shards[0].write_text("window.PWNED = 1;\n")
    shards[1].unlink()
    made.clear()
    write(tmp_path / "out", docs, cache(tmp_path))
    assert len(made) == 2
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

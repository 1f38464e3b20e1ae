"""py3langid's model kept decompressed in the build cache (model_cache.py)."""

import logging

import pytest
from article_reader import model_cache
from py3langid.langid import MODEL_FILE, LanguageIdentifier

TEXTS = [
    "North Korea kept the invasion of Ukraine secret from most of its citizens.",
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites.",
    "Правительство объявило во вторник о новой пенсионной реформе.",
    "دولت روز سه‌شنبه از اصلاحات جدید بازنشستگی خبر داد.",
    "",
]


@pytest.fixture(scope="module")
def packaged():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture
def kept(tmp_path):
    yield tmp_path
    model_cache.keep_model_in(None, False)


def test_the_cached_model_answers_as_the_packaged_one(kept, packaged):
    model_cache.keep_model_in(kept, reads=True)
    first = model_cache.load_identifier()  # decompressed and written
    (written,) = kept.glob("langid-*")
    again = model_cache.load_identifier()  # read back from the cache
    for text in TEXTS:
        assert first.rank(text) == packaged.rank(text)
        assert again.rank(text) == packaged.rank(text)
    assert first.labels == again.labels == packaged.labels
    assert list(kept.glob("langid-*")) == [written]


def test_a_damaged_model_file_is_a_miss_and_a_warning(kept, packaged, caplog):
    model_cache.keep_model_in(kept, reads=True)
    model_cache.load_identifier()
    (written,) = kept.glob("langid-*")
    data = bytearray(written.read_bytes())
    data[len(data) // 2] ^= 0xFF
    written.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        identifier = model_cache.load_identifier()
    assert "damaged" in caplog.text
    assert identifier.rank(TEXTS[1]) == packaged.rank(TEXTS[1])
    assert model_cache.load_identifier().rank(TEXTS[2]) == packaged.rank(TEXTS[2])


def test_a_build_that_reads_no_cache_writes_the_model_but_never_reads_it(
    kept, monkeypatch
):
    model_cache.keep_model_in(kept, reads=False)
    model_cache.load_identifier()
    (written,) = kept.glob("langid-*")
    written.write_bytes(b"not a cache entry")
    read = []
    monkeypatch.setattr(
        model_cache.cache, "read_sealed", lambda path: read.append(path)
    )
    model_cache.load_identifier()
    assert read == []
    assert written.read_bytes() != b"not a cache entry"


def test_another_model_file_replaces_the_kept_one(kept):
    model_cache.keep_model_in(kept, reads=True)
    (kept / "langid-0123").write_bytes(b"an earlier model's arrays")
    model_cache.load_identifier()
    assert [path.name for path in kept.glob("langid-*")] != ["langid-0123"]
    assert len(list(kept.glob("langid-*"))) == 1

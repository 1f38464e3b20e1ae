"""py3langid's model kept decompressed in the build cache (model_cache.py)."""

import io
import logging
import zipfile

import numpy
import pytest
from article_reader import model_cache
from article_reader.model_cache import ModelCache, load_identifier
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from samizdat_contract import cache

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


def answers(identifier) -> list:
    return [identifier.rank(text) for text in TEXTS]


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    numpy.savez(buffer, **arrays)
    return buffer.getvalue()


def test_the_cached_model_answers_as_the_packaged_one(tmp_path, packaged):
    kept = ModelCache(tmp_path, reads=True)
    first = load_identifier(kept)  # decompressed and written
    (written,) = tmp_path.glob("langid-*")
    again = load_identifier(kept)  # read back from the cache
    assert answers(first) == answers(again) == answers(packaged)
    assert first.labels == again.labels == packaged.labels
    assert list(tmp_path.glob("langid-*")) == [written]


def test_nowhere_to_keep_it_is_the_packaged_model(tmp_path, packaged):
    assert answers(load_identifier(model_cache.NOT_KEPT)) == answers(packaged)


def test_a_damaged_model_file_is_a_miss_a_warning_and_rebuilt(
    tmp_path, packaged, caplog
):
    kept = ModelCache(tmp_path, reads=True)
    load_identifier(kept)
    (written,) = tmp_path.glob("langid-*")
    data = bytearray(written.read_bytes())
    data[len(data) // 2] ^= 0xFF
    written.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        identifier = load_identifier(kept)
    assert "damaged" in caplog.text
    assert answers(identifier) == answers(packaged)
    assert cache.read_sealed(written) is not None  # written whole again
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert answers(load_identifier(kept)) == answers(packaged)
    assert caplog.text == ""


def _truncated_zip() -> bytes:
    whole = npz(ptc=numpy.zeros(4))
    return whole[: len(whole) // 2]


def _one_entry_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ptc.npy", b"not an array")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"not the model's arrays", id="not-npz"),
        pytest.param(b"PK\x03\x04" + b"\0" * 64, id="zip-header-only"),
        pytest.param(_truncated_zip(), id="truncated-zip"),
        pytest.param(_one_entry_zip(), id="entry-not-an-array"),
        pytest.param(npz(ptc=numpy.zeros(4)), id="arrays-missing"),
        pytest.param(
            npz(
                **{
                    name: numpy.zeros(4, dtype=numpy.uint8)
                    for name in model_cache.ARRAYS
                }
            ),
            id="arrays-of-another-type",
        ),
    ],
)
def test_a_sealed_file_that_is_not_the_model_is_never_trusted(
    tmp_path, packaged, caplog, payload
):
    """Sealed, so its checksum holds, but not the arrays this code reads
    (written by other code under the same name): a warning, the packaged
    model's answers, and the file written again from the package."""
    kept = ModelCache(tmp_path, reads=True)
    load_identifier(kept)
    (written,) = tmp_path.glob("langid-*")
    cache.write_sealed(written, payload)
    with caplog.at_level(logging.WARNING):
        identifier = load_identifier(kept)
    assert "cannot be used" in caplog.text
    assert answers(identifier) == answers(packaged)
    assert cache.read_sealed(written) != payload
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert answers(load_identifier(kept)) == answers(packaged)
    assert caplog.text == ""


def test_a_build_that_reads_no_cache_writes_the_model_but_never_reads_it(
    tmp_path, monkeypatch
):
    kept = ModelCache(tmp_path, reads=False)
    load_identifier(kept)
    (written,) = tmp_path.glob("langid-*")
    written.write_bytes(b"not a cache entry")
    read = []
    monkeypatch.setattr(
        model_cache.cache, "read_sealed", lambda path: read.append(path)
    )
    load_identifier(kept)
    assert read == []
    assert written.read_bytes() != b"not a cache entry"


def test_another_model_file_replaces_the_kept_one(tmp_path):
    (tmp_path / "langid-0123").write_bytes(b"an earlier model's arrays")
    load_identifier(ModelCache(tmp_path, reads=True))
    assert [path.name for path in tmp_path.glob("langid-*")] != ["langid-0123"]
    assert len(list(tmp_path.glob("langid-*"))) == 1


def test_the_reader_keeps_the_model_in_its_cache_folder(tmp_path):
    from article_reader.build_cache import RecordStore

    store = RecordStore(tmp_path / "cache", "salt", reads=True)
    assert store.model_cache == ModelCache(tmp_path / "cache", reads=True)
    full = RecordStore(tmp_path / "cache", "salt", reads=False)
    assert full.model_cache == ModelCache(tmp_path / "cache", reads=False)
    assert RecordStore(None, "salt").model_cache == model_cache.NOT_KEPT


def test_a_tree_analysis_loads_the_model_from_its_stores_folder(tmp_path, monkeypatch):
    """The folder reaches identify() through the analysis: with no model
    loaded yet in the process, the first identification writes it there."""
    from article_reader import identify
    from article_reader.analysis import analyse_tree
    from article_reader.build_cache import RecordStore, salt_for
    from article_reader.settings import ReaderOptions

    monkeypatch.setattr(identify, "_LOADED", [])
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "note.txt").write_text(
        "Une réforme des retraites annoncée mardi\n\n"
        + TEXTS[1]
        + " Les syndicats ont appelé à une grève générale jeudi prochain.\n",
        encoding="utf-8",
    )
    options = ReaderOptions()
    store = RecordStore(tmp_path / "cache", salt_for(options))
    records = analyse_tree(str(tmp_path / "content"), ["note.txt"], options, [], store)
    assert records["note.txt"].lang == "fr"
    assert len(list((tmp_path / "cache").glob("langid-*"))) == 1
    assert len(identify._LOADED) == 1

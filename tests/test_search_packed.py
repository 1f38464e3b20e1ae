"""The search index's packed form and the writer's bucket-by-bucket output.

Fast: pure functions on small generated indexes, no build.
"""

import zlib
from array import array
from collections import defaultdict
from itertools import pairwise
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from site_search import export
from site_search.chunks import FIRST_CHUNK, bucket_count
from site_search.export import (
    PAIR_MIN_POSTINGS,
    _bucket_files,
    _merged,
    doc_files,
    language_files,
    shard_files,
    shard_name,
    shard_texts,
    write_files,
)
from site_search.index import (
    PAIR_SEPARATOR,
    Document,
    Postings,
    SearchIndex,
    _analyse,
    build_index,
    pack,
    unpack,
)
from site_search.related import is_term

WORDS = ["flood", "rice", "harvest", "police", "chờ", "nhà", "báo", "공무원"]


def documents(count: int) -> list[Document]:
    return [
        Document(
            f"{WORDS[n % 8]} {WORDS[n * 3 % 8]} {n}",
            " ".join(WORDS[(n * k + k // 2) % 8] for k in range(n % 17 + 3)),
            ["Mekong Wire", "Delta Radio"][n % 2],
            ["en", "vi", "ko"][n % 3],
        )
        for n in range(count)
    ]


@st.composite
def key_sets(draw) -> list[str]:
    """Distinct keys as an index holds them: words, and pairs of them."""
    words = draw(st.lists(st.text("abcờ", min_size=1, max_size=3), unique=True))
    pairs = []
    if words:
        pairs = draw(st.lists(st.tuples(*[st.sampled_from(words)] * 2), unique=True))
    return words + [PAIR_SEPARATOR.join(pair) for pair in pairs]


@st.composite
def postings_maps(draw) -> dict[str, list[int]]:
    ids = st.lists(st.integers(0, 50), min_size=1, max_size=5, unique=True)
    return {key: sorted(draw(ids)) for key in draw(key_sets())}


def key_order(key: str):
    """Keys' number order: words, then pairs (by their words)."""
    return PAIR_SEPARATOR in key, key


@given(postings_maps())
def test_packed_postings_hold_every_key_and_nothing_else(found):
    plain = {
        key: (array("I", ids), array("I", [doc + 1 for doc in ids]))
        for key, ids in found.items()
    }
    packed = unpack([pack(SearchIndex(plain, {}, 51))], 51).postings
    assert isinstance(packed, Postings)
    assert dict(packed.items()) == plain
    assert list(packed) == sorted(plain, key=key_order)
    for key, (ids, _) in plain.items():
        assert key in packed
        assert packed.length(key) == len(ids)
    for missing in ("zz", "", "a" * 7, 3, "a zz", "zz a", "a a a", " a"):
        assert missing not in packed


def test_ranges_joined_equal_one_range():
    docs = documents(40)
    whole = unpack([_analyse(docs, 0, None)], 40)
    for cuts in ([0, 20, 40], [0, 7, 8, 33, 40], [0, 0, 40]):
        parts = [_analyse(docs[a:b], a, None) for a, b in pairwise(cuts)]
        assert unpack(parts, 40) == whole
    assert whole == build_index(docs)


def all_at_once(index: SearchIndex) -> dict[str, str]:
    """The t/ files as the writer made them before it went bucket by
    bucket: every key's postings grouped first, then every file."""
    postings = index.postings
    terms = [key for key in postings if PAIR_SEPARATOR not in key]
    held = {key for key in terms if postings.length(key) >= PAIR_MIN_POSTINGS}
    pairs = [
        key
        for key in postings
        if PAIR_SEPARATOR in key and held.issuperset(key.split(PAIR_SEPARATOR))
    ]

    def heads(keys):
        return sum(min(FIRST_CHUNK, postings.length(key)) for key in keys)

    buckets = {"t": bucket_count(heads(terms)), "q": bucket_count(heads(pairs))}
    grouped = {str(n): {} for n in range(buckets["t"])}
    grouped.update({f"q{n}": {} for n in range(buckets["q"])})
    for key in terms:
        grouped[shard_name(key, buckets)][key] = (*postings[key], not is_term(key))
    for key in pairs:
        digest = export.zlib.crc32(key.encode())
        bucket, hashed = grouped[f"q{digest % buckets['q']}"], format(digest, "x")
        found = postings[key]
        if hashed in bucket:
            found = _merged(bucket[hashed], found)
        bucket[hashed] = (*found, False)
    aliases = defaultdict(dict)
    for form, stem in index.aliases.items():
        aliases[shard_name(form, buckets)][form] = stem
    return {
        f"t/{file}.js": text
        for name, keys in grouped.items()
        for file, text in _bucket_files(name, keys, aliases.get(name)).items()
    }


def test_bucket_by_bucket_gives_the_files_of_all_at_once(monkeypatch):
    # A CRC-32 of 8 values: pairs share lists, as a few do among millions.
    narrow = SimpleNamespace(crc32=lambda data: zlib.crc32(data) % 8)
    monkeypatch.setattr(export, "zlib", narrow)
    index = build_index(documents(120))
    files = shard_files(index)
    assert {name: text for name, text in files.items() if name.startswith("t/")} == (
        all_at_once(index)
    )
    assert {"meta.js", "rules.js"} <= set(files)
    # More pairs than hashes: some lists were merged.
    assert sum(PAIR_SEPARATOR in key for key in index.postings) > 8
    assert any('"0":[' in text for name, text in files.items() if "/q" in name)


def test_shard_texts_finish_a_bucket_before_the_next():
    index = build_index(documents(60))
    seen, current = [], None
    for name, _ in shard_texts(pack(index), index.count):
        bucket = name.split("/")[-1].split("-")[0].removesuffix(".js")
        if bucket != current:
            assert bucket not in seen  # a bucket's files come together
            seen.append(bucket)
            current = bucket


def metas_of(docs) -> list[dict]:
    """The records the generator gives the writer, for generated documents."""
    return [
        {
            "t": d.title,
            "u": f"{n}.html",
            "i": "2026-01-01",
            "s": d.source,
            "l": d.lang,
            "r": "ltr",
            "x": d.body,
        }
        for n, d in enumerate(docs)
    ]


def test_the_writer_writes_each_file_once_and_removes_stale_ones(tmp_path):
    docs = documents(30)
    index = build_index(docs)
    metas = metas_of(docs)
    stale = tmp_path / "t" / "9999.js"
    stale.parent.mkdir()
    stale.write_text("old")
    names = write_files((str(tmp_path), pack(index), metas, None))
    expected = {**shard_files(index), **doc_files(metas), **language_files(metas)}
    expected["meta.js"] += export._script("meta", "languages", ["en", "ko", "vi"])
    assert names == sorted(expected)
    written = {
        str(path.relative_to(tmp_path)): path.read_text("utf-8")
        for path in tmp_path.rglob("*.js")
    }
    assert written == expected
    assert not stale.exists()

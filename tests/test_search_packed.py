"""The search index's packed form and the writer's bucket-by-bucket output.

Fast: pure functions on small generated indexes, no build.
"""

import io
import pickle
from array import array
from bisect import bisect_left
from itertools import pairwise
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from site_search import bucket_keys, export, workers
from site_search.bucket_keys import PAIR_MIN_POSTINGS
from site_search.chunks import FIRST_CHUNK, bucket_count
from site_search.export import (
    alias_texts,
    segment_start,
    shard_name,
    shard_texts,
)
from site_search.index import (
    PAIR_SEPARATOR,
    Document,
    Postings,
    SearchIndex,
    _analyse,
    build_index,
    pack,
    posting_starts,
    unpack,
)
from site_search.related import is_term
from site_search.shard_text import _bucket_files, _merged, doc_files, language_files
from site_search.writer import write_files, writer_task

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
    whole = unpack([_analyse(docs, range(40), None)], 40)
    for cuts in ([0, 20, 40], [0, 7, 8, 33, 40], [0, 0, 40]):
        parts = [_analyse(docs[a:b], range(a, b), None) for a, b in pairwise(cuts)]
        assert unpack(parts, 40) == whole
    assert whole == build_index(docs)


def all_at_once(index: SearchIndex, low: int, high: int, prefix: str) -> dict[str, str]:
    """One segment's files (its documents low..high-1, bucket names after
    `prefix`) as the writer made them before it went bucket by bucket and
    segment by segment: every key's postings grouped first, then every
    file. Pairs are of words held twice among the documents before `high`."""
    segment = {}
    for key, (ids, weights) in index.postings.items():
        kept = [n for n, doc in enumerate(ids) if low <= doc < high]
        if kept:
            segment[key] = ([ids[n] for n in kept], [weights[n] for n in kept])
    terms = [key for key in segment if PAIR_SEPARATOR not in key]
    held = {
        key
        for key, (ids, _) in index.postings.items()
        if sum(doc < high for doc in ids) >= PAIR_MIN_POSTINGS
    }
    pairs = [
        key
        for key in segment
        if PAIR_SEPARATOR in key and held.issuperset(key.split(PAIR_SEPARATOR))
    ]

    def heads(keys):
        return sum(min(FIRST_CHUNK, len(segment[key][0])) for key in keys)

    buckets = {"t": bucket_count(heads(terms)), "q": bucket_count(heads(pairs))}
    grouped = {f"{prefix}{n}": {} for n in range(buckets["t"])}
    grouped.update({f"{prefix}q{n}": {} for n in range(buckets["q"])})
    for key in terms:
        grouped[prefix + shard_name(key, buckets)][key] = (
            *segment[key],
            not is_term(key),
        )
    for key in pairs:
        number, hashed = bucket_keys.pair_file(key, buckets["q"])
        name = f"{prefix}q{number}"
        bucket, found = grouped[name], segment[key]
        if hashed in bucket:
            found = _merged(bucket[hashed], found)
        bucket[hashed] = (*found, False)
    folder = "r" if prefix else "t"
    return {
        f"{folder}/{file[len(prefix) :]}.js": text
        for name, keys in grouped.items()
        for file, text in _bucket_files(name, keys).items()
    }


@pytest.mark.parametrize("size", [16, 50, 120, 2048])
def test_bucket_by_bucket_gives_the_files_of_all_at_once(monkeypatch, size):
    # A pair's CRC-32 cut to 8 values: pairs share lists, as a few do among
    # millions. Cut where it is made (the words' CRCs it is made from must
    # be zlib's: bucket_keys._pair_crcs relies on CRC-32 being linear).
    crcs, pair_file = bucket_keys._pair_crcs, bucket_keys.pair_file

    def narrow_file(key: str, count: int) -> tuple[int, str]:
        digest = int(pair_file(key, count)[1], 16) % 8
        return digest % count, format(digest, "x")

    monkeypatch.setattr(bucket_keys, "_pair_crcs", lambda *args: crcs(*args) % 8)
    monkeypatch.setattr(bucket_keys, "pair_file", narrow_file)
    index = build_index(documents(120))
    first = segment_start(120, size)
    files = dict(shard_texts(pack(index), index.count, size))
    expected = {
        **all_at_once(index, 0, first, ""),
        **all_at_once(index, first, 120, "r"),
    }
    assert {
        name: text
        for name, text in files.items()
        if name.startswith(("t/", "r/")) and not name.startswith("t/a")
    } == expected
    aliases = {name: text for name, text in files.items() if name.startswith("t/a")}
    assert aliases == dict(alias_texts(index.aliases)[1])
    assert all(f'"{form}":' in "".join(aliases.values()) for form in index.aliases)
    assert {"meta.js", "rules.js"} <= set(files)
    # More pairs than hashes: some lists were merged.
    assert sum(PAIR_SEPARATOR in key for key in index.postings) > 8
    assert any('"0":[' in text for name, text in files.items() if "/q" in name)


def test_the_main_segment_depends_on_its_documents_only():
    docs = documents(120)
    longer = dict(shard_texts(pack(build_index(docs)), 120, 50))
    shorter = dict(shard_texts(pack(build_index(docs[:100])), 100, 50))
    main = {name: text for name, text in longer.items() if name.startswith("t/")}
    main = {name: text for name, text in main.items() if not name.startswith("t/a")}
    assert main and all(shorter[name] == text for name, text in main.items())


def test_shard_texts_finish_a_bucket_before_the_next():
    index = build_index(documents(60))
    seen, current = [], None
    for name, _ in shard_texts(pack(index), index.count, 16):
        bucket = name.split("-")[0].removesuffix(".js")  # "t/3", "r/q2"
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


def _as_a_worker_gets_it(task, folder):
    """The task pickled for a worker process (workers.Job) and read back:
    every array in a file of its own, the Later parts left unread."""
    folder.mkdir()
    sent = io.BytesIO()
    workers._dump(task, sent, str(folder))
    return pickle.loads(sent.getvalue())


@pytest.mark.parametrize("crossing", ["in place", "to a worker"])
def test_the_writer_writes_each_file_once_and_removes_stale_ones(
    tmp_path, monkeypatch, crossing
):
    docs = documents(30)
    index = build_index(docs)
    metas = metas_of(docs)
    site = tmp_path / "site"
    stale = site / "t" / "9999.js"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    task = writer_task(str(site), index, metas, 16, [str(n) for n in range(30)], None)
    if crossing == "to a worker":
        monkeypatch.setattr(workers, "ARRAY_FILE_BYTES", 1)
        task = _as_a_worker_gets_it(task, tmp_path / "job")
        assert all(isinstance(part.value, workers.StoredValue) for part in task[1:3])
    names = write_files(task)
    expected = {
        **dict(shard_texts(pack(index), index.count, 16)),
        **doc_files(metas),
        **language_files(metas),
    }
    expected["meta.js"] += export._script("meta", "languages", ["en", "ko", "vi"])
    assert names == sorted(expected)
    written = {
        str(path.relative_to(site)): path.read_text("utf-8")
        for path in site.rglob("*.js")
    }
    assert written == expected
    assert not stale.exists()


def test_the_writer_is_not_given_the_aliases_provenance():
    index = build_index(documents(30))
    assert index.alias_docs  # the index cache keeps them
    packed = workers.loaded(writer_task("out", index, [], 16, [], None)[1])
    assert packed.alias_docs == {} and packed.aliases == index.aliases
    assert workers.loaded(packed.ids) == pack(index).ids


@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.integers(1, 300),
    st.integers(1, 30),
)
def test_a_weight_never_outgrows_its_byte(words, body_repeats, title_repeats):
    """A word repeated in every field gets the largest weights there are:
    they stay within MAX_WEIGHT, which the packed arrays' type holds."""
    from site_search.index import (
        MAX_WEIGHT,
        WEIGHT_TYPECODE,
        _Analyser,
        document_weights,
    )

    word = words[0]
    document = Document(
        " ".join([word] * title_repeats),
        " ".join(words * body_repeats),
        word,
        "en",
    )
    weights = document_weights(document, _Analyser())
    assert max(weights.values()) <= MAX_WEIGHT
    assert 1 << 8 * array(WEIGHT_TYPECODE).itemsize > MAX_WEIGHT
    packed = _analyse([document], [0], None)
    assert packed.weights.typecode == WEIGHT_TYPECODE
    assert sorted(packed.weights) == sorted(weights.values())


@given(
    st.lists(st.lists(st.integers(0, 60), unique=True), max_size=40),
    st.integers(0, 62),
    st.sampled_from([1, 3, 1 << 22]),
)
def test_splits_are_where_each_keys_later_documents_begin(lists, first, block):
    """_splits() (numpy, about SPLIT_POSTINGS postings at a time) against
    a bisect a key, over keys with no postings, blocks of one key and
    more, ids all below or above `first`; from an array and from a
    mapped view."""
    lists = [sorted(ids) for ids in lists]
    ids = array("I", [doc for found in lists for doc in found])
    counts = array("I", map(len, lists))
    starts = posting_starts(counts)
    expected = array(
        "I",
        (
            bisect_left(ids, first, start, start + n)
            for start, n in zip(starts, counts, strict=True)
        ),
    )
    packed = SimpleNamespace(ids=ids, counts=counts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "SPLIT_POSTINGS", block)
        assert export._splits(packed, starts, first) == expected
        packed.ids = memoryview(ids)  # as a worker maps them
        assert export._splits(packed, starts, first) == expected

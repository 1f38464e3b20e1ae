"""site_search/bucket_keys.py's numpy passes (segment_heads, grouped) give
exactly what the former C loops of map and compress gave: the same bucket
counts, the same arrays (typecode "I"), the same buckets in the same
order, each key's CRC-32 the one zlib gives its text. The former code is
kept below as the oracle (FORMER_*).

Fast: pure functions on generated indexes, no build.
"""

import operator
import random as random_module
import zlib
from array import array
from itertools import compress, repeat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_search import bucket_keys
from site_search.bucket_keys import (
    PAIR_MIN_POSTINGS,
    bucket_names,
    grouped,
    pair_file,
    segment_heads,
)
from site_search.chunks import FIRST_CHUNK, bucket_count, bucket_of
from site_search.keys import PAIR_SEPARATOR, Keys, pair_halves
from site_search.postings import Packed

# --- The oracle: bucket_keys.py's segment_heads and grouped as they were
# before numpy (C loops of map and compress), trimmed of comments.

_SEPARATOR = PAIR_SEPARATOR.encode()


def former_pair_crcs(terms, codes):
    encoded = [word.encode() for word in terms.words]
    heads = array("I", map(zlib.crc32, repeat(_SEPARATOR), map(zlib.crc32, encoded)))
    first, second = pair_halves(codes)
    return map(
        zlib.crc32, map(encoded.__getitem__, second), map(heads.__getitem__, first)
    )


def former_segment_heads(packed, lows, highs, pair_counts):
    terms = packed.terms
    counts = array("I", map(operator.sub, highs, lows))
    words = len(terms.words)
    term_numbers = array("I", compress(range(words), counts[:words]))
    in_segment = counts[words:]
    pair_numbers = array("I", compress(range(words, len(terms)), in_segment))
    codes = array("Q", compress(terms.pairs, in_segment))
    held = bytes(map(PAIR_MIN_POSTINGS.__le__, pair_counts))
    first, second = pair_halves(codes)
    kept = bytes(
        map(operator.and_, map(held.__getitem__, first), map(held.__getitem__, second))
    )
    del first, second
    pair_codes = array("Q", compress(codes, kept))
    pair_numbers = array("I", compress(pair_numbers, kept))

    def heads(numbers):
        return sum(map(min, repeat(FIRST_CHUNK), map(counts.__getitem__, numbers)))

    buckets = {
        "t": bucket_count(heads(term_numbers)),
        "q": bucket_count(heads(pair_numbers)),
    }
    crcs = array("I", former_pair_crcs(terms, pair_codes))
    return buckets, term_numbers, pair_numbers, crcs


def former_grouped(packed, heads, prefix, wanted=None):
    buckets, term_numbers, pair_numbers, crcs = heads
    words = packed.terms.words
    term_buckets = array(
        "I", map(bucket_of, map(words.__getitem__, term_numbers), repeat(buckets["t"]))
    )
    pair_buckets = array("I", map(operator.mod, crcs, repeat(buckets["q"])))
    members = {}
    for kind, numbers, found, hashes in (
        ("", term_numbers, term_buckets, None),
        ("q", pair_numbers, pair_buckets, crcs),
    ):
        names = [f"{prefix}{kind}{n}" for n in range(buckets[kind or "t"])]
        lists = [array("I") for _ in names]
        hash_lists = [array("I") for _ in names] if hashes is not None else None
        rows = (
            zip(numbers, found, strict=True)
            if hashes is None
            else zip(numbers, found, hashes, strict=True)
        )
        if wanted is not None:
            places = {n for n, name in enumerate(names) if name in wanted}
            rows = compress(rows, map(places.__contains__, found))
            names = [name if n in places else "" for n, name in enumerate(names)]
        if hash_lists is None:
            for number, bucket in rows:
                lists[bucket].append(number)
        else:
            for number, bucket, crc in rows:
                lists[bucket].append(number)
                hash_lists[bucket].append(crc)
        for bucket, name in enumerate(names):
            if name:
                members[name] = (lists[bucket], hash_lists and hash_lists[bucket])
    return members


# --- Indexes to compare them on.


def index_of(words, pairs, spans, pair_counts):
    """(Packed, lows, highs, pair_counts) of distinct `words`, `pairs`
    (of them, as (first, second) strings), each key's postings in the
    segment (low, count) taken from `spans` in key number order (cycled),
    and each word's count from `pair_counts` (cycled)."""
    keys = Keys.of([*words, *(a + PAIR_SEPARATOR + b for a, b in pairs)])
    size = len(keys)
    spans = spans or [(0, 0)]
    lows = array("I", (spans[n % len(spans)][0] for n in range(size)))
    highs = array("I", (low + spans[n % len(spans)][1] for n, low in enumerate(lows)))
    pair_counts = pair_counts or [0]
    counts = array("I", (pair_counts[n % len(pair_counts)] for n in range(len(words))))
    packed = Packed(keys, array("I", bytes(4 * size)), array("I"), array("B"), {})
    return packed, lows, highs, counts


def same(found, expected) -> None:
    """Equal values of equal types, arrays of equal typecodes."""
    assert type(found) is type(expected)
    if isinstance(expected, array):
        assert found.typecode == expected.typecode
        assert found == expected
    elif isinstance(expected, tuple):
        assert len(found) == len(expected)
        for one, other in zip(found, expected, strict=True):
            same(one, other)
    elif isinstance(expected, dict):
        assert list(found) == list(expected)  # same keys, same order
        for name in expected:
            same(found[name], expected[name])
    else:
        assert found == expected


def check(packed, lows, highs, pair_counts, prefix, wanted_sets) -> None:
    heads = segment_heads(packed, lows, highs, pair_counts)
    expected = former_segment_heads(packed, lows, highs, pair_counts)
    same(heads, expected)
    for wanted in (None, *wanted_sets):
        found = grouped(packed, heads, prefix, wanted)
        same(found, former_grouped(packed, expected, prefix, wanted))
        for numbers, crcs in found.values():
            assert list(numbers) == sorted(numbers)
            if crcs is not None:  # each pair's CRC: its text's, as zlib gives it
                texts = (packed.terms[number].encode() for number in numbers)
                assert list(crcs) == [zlib.crc32(text) for text in texts]
    # A pair's bucket and name are those pair_file gives its text.
    whole = grouped(packed, heads, prefix)
    for name, (numbers, crcs) in whole.items():
        if crcs is not None:
            for number, crc in zip(numbers, crcs, strict=True):
                bucket, hashed = pair_file(packed.terms[number], heads[0]["q"])
                assert (f"{prefix}q{bucket}", hashed) == (name, format(crc, "x"))


# Latin, Vietnamese and Korean letters (one to three bytes in UTF-8), Thai
# (unspaced: its bucket is its first character's); words up to 40 long, so
# pairs' second words of many byte lengths.
WORD = st.text("abcờnhà공무원ไทย", min_size=1, max_size=40)


@st.composite
def indexes(draw):
    words = draw(st.lists(WORD, unique=True, max_size=25))
    pairs = []
    if words:
        pair = st.tuples(st.sampled_from(words), st.sampled_from(words))
        pairs = draw(st.lists(pair, unique=True, max_size=60))
    spans = draw(
        st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 2 * FIRST_CHUNK)))
    )
    pair_counts = draw(st.lists(st.integers(0, PAIR_MIN_POSTINGS + 1)))
    return index_of(words, pairs, spans, pair_counts)


@settings(deadline=None)
@given(indexes(), st.sampled_from(["", "r"]), st.data())
def test_numpy_passes_give_what_the_former_loops_gave(index, prefix, data):
    names = st.sampled_from([f"{prefix}{n}" for n in range(20)] + [f"{prefix}q3"])
    absent = ["nope", f"{prefix}99", f"{prefix}q99", "rq1" if not prefix else "q1"]
    wanted = data.draw(st.sets(names | st.sampled_from(absent), max_size=8))
    check(*index, prefix, [wanted, set(), set(absent)])


@pytest.mark.parametrize("seed", range(4))
def test_larger_indexes_with_more_buckets(seed, monkeypatch):
    """Hundreds of buckets of each kind (the counts grow with the head
    postings), hundreds of words of random lengths, thousands of pairs;
    their CRCs made in blocks of a few hundred pairs (a block boundary
    anywhere but at the ends)."""
    monkeypatch.setattr(bucket_keys, "PAIRS_A_BLOCK", 97 + 200 * seed)
    rng = random_module.Random(seed)
    letters = "abcdefghờnhà공무원ไทย"
    words = sorted(
        {"".join(rng.choices(letters, k=rng.randint(1, 30))) for _ in range(800)}
    )
    pairs = {(rng.choice(words), rng.choice(words)) for _ in range(20000)}
    spans = [(rng.randint(0, 10**6), rng.choice([0, 1, 5, 40, 300])) for _ in range(97)]
    pair_counts = [rng.choice([0, 1, 2, 9]) for _ in range(89)]
    index = index_of(words, sorted(pairs), spans, pair_counts)
    buckets = segment_heads(*index)[0]
    assert buckets["t"] > 16 and buckets["q"] >= 256
    names = bucket_names(buckets, "")
    check(*index, "", [set(rng.sample(names, 40)), {"r3", "q1", "7"}])


def test_an_empty_segment_gives_every_bucket_empty():
    words, pairs = ["flood", "rice", "nhà"], [("flood", "rice"), ("nhà", "rice")]
    index = index_of(words, pairs, [(7, 0)], [5])
    heads = segment_heads(*index)
    same(heads, ({"t": 16, "q": 16}, array("I"), array("I"), array("I")))
    members = grouped(index[0], heads, "r")
    assert list(members) == bucket_names(heads[0], "r")
    assert all(
        not numbers and crcs == array("I")
        for numbers, crcs in members.values()
        if crcs is not None
    )
    check(*index, "r", [{"r1", "rq2"}, set()])


def test_an_empty_index():
    check(*index_of([], [], [], []), "", [{"0", "q0"}, set()])


def test_a_segment_of_words_only():
    index = index_of(["flood", "rice", "harvest"], [], [(3, 2), (9, 40)], [3])
    check(*index, "", [{"0", "q1"}, {"nope"}])


def test_every_pair_dropped_when_its_words_are_held_too_rarely():
    words = ["flood", "rice", "harvest", "공무원"]
    pairs = [(a, b) for a in words for b in words]
    index = index_of(words, pairs, [(3, 2), (9, 40)], [PAIR_MIN_POSTINGS - 1, 0])
    heads = segment_heads(*index)
    assert len(heads[1]) == len(words) and not heads[2] and not heads[3]
    check(*index, "", [{"q0", "q5", "3"}])


def test_a_pair_is_kept_only_when_both_its_words_are_held_twice():
    words = ["a", "b", "c"]  # held 2, 1, 2 times
    pairs = [("a", "b"), ("a", "c"), ("b", "a"), ("c", "a"), ("c", "c")]
    index = index_of(words, pairs, [(0, 1)], [2, 1, 2])
    packed = index[0]
    kept = [packed.terms[n] for n in segment_heads(*index)[2]]
    assert kept == ["a c", "c a", "c c"]
    check(*index, "r", [])

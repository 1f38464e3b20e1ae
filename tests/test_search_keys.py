"""Numbered index keys (site_search.keys): pairs held as their words'
numbers give back the strings they stand for.

Fast: pure functions on generated key sets.
"""

import heapq
from array import array
from bisect import bisect_left
from itertools import chain, groupby, repeat

from hypothesis import given
from hypothesis import strategies as st
from site_search.bucket_keys import _pairs_of
from site_search.keys import (
    PAIR_SEPARATOR,
    PAIR_SHIFT,
    Keys,
    KeyUnion,
    joined,
    numbered,
    pair_codes,
    pair_halves,
)
from test_search_packed import key_order, key_sets


@given(key_sets(), st.randoms(use_true_random=False))
def test_numbered_keys_round_trip(keys, random):
    random.shuffle(keys)
    found = dict(zip(keys, range(len(keys)), strict=True))
    numbered_keys, rank = numbered(found)
    assert not found  # emptied: its strings are not kept
    assert list(numbered_keys) == sorted(keys, key=key_order)
    assert len(numbered_keys) == len(keys)
    for old, key in enumerate(keys):
        assert numbered_keys[rank[old]] == key
        assert numbered_keys.number(key) == rank[old]
        assert numbered_keys.is_pair(rank[old]) == (PAIR_SEPARATOR in key)
    assert Keys.of(keys) == numbered_keys


@given(key_sets())
def test_keys_not_held_are_key_errors(keys):
    held = Keys.of(keys)
    for missing in ("zz", "zz zz", "a zz", "zz a", "a a a", "", " a", "a "):
        if missing not in keys:
            try:
                held.number(missing)
            except KeyError:
                continue
            raise AssertionError(f"{missing!r} found")


@given(st.lists(key_sets(), min_size=1, max_size=4))
def test_joined_keys_are_the_union_and_map_each_part(parts):
    held = [Keys.of(keys) for keys in parts]
    union, numbers = joined(held)
    expected = sorted(set().union(*parts), key=key_order)
    assert list(union) == expected
    for part, found in zip(held, numbers, strict=True):
        assert [union[number] for number in found] == list(part)


def joined_all_at_once(parts: list[Keys]) -> tuple[Keys, list[array]]:
    """keys.joined() as it was before KeyUnion: every part's words sorted
    together, each part's pairs renumbered, then merged."""
    words = [w for w, _ in groupby(sorted(chain.from_iterable(p.words for p in parts)))]
    word_numbers, codes = [], []
    for part in parts:
        new = array("I", map(bisect_left, repeat(words), part.words))
        word_numbers.append(new)
        codes.append(
            array("Q", (new[c >> 32] << 32 | new[c & 0xFFFFFFFF] for c in part.pairs))
        )
    pairs = array("Q", (code for code, _ in groupby(heapq.merge(*codes))))
    numbers = []
    for new, part_codes in zip(word_numbers, codes, strict=True):
        new.extend(map(len(words).__add__, map(bisect_left, repeat(pairs), part_codes)))
        numbers.append(new)
    return Keys(words, pairs), numbers


@given(st.lists(key_sets(), max_size=6))
def test_parts_added_one_at_a_time_join_as_all_at_once(parts):
    held = [Keys.of(keys) for keys in parts]
    union = KeyUnion()
    for part in held:
        union.add(part)
    assert union.joined() == joined_all_at_once(held)


@given(key_sets(), st.randoms(use_true_random=False))
def test_keys_without_those_of_no_postings(keys, random):
    """Keys.without() keeps the keys of a count other than zero; a pair's
    words are always among them, as in an index (a pair held by an article
    means its words are)."""
    held = Keys.of(keys)
    dropped = {key for key in keys if random.random() < 0.3}
    # A dropped word takes its pairs with it.
    dropped |= {
        key
        for key in keys
        if PAIR_SEPARATOR in key and set(key.split(PAIR_SEPARATOR)) & dropped
    }
    counts = array("I", (0 if key in dropped else 1 for key in held))
    assert list(held.without(counts)) == [key for key in held if key not in dropped]
    assert held.without(counts) == Keys.of([key for key in keys if key not in dropped])


PAIR_CODES = st.sets(
    st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=60
).map(lambda found: array("Q", sorted(a << PAIR_SHIFT | b for a, b in found)))


@given(PAIR_CODES)
def test_pair_halves_are_the_codes_words(codes):
    first, second = pair_halves(codes)
    assert list(first) == [code >> PAIR_SHIFT for code in codes]
    assert list(second) == [code & ((1 << PAIR_SHIFT) - 1) for code in codes]
    assert pair_codes(first, second) == codes


@given(PAIR_CODES, st.sets(st.integers(0, 40), max_size=6))
def test_pairs_of_words_are_those_either_word_begins_or_ends(codes, numbers):
    expected = {
        place
        for place, code in enumerate(codes)
        if code >> PAIR_SHIFT in numbers or code & ((1 << PAIR_SHIFT) - 1) in numbers
    }
    assert _pairs_of(codes, numbers, 41) == expected

"""Numbered index keys (site_search.keys): pairs held as their words'
numbers give back the strings they stand for.

Fast: pure functions on generated key sets.
"""

from hypothesis import given
from hypothesis import strategies as st
from site_search.keys import PAIR_SEPARATOR, Keys, joined, numbered
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

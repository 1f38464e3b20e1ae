"""A few documents' postings spliced into a large packed index.

The kept index of a build that changed or added a few articles is joined
with their postings (index_update.py, index_cache.extended). Joined as
build_index joins its ranges (postings.unpack: every key of both parts
into a keys.KeyUnion, then each key's postings copied part after part),
that was a Python step a key of the kept index: at 20,000 articles of a
realistic vocabulary (3 million keys) about a sixth of a build that
changed 10 of them. Here the kept arrays are copied in runs between the
few places where a new key or posting goes in (C copies), and only the
small part's keys and postings are looked at one by one: its words are
found among the kept ones by bisection, its pairs' codes renumbered into
the kept words' numbers, and each of its postings placed in its key's
list by bisection, so that every list stays in id order whatever the ids
(a changed article's keep their place among the others). A word the
kept index does not hold renumbers every kept pair (still in C loops).

The result equals unpack() of the two as consecutive ranges, and, where
the small part's ids fall among the kept ones, what unpack() then
index_update's merge gave (tests/test_search_splice.py).

Data shapes:
    spliced(kept: Packed, small: Packed) -> Postings   no id held by both
        for one key; both parts' keys sorted (keys.Keys); both parts are
        emptied (their arrays, keys and aliases let go: read the aliases
        first; the kept part's counts and words may be the result's)
"""

import operator
from array import array
from bisect import bisect_left
from itertools import accumulate, chain, repeat

from .keys import PAIR_SHIFT, Keys, pair_codes, pair_halves
from .postings import Packed, Postings, posting_starts

_LOW = (1 << PAIR_SHIFT) - 1


def _inserted(values: array, places: list[int], items: list) -> array:
    """A copy of `values` with `items[k]` put before the item at
    `places[k]` (ascending; len(values) for the end), in runs of C copies
    into an array made at its size."""
    result = array(values.typecode, [0]) * (len(values) + len(items))
    last = written = 0
    with memoryview(values) as source, memoryview(result) as target:
        for place, item in zip(places, items, strict=True):
            end = written + place - last
            target[written:end] = source[last:place]
            result[end] = item
            written, last = end + 1, place
        target[written:] = source[last:]
    return result


def _words(kept: Keys, small: Keys) -> tuple[list[str], array, array | None]:
    """(the words of both, the small part's words' numbers in them, each
    kept word's new number or None where no word is new)."""
    words = kept.words
    places = list(map(bisect_left, repeat(words), small.words))
    new = [
        (place, word)
        for place, word in zip(places, small.words, strict=True)
        if place == len(words) or words[place] != word
    ]
    if not new:
        return words, array("I", places), None
    joined = sorted(chain(words, (word for _, word in new)))  # two runs merged
    # A kept word's new number: its old one plus the new words before it.
    before = array("I", bytes(4 * (len(words) + 1)))
    for place, _ in new:
        before[place] += 1
    moved = array("I", map(operator.add, range(len(words)), accumulate(before)))
    return joined, array("I", map(bisect_left, repeat(joined), small.words)), moved


def _renumbered(codes: array, moved: array) -> array:
    """Pair codes with each word's number replaced by moved[number] (in
    C loops over the kept index's pairs; order kept, since `moved` rises)."""
    first, second = pair_halves(codes)
    return pair_codes(
        array("I", map(moved.__getitem__, first)),
        array("I", map(moved.__getitem__, second)),
    )


def spliced(kept: Packed, small: Packed) -> Postings:
    """The postings of both parts, each key's list in id order."""
    words, word_numbers, moved = _words(kept.terms, small.terms)
    pairs = kept.terms.pairs if moved is None else _renumbered(kept.terms.pairs, moved)
    codes = [
        word_numbers[code >> PAIR_SHIFT] << PAIR_SHIFT | word_numbers[code & _LOW]
        for code in small.terms.pairs
    ]
    # Where each of the small part's keys is, or goes, among the kept ones
    # (kept key numbers, counting words as the joined words).
    pair_places = list(map(bisect_left, repeat(pairs), codes))
    fresh_pairs = [
        (place, code)
        for place, code in zip(pair_places, codes, strict=True)
        if place == len(pairs) or pairs[place] != code
    ]
    joined_pairs = _inserted(
        pairs, [place for place, _ in fresh_pairs], [code for _, code in fresh_pairs]
    )
    del pairs
    keys = Keys(words, joined_pairs)
    # The kept counts in the joined key numbers: new words' and pairs'
    # zeros inserted.
    counts = kept.counts
    if moved is not None:
        held = set(moved)
        fresh_words = [n for n in range(len(words)) if n not in held]
        # The k-th new word goes before the kept word of old number n - k.
        counts = _inserted(
            counts,
            [n - shift for shift, n in enumerate(fresh_words)],
            [0] * len(fresh_words),
        )
    if fresh_pairs:
        counts = _inserted(
            counts,
            [len(words) + place for place, _ in fresh_pairs],
            [0] * len(fresh_pairs),
        )
    # The small part's keys' numbers in the joined keys: words as found,
    # a pair after the kept pairs before it and the new ones before it.
    numbers = list(word_numbers)
    numbers.extend(
        map(len(words).__add__, map(bisect_left, repeat(joined_pairs), codes))
    )
    ids, weights = _spliced_postings(kept, small, counts, numbers)
    for number, length in zip(numbers, small.counts, strict=True):
        counts[number] += length
    # Both parts let go, as unpack lets its parts go: the caller may hold
    # them for the rest of the build (a kept index's ids and weights, 69
    # MiB more at the Pelican process's peak at 20,000 articles).
    for part in (kept, small):
        part.terms = Keys([], array("Q"))
        part.counts, part.ids = array("I"), array("I")
        part.weights = array(weights.typecode)
        part.aliases, part.alias_docs = {}, {}
    return Postings(keys, counts, ids, weights)


def _spliced_postings(
    kept: Packed, small: Packed, counts: array, numbers: list[int]
) -> tuple[array, array]:
    """The kept ids and weights with the small part's put in: key by key
    (`numbers`: the small part's keys' numbers in the joined keys, rising;
    `counts`: the kept part's counts by those numbers), each posting by
    bisection among its key's kept ones."""
    starts = posting_starts(counts)
    old_ids, old_weights = kept.ids, kept.weights
    small_ids, small_weights = small.ids, small.weights
    # Made at their size (grown by appending, their copies on growing
    # were another kept index beside the two: the build's peak).
    total = len(old_ids) + len(small_ids)
    ids = array("I", [0]) * total
    weights = array(old_weights.typecode, [0]) * total
    last = end_small = written = 0
    with (
        memoryview(old_ids) as from_ids,
        memoryview(old_weights) as from_weights,
        memoryview(ids) as to_ids,
        memoryview(weights) as to_weights,
    ):
        for number, length in zip(numbers, small.counts, strict=True):
            start_small, end_small = end_small, end_small + length
            low = starts[number]
            high = low + counts[number]
            for at in range(start_small, end_small):
                doc = small_ids[at]
                cut = bisect_left(old_ids, doc, max(low, last), high)
                if cut > last:  # the kept postings before this one
                    end = written + cut - last
                    to_ids[written:end] = from_ids[last:cut]
                    to_weights[written:end] = from_weights[last:cut]
                    written, last = end, cut
                ids[written] = doc
                weights[written] = small_weights[at]
                written += 1
        to_ids[written:] = from_ids[last:]
        to_weights[written:] = from_weights[last:]
    return ids, weights

"""An index's keys, numbered: words as strings, pairs as two word numbers.

Most keys of a realistic index are pairs of adjacent terms ("nha bao": 87 %
of them at 20,000 articles of bench/search.py's corpus). Held as Python
strings they cost about 60 bytes each beside their 8 bytes of list, in the
process joining the index and in the one writing it. Here a pair is its
two words' numbers packed into one 8-byte integer of an array; its text is
made only where it is written (export.py) or looked up.

Every word of a pair is a key too (analysis keeps each term of a field
beside the pairs it makes), so a pair can always be written as numbers.

Data shapes:
    Keys(words, pairs)
        words: list[str], sorted: terms and exact forms (no separator)
        pairs: array("Q"), sorted: first word's number << 32 | second's
        key number: a word's place in `words`; a pair's place in `pairs`
            plus len(words). keys[number] -> str; iter(keys) -> the strings
            in number order; keys.number(str) -> int, KeyError if not held;
            keys.without(counts) -> Keys of those whose count is not zero
    numbered(found: dict[str, int]) -> (Keys, rank: array("I"))
        for keys numbered 0..n-1 in any order, rank[old number] = key
        number in Keys (empties `found`)
    numbered_codes(words: dict[str, int], pairs: dict[int, int]) -> the
        same, pairs given as codes of their words' old numbers
        (first << PAIR_SHIFT | second) (empties both)
    joined(list of Keys) -> (Keys, [array("I") per part: its key numbers
        in the joined Keys])
    KeyUnion: the same, parts added one at a time (.add(Keys)), then
        .joined()
    pair_halves(codes) -> (first words' numbers, second words' numbers)
    pair_codes(first, second) -> codes: pair_halves' inverse
"""

import heapq
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count, groupby, repeat

PAIR_SEPARATOR = " "
PAIR_SHIFT = _SHIFT = 32
_LOW = (1 << _SHIFT) - 1
# The low half of a pair code (its second word) is its first four bytes
# on a little-endian machine.
_LITTLE = sys.byteorder == "little"


def pair_halves(codes: array) -> tuple[memoryview, memoryview]:
    """(first words' numbers, second words' numbers) of pair codes: views
    of the codes' halves, no copy (C loops read them, where a shift or a
    mask a code was a Python call a pair of millions). `codes` keeps its
    size while they live."""
    with memoryview(codes) as view:
        halves = view.cast("B").cast("I")
    first, second = halves[1::2], halves[0::2]
    return (first, second) if _LITTLE else (second, first)


def pair_codes(first, second) -> array:
    """The pair codes of words' numbers `first` and `second` (arrays or
    views of "I" items; pair_halves' inverse), in C copies."""
    halves = array("I", [0]) * (2 * len(first))
    with memoryview(halves) as view:
        high, low = (view[1::2], view[0::2]) if _LITTLE else (view[0::2], view[1::2])
        high[:], low[:] = first, second
    codes = array("Q")
    with memoryview(halves) as view, view.cast("B") as raw:
        codes.frombytes(raw)
    return codes


@dataclass
class Keys:
    words: list[str]
    pairs: array

    def __len__(self) -> int:
        return len(self.words) + len(self.pairs)

    def is_pair(self, number: int) -> bool:
        return number >= len(self.words)

    def pair_words(self, number: int) -> tuple[int, int]:
        """The numbers of a pair's two words, given the pair's key number."""
        code = self.pairs[number - len(self.words)]
        return code >> _SHIFT, code & _LOW

    def __getitem__(self, number: int) -> str:
        words = self.words
        if number < len(words):
            return words[number]
        first, second = self.pair_words(number)
        return words[first] + PAIR_SEPARATOR + words[second]

    def __iter__(self):
        words = self.words
        return chain(
            words,
            (
                words[code >> _SHIFT] + PAIR_SEPARATOR + words[code & _LOW]
                for code in self.pairs
            ),
        )

    def _word(self, word: str) -> int:
        words = self.words
        number = bisect_left(words, word)
        if number == len(words) or words[number] != word:
            raise KeyError(word)
        return number

    def number(self, key: str) -> int:
        """The key's number; KeyError if it is not held."""
        if PAIR_SEPARATOR not in key:
            return self._word(key)
        first, _, second = key.partition(PAIR_SEPARATOR)
        code = self._word(first) << _SHIFT | self._word(second)
        pairs = self.pairs
        found = bisect_left(pairs, code)
        if found == len(pairs) or pairs[found] != code:
            raise KeyError(key)
        return len(self.words) + found

    def without(self, counts: array) -> "Keys":
        """The keys whose count (by key number) is not zero, numbered
        afresh. A pair's words are held wherever it is: a word dropped
        takes only dropped pairs with it."""
        words = len(self.words)
        kept_words = list(compress(self.words, counts[:words]))
        pairs = compress(self.pairs, counts[words:])
        if len(kept_words) == words:
            return Keys(kept_words, array("Q", pairs))
        # A kept word's new number: how many kept words come before it.
        renumbered = array("I", accumulate(map(bool, counts[:words]), initial=0))
        return Keys(
            kept_words,
            array(
                "Q",
                (
                    renumbered[code >> _SHIFT] << _SHIFT | renumbered[code & _LOW]
                    for code in pairs
                ),
            ),
        )

    @classmethod
    def of(cls, strings) -> "Keys":
        """The Keys of distinct key strings (each pair's words among them)."""
        return numbered(dict(zip(strings, range(len(strings)), strict=True)))[0]


def numbered(found: dict[str, int]) -> tuple[Keys, array]:
    """(Keys, rank) of {key: number}, numbers 0..len - 1: rank[number] is
    the key's number in Keys. Empties `found`."""
    words = {key: number for key, number in found.items() if PAIR_SEPARATOR not in key}
    pairs = {}
    for key, number in found.items():
        if PAIR_SEPARATOR in key:
            first, _, second = key.partition(PAIR_SEPARATOR)
            pairs[words[first] << _SHIFT | words[second]] = number
    found.clear()
    return numbered_codes(words, pairs)


def numbered_codes(words: dict[str, int], pairs: dict[int, int]) -> tuple[Keys, array]:
    """numbered() of words {word: number} and pairs {first word's number
    << PAIR_SHIFT | second's: number}, numbers 0..len - 1 shared by both.
    Empties both dicts before the sort."""
    total = len(words) + len(pairs)
    ordered_words = sorted(words)
    # For a word's old number, its place in ordered_words.
    word_rank = array("I", bytes(4 * total))
    for place, word in enumerate(ordered_words):
        word_rank[words[word]] = place
    # Words sort before pairs: a pair's code is offset by one word number.
    codes = array("Q", bytes(8 * total))
    for number in words.values():
        codes[number] = word_rank[number]
    for code, number in pairs.items():
        codes[number] = (word_rank[code >> _SHIFT] + 1) << _SHIFT | word_rank[
            code & _LOW
        ]
    words.clear()
    pairs.clear()
    del word_rank
    ordered = array("Q", sorted(codes))
    rank = array("I", map(bisect_left, repeat(ordered), codes))
    del codes
    word_count = len(ordered_words)
    pairs_coded = array("Q", map((1 << _SHIFT).__rsub__, ordered[word_count:]))
    return Keys(ordered_words, pairs_coded), rank


def joined(parts: Iterable[Keys]) -> tuple[Keys, list[array]]:
    """The union of several Keys, and each part's key numbers in it."""
    union = KeyUnion()
    for part in parts:
        union.add(part)
    return union.joined()


class KeyUnion:
    """joined(), given the parts one at a time: each part's strings are let
    go once it is added (those of words no earlier part held are kept),
    so that parts read one after another from disk are never all in
    memory, and the strings kept are not scattered among every part's.

    A word gets a number when first seen (`_vocabulary`); a part is kept
    as its words' and pairs' codes in those numbers, renumbered in sorted
    order by joined()."""

    def __init__(self):
        self._vocabulary: dict[str, int] = {}
        # per part: its words' numbers, its pairs' codes, in those numbers
        self._parts: list[tuple[array, array]] = []

    def add(self, part: Keys) -> None:
        vocabulary = self._vocabulary
        if not vocabulary:  # the first part's numbers are its own (in C)
            vocabulary.update(zip(part.words, count()))
            numbers = array("I", range(len(part.words)))
            self._parts.append((numbers, array("Q", part.pairs)))
            return
        new = [word for word in part.words if word not in vocabulary]
        vocabulary.update(zip(new, count(len(vocabulary))))
        del new
        numbers = array("I", map(vocabulary.__getitem__, part.words))
        codes = array(
            "Q",
            (numbers[c >> _SHIFT] << _SHIFT | numbers[c & _LOW] for c in part.pairs),
        )
        self._parts.append((numbers, codes))

    def joined(self, keep=None) -> tuple[Keys, list]:
        """(the union, each part's key numbers in it); empties the union.
        With `keep`, a part's numbers are given to keep(numbers) as soon as
        they are found, and what it returns is listed instead (a
        workers.StoredArray: on a large site every part's numbers together
        are hundreds of MiB)."""
        words = sorted(self._vocabulary)
        rank = array("I", bytes(4 * len(words)))
        for place, word in enumerate(words):
            rank[self._vocabulary[word]] = place
        self._vocabulary.clear()
        # Each part's codes in the sorted words' numbers. A part's words are
        # sorted, so their new numbers rise as their old ones did: its
        # codes stay sorted, ready to merge.
        for numbers, codes in self._parts:
            numbers[:] = array("I", map(rank.__getitem__, numbers))
            codes[:] = array(
                "Q", (rank[c >> _SHIFT] << _SHIFT | rank[c & _LOW] for c in codes)
            )
        del rank
        merged = heapq.merge(*(codes for _, codes in self._parts))
        pairs = array("Q", (code for code, _ in groupby(merged)))
        found = []
        parts, self._parts = self._parts, []
        parts.reverse()
        while parts:  # each part's codes let go once its numbers are found
            numbers, codes = parts.pop()
            numbers.extend(
                map(len(words).__add__, map(bisect_left, repeat(pairs), codes))
            )
            del codes
            found.append(keep(numbers) if keep else numbers)
        return Keys(words, pairs), found

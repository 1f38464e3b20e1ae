"""The search index's postings, packed: one list for every key.

An index holds, for each key (keys.py: words, pairs as two word
numbers), the documents holding it and its weight in each (index.py
computes them). Held as a dict of two small arrays a key, that cost about
340 bytes a key; here they are flat arrays, key after key, and the keys
are numbered: 8 bytes a posting, 8 a pair key, a word's string.

Data shapes:
    SearchIndex(postings, aliases, count)
        postings: Mapping[term, (doc ids, weights)]  array("I") ids,
                  ascending, and array(index.WEIGHT_TYPECODE) weights
                  (one byte each); a Postings once built
        aliases: dict[surface form, stem]         stemmed words only
        count: int                                number of documents
        alias_docs: dict[surface form, (first doc, number of docs)]
                  the documents whose analysis gave the form an alias
                  (the first one's stem is its alias): what
                  index_update.py needs to take a document out
    Packed(terms: keys.Keys, counts, ids, weights, aliases, alias_docs):
        the same, flattened for the trip between processes
    Postings(keys, counts, ids, weights): the Mapping, over those arrays
    posting_starts(counts) -> starts
    joined_provenance(known, found) -> (first doc, number of docs)
    unpack(parts: Iterable[Packed], count, spill=None) -> SearchIndex:
        consecutive document ranges joined, each part read when its turn
        comes (spill: a folder where each part's key numbers wait)
"""

import os
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate

from .keys import Keys, KeyUnion
from .workers import StoredArray, loaded


@dataclass
class SearchIndex:
    postings: Mapping[str, tuple[array, array]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    count: int = 0
    alias_docs: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Packed:
    """Postings flattened for the trip between processes: the keys
    (keys.Keys: words, pairs as numbers) and three flat arrays (postings
    per key, then all doc ids, all weights, key after key, in key number
    order) pickle in milliseconds, where a dict of 100,000 small arrays
    takes most of a second each way."""

    terms: Keys
    counts: array
    ids: array  # or a workers.StoredArray, between a worker and unpack()
    weights: array
    aliases: dict[str, str]
    alias_docs: dict[str, tuple[int, int]] = field(default_factory=dict)


class Postings(Mapping):
    """{key: (doc ids, weights)} held as one packed list of postings.

    A dict of two small arrays a key cost about 340 bytes a key before its
    postings (the key, a tuple, two arrays and their buffers); most keys
    are pairs held by one article, so at 20,000 articles of a realistic
    vocabulary that was most of the build's memory. A dict {key: number}
    still cost about 80 bytes a key beside the key's string (its slot and
    an int object); here the keys are numbered (keys.Keys, found by
    bisection): a word costs its string and 8 bytes of list, a pair 8
    bytes (its words' numbers), and each key 8 of `starts`/`counts`; a
    posting 8 bytes. Each lookup returns fresh array slices.

    keys: keys.Keys
    starts, counts: array("I") by key number: where its postings begin in
        `ids`/`weights`, and how many
    """

    def __init__(self, keys: Keys, counts, ids, weights):
        self.keys = keys
        self.starts = posting_starts(counts)
        self.counts = counts
        self.ids = ids
        self.weights = weights

    def number(self, key: str) -> int:
        """The key's number; KeyError if it is not held."""
        return self.keys.number(key)

    def __getitem__(self, key: str) -> tuple[array, array]:
        number = self.number(key)
        start = self.starts[number]
        end = start + self.counts[number]
        return self.ids[start:end], self.weights[start:end]

    def length(self, key: str) -> int:
        """How many documents hold `key`, without copying its postings."""
        return self.counts[self.number(key)]

    def __contains__(self, key) -> bool:
        try:
            self.number(key)
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self):
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def posting_starts(counts: array) -> array:
    """Where each key's postings begin, given how many each has."""
    starts = array("I", [0])
    starts.extend(accumulate(counts))
    starts.pop()
    return starts


def joined_provenance(
    known: tuple[int, int] | None, found: tuple[int, int]
) -> tuple[int, int]:
    """A form's (first document, number of documents) over two sets of
    documents, `known` None when the first set does not hold it."""
    if known is None:
        return found
    return min(known[0], found[0]), known[1] + found[1]


def unpack(
    parts: Iterable[Packed], count: int, spill: str | None = None
) -> SearchIndex:
    """One index from the packed postings of consecutive document ranges,
    in order (each part's terms sorted). `parts` may be read one at a time
    (from the files workers left): each part's keys join the union and
    are let go before the next part is read, and its postings are copied
    later, one part at a time (workers.StoredArray). With a `spill`
    folder, each part's key numbers in the joined index wait there too
    until its postings are copied: held together, every part's numbers
    and counts took as much memory as the joined postings (about 8 bytes
    a posting, since most pairs are held by one article)."""
    aliases: dict[str, str] = {}
    alias_docs: dict[str, tuple[int, int]] = {}
    union, held = KeyUnion(), []
    for part in parts:
        for form, stem in part.aliases.items():  # the earliest document's
            aliases.setdefault(form, stem)
        for form, found in part.alias_docs.items():
            alias_docs[form] = joined_provenance(alias_docs.get(form), found)
        part.aliases = part.alias_docs = {}
        held.append(part)
        if len(held) > 1:
            # The first part's keys waited for a second: alone, they are
            # the index's as they are.
            for joining in held if len(held) == 2 else (part,):
                union.add(joining.terms)
                joining.terms = Keys([], array("Q"))  # the union holds its strings
    if len(held) == 1:  # one range: its arrays as they are
        (part,) = held
        counts, ids, weights = map(loaded, (part.counts, part.ids, part.weights))
        postings = Postings(part.terms, counts, ids, weights)
        return SearchIndex(postings, aliases, count, alias_docs)

    places = iter(range(len(held)))

    def kept(numbers: array) -> array | StoredArray:
        if spill is None:
            return numbers
        return StoredArray(os.path.join(spill, f"{next(places)}.numbers"), numbers)

    # numbers: per part, its keys' numbers in the joined index
    keys, numbers = union.joined(kept)
    counts = array("I", bytes(4 * len(keys)))
    for part, found in zip(held, numbers, strict=True):
        part_counts = loaded(part.counts, keep_file=True)
        for number, length in zip(
            loaded(found, keep_file=True), part_counts, strict=True
        ):
            counts[number] += length
    ids, weights = _joined_postings(held, numbers, counts)
    return SearchIndex(Postings(keys, counts, ids, weights), aliases, count, alias_docs)


def _joined_postings(
    parts: list[Packed], numbers: list, counts: array
) -> tuple[array, array]:
    """The parts' ids and weights joined: each key's postings part after
    part (ranges in document order: ids stay ascending). Each part's
    arrays (and numbers) are read when its turn comes (when a worker left
    them in files) and dropped once copied; the weights keep the parts'
    type (one byte a posting, index.WEIGHT_TYPECODE)."""
    total = sum(len(part.ids) for part in parts)
    ids = array("I", bytes(4 * total))
    typecode = parts[0].weights.typecode
    weights = array(typecode, bytes(array(typecode).itemsize * total))
    next_free = posting_starts(counts)
    for place, part in enumerate(parts):
        found, part_counts = loaded(numbers[place]), loaded(part.counts)
        part_ids, part_weights = loaded(part.ids), loaded(part.weights)
        numbers[place] = part.counts = part.ids = part.weights = array("I")
        end = 0
        for number, length in zip(found, part_counts, strict=True):
            start, end = end, end + length
            target = next_free[number]
            next_free[number] = target + length
            ids[target : target + length] = part_ids[start:end]
            weights[target : target + length] = part_weights[start:end]
        del found, part_counts, part_ids, part_weights
    return ids, weights

"""Which keys of a segment go to which of its buckets, and which buckets
keys that moved since the last build are in (export.py writes the
buckets; bucket_cache.py says which are kept).

A word goes to the bucket of the CRC-32 of its first three letters
(chunks.bucket_of), a pair to that of the CRC-32 of its text (whose hex
names its list in the bucket's files); the bucket counts are powers of
two of about HEAD_POSTINGS_PER_BUCKET head postings each. The passes over
every key of a segment (3 million at 20,000 articles of a realistic
vocabulary) are numpy operations on views of the key arrays: a Python
loop a key (each pair's text made to hash it) was a tenth of a build that
changed 10 articles of 20,100, and C loops of map and compress over
arrays (still a call a key) were then 5 of the writer's 15 seconds.
Only what depends on a word's text runs a word at a time (its bucket and
its CRC). A pair's CRC is made from its words' CRCs, no pair's text made
but those of the buckets written: CRC-32 is linear, so the CRC of "a b"
is that of "b" XOR the CRC register of "a " advanced over as many zero
bytes as "b" has (_shifted), a few table lookups a pair.

Data shapes:
    PAIR_MIN_POSTINGS: a pair is kept when both its words are held by
        that many documents (export.py's docstring)
    pair_file(key, pair bucket count) -> (bucket number, hex CRC-32)
    segment_heads(packed, lows, highs, pair_counts) -> (bucket counts
        {"t", "q"}, word numbers, pair key numbers, their CRC-32s):
        Heads, of the segment whose postings of key n are lows[n]:highs[n]
        (the three arrays array("I"))
    bucket_names(bucket counts, prefix) -> every bucket name of a segment
    grouped(packed, Heads, prefix, wanted=None) -> {bucket name: (its key
        numbers, ascending; their CRC-32s in a pair bucket, else None)}
        (array("I") each)
    key_names(packed, numbers) -> [name of each key in its bucket's files]
    key_postings(packed, span, numbers, wanted=None) -> {key name: (ids,
        weights, exact)}: `numbers` as grouped gives a bucket's, `span`
        (lows, highs) the segment's, `wanted` a test of a key's name
    moved_buckets(packed, span, pair_counts, bucket counts,
        bucket_cache.ChangedKeys, prefix) -> {bucket name: set of the names
        of its keys that moved (a pair's: its CRC's hex)}
"""

import sys
import zlib
from array import array
from bisect import bisect_left
from itertools import repeat
from typing import TYPE_CHECKING

from .bucket_cache import ChangedKeys
from .chunks import FIRST_CHUNK, bucket_count, bucket_of
from .keys import PAIR_SEPARATOR, PAIR_SHIFT, pair_halves
from .postings import Packed
from .related import is_term
from .shard_text import _merged

# numpy is imported where it is used (80 ms): Pelican's process loads this
# module with the plugin but on a large site leaves the writing to a worker
# process (writer.py), and then never needs it.
if TYPE_CHECKING:
    import numpy

PAIR_MIN_POSTINGS = 2
_SEPARATOR = PAIR_SEPARATOR.encode()


def pair_file(key: str, count: int) -> tuple[int, str]:
    """(bucket number, name in it) of a pair: its hex CRC-32, the bucket
    that modulo the pair bucket count `count`. The CRC of the whole text,
    which search.js computes; _pair_crcs makes the same number from the
    words' CRCs."""
    first, _, second = key.partition(PAIR_SEPARATOR)
    head = zlib.crc32(_SEPARATOR, zlib.crc32(first.encode()))
    digest = zlib.crc32(second.encode(), head)
    return digest % count, format(digest, "x")


def _view(values: array) -> "numpy.ndarray":
    """The items of an array as a numpy array, no copy (read only; the
    array cannot be resized while it lives)."""
    import numpy

    return numpy.frombuffer(values, dtype=values.typecode)


def _array(typecode: str, values: "numpy.ndarray") -> array:
    """An array(typecode) of numpy values (a copy)."""
    made = array(typecode)
    made.frombytes(values.astype(typecode, copy=False).tobytes())
    return made


def _shifted(lengths: "numpy.ndarray") -> "numpy.ndarray":
    """Tables of the CRC-32 register advanced over zero bytes: flat, by
    (place of a length in `lengths`, byte k of the register, its value v)
    the register that v << 8k becomes over that many zero bytes. Linear,
    so a register's is the XOR of its four bytes'. Found with zlib, for
    each of the 32 bits (zlib.crc32(zeros, r) ^ zlib.crc32(zeros) is r
    advanced over the zeros: the CRC's complements cancel out)."""
    import numpy

    bits_of = (numpy.arange(256)[:, None] >> numpy.arange(8)) & 1 == 1
    tables = numpy.empty((len(lengths), 4, 256), numpy.uint32)
    for place, length in enumerate(lengths.tolist()):
        zeros = bytes(length)
        plain = zlib.crc32(zeros)
        bits = [zlib.crc32(zeros, 1 << bit) ^ plain for bit in range(32)]
        by_byte = numpy.array(bits, numpy.uint32).reshape(4, 1, 8)
        tables[place] = numpy.bitwise_xor.reduce(
            numpy.where(bits_of, by_byte, 0), axis=2
        )
    return tables.reshape(-1)


def _advanced(tables: "numpy.ndarray", places, registers) -> "numpy.ndarray":
    """Each register advanced over the zero bytes of the length at its
    place (`tables`: what _shifted gives; `places` uint32, or 0 for all).
    Every index is made in uint32, in place: int64 indexes made this pass
    the writer's largest transient at 100,000 articles (see _pair_crcs)."""
    import numpy

    base = numpy.asarray(places, numpy.uint32) * numpy.uint32(1024)
    index = numpy.empty(registers.shape, numpy.uint32)
    found = numpy.zeros(registers.shape, numpy.uint32)
    for byte in range(4):
        numpy.right_shift(registers, 8 * byte, out=index)
        index &= 0xFF
        index += base
        index += numpy.uint32(256 * byte)
        found ^= tables[index]
    return found


# Pairs whose CRCs are made at once: the temporaries of a block are a few
# times 4 bytes a pair, so a block bounds them (at 100,000 articles a
# segment has 9 million pairs: made at once, with int64 indexes, the
# writer's resident size rose from 617 to 756 MiB for a second, at the
# build's peak; 123 MiB against 72 for the former C loops at 20,000,
# tracemalloc).
PAIRS_A_BLOCK = 1 << 20


def _pair_crcs(words: list[str], first, second) -> "numpy.ndarray":
    """The CRC-32 of each pair's text (its words' numbers `first` and
    `second`), made from each word's CRC without the text: the CRC of
    "a b" is that of "b" continued from "a "'s, which is the CRC of "b"
    XOR that of "a " advanced over len("b") zero bytes."""
    import numpy

    encoded = [word.encode() for word in words]
    crcs = numpy.fromiter(map(zlib.crc32, encoded), numpy.uint32, len(encoded))
    sizes = numpy.fromiter(map(len, encoded), numpy.intp, len(encoded))
    del encoded
    lengths, places = numpy.unique(sizes, return_inverse=True)
    places = places.astype(numpy.uint32)
    del sizes
    # "a "'s CRC: the same rule, over the separator.
    separator = _shifted(numpy.array([len(_SEPARATOR)]))
    heads = zlib.crc32(_SEPARATOR) ^ _advanced(separator, 0, crcs)
    tables = _shifted(lengths)
    made = numpy.empty(len(second), numpy.uint32)
    for start in range(0, len(second), PAIRS_A_BLOCK):
        block = slice(start, start + PAIRS_A_BLOCK)
        ends, starts = second[block], first[block]
        made[block] = _advanced(tables, places[ends], heads[starts])
        made[block] ^= crcs[ends]
    return made


def segment_heads(
    packed: Packed, lows: array, highs: array, pair_counts: array
) -> tuple[dict[str, int], array, array, array]:
    """The bucket counts {"t": terms, "q": pairs} of one segment (its
    postings of key `n` at lows[n]:highs[n]), the numbers of the words it
    holds, its pairs' key numbers (keys.Keys: after the words) and their
    CRC-32s, array("I") each. Pairs of a word held by fewer than
    PAIR_MIN_POSTINGS documents (`pair_counts`, by word number) are left
    out. In numpy passes: C loops of a call a key took 3.6 seconds here
    (under py-spy) at 3 million keys, in a build that changed 10 articles."""
    import numpy

    terms = packed.terms
    words = len(terms.words)
    counts = _view(highs) - _view(lows)
    # Key numbers picked from uint32 ranges (flatnonzero gives int64).
    term_numbers = numpy.arange(words, dtype=numpy.uint32)[counts[:words] != 0]
    # The segment's pairs (a tenth of them in the recent segment), then
    # those of words held twice.
    in_segment = counts[words:] != 0
    pair_numbers = numpy.arange(words, len(counts), dtype=numpy.uint32)[in_segment]
    # The pair codes' halves as views (a code is first << 32 | second),
    # copied only for the segment's pairs.
    halves = _view(terms.pairs).view(numpy.uint32).reshape(-1, 2)
    high, low = (1, 0) if sys.byteorder == "little" else (0, 1)
    first, second = halves[in_segment, high], halves[in_segment, low]
    del halves, in_segment
    held = _view(pair_counts) >= PAIR_MIN_POSTINGS
    kept = held[first] & held[second]
    first, second, pair_numbers = first[kept], second[kept], pair_numbers[kept]
    del held, kept

    def heads(numbers):
        return int(numpy.minimum(counts[numbers], FIRST_CHUNK).sum(dtype=numpy.int64))

    buckets = {
        "t": bucket_count(heads(term_numbers)),
        "q": bucket_count(heads(pair_numbers)),
    }
    crcs = _pair_crcs(terms.words, first, second)
    return (
        buckets,
        _array("I", term_numbers),
        _array("I", pair_numbers),
        _array("I", crcs),
    )


def _names(prefix: str, kind: str, count: int) -> list[str]:
    """The names of a segment's buckets of one kind ("" terms, "q"
    pairs), by number."""
    return [f"{prefix}{kind}{n}" for n in range(count)]


def bucket_names(buckets: dict[str, int], prefix: str) -> list[str]:
    """Every bucket name of a segment, terms' then pairs'."""
    return _names(prefix, "", buckets["t"]) + _names(prefix, "q", buckets["q"])


def grouped(
    packed: Packed,
    heads: tuple[dict[str, int], array, array, array],
    prefix: str,
    wanted: set[str] | None = None,
) -> dict[str, tuple[array, array | None]]:
    """{bucket name: (numbers of its keys, their CRC-32s for a pair
    bucket, else None)} of one segment (`heads`: what segment_heads()
    gives): every bucket below the counts, or those named in `wanted`,
    empty ones too, terms' then pairs', by number, numbers ascending,
    names after `prefix` ("" or "r"). No pair's text is made here, nor
    after: a pair's name in its bucket is its CRC's hex (hashing each
    pair's text again, with the text made for it, was a fifth of the
    writing of its bucket). A word's bucket is found from its text
    (chunks.bucket_of, a call a word); the rest is numpy passes: the keys
    of the buckets built (`wanted`'s only, when given) sorted by bucket,
    stably (the numbers stay ascending), each bucket a slice."""
    import numpy

    buckets, term_numbers, pair_numbers, crcs = heads
    words = packed.terms.words
    term_buckets = numpy.fromiter(
        map(bucket_of, map(words.__getitem__, term_numbers), repeat(buckets["t"])),
        numpy.intp,
        len(term_numbers),
    )
    hashes = _view(crcs)
    members = {}
    for kind, numbers, found, hashed in (
        ("", _view(term_numbers), term_buckets, None),
        ("q", _view(pair_numbers), hashes % buckets["q"], hashes),
    ):
        count = buckets[kind or "t"]
        names = _names(prefix, kind, count)
        places = range(count)
        if wanted is not None:
            places = [n for n, name in enumerate(names) if name in wanted]
            chosen = numpy.zeros(count, bool)
            chosen[places] = True
            kept = chosen[found]
            numbers, found = numbers[kept], found[kept]
            hashed = None if hashed is None else hashed[kept]
        # A bucket number fits 16 bits up to 65,536 buckets (some 20 million
        # head postings): numpy's stable sort of those is a radix sort.
        order = numpy.argsort(
            found.astype(numpy.uint16 if count <= 1 << 16 else numpy.uint32),
            kind="stable",
        )
        ends = numpy.cumsum(numpy.bincount(found, minlength=count)).tolist()
        numbers = numbers[order]
        hashed = None if hashed is None else hashed[order]
        del order, found
        for bucket in places:
            low, high = ends[bucket - 1] if bucket else 0, ends[bucket]
            members[names[bucket]] = (
                _array("I", numbers[low:high]),
                None if hashed is None else _array("I", hashed[low:high]),
            )
    return members


def key_names(packed: Packed, numbers: tuple[array, array | None]) -> list[str]:
    """The name of each key of a bucket in its files (`numbers`: its key
    numbers and, in a pair bucket, their CRC-32s, as grouped gives them):
    a word as it is, a pair by its CRC's hex."""
    numbers, crcs = numbers
    if crcs is not None:
        return list(map(format, crcs, repeat("x")))
    return list(map(packed.terms.words.__getitem__, numbers))


def key_postings(
    packed: Packed,
    span: tuple[array, array],
    numbers: tuple[array, array | None],
    wanted=None,
) -> dict[str, tuple]:
    """{key name: (ids, weights, exact)} of a bucket's keys (key_names),
    their postings at lows[n]:highs[n] of `span`, those whose name passes
    `wanted` when given; two pairs with one CRC-32 are one list of both.
    `exact`: a key of exact forms (neither a term nor a pair)."""
    lows, highs = span
    pairs = numbers[1] is not None
    found: dict[str, tuple] = {}
    for key, number in zip(key_names(packed, numbers), numbers[0], strict=True):
        if wanted is not None and not wanted(key):
            continue
        start, end = lows[number], highs[number]
        postings = (packed.ids[start:end], packed.weights[start:end])
        if key in found:  # two pairs with one CRC-32: one list of both
            postings = _merged(found[key], postings)
        found[key] = (*postings, not pairs and not is_term(key))
    return found


def moved_buckets(
    packed: Packed,
    span: tuple[array, array],
    pair_counts: array,
    buckets: dict[str, int],
    changed: ChangedKeys,
    prefix: str,
) -> dict[str, set[str]]:
    """{bucket name: names of its keys that moved} of a segment (bucket
    counts `buckets`, the last build's too), a key by its name in the
    bucket's files (a pair by its CRC's hex): the keys of `changed`, and
    the pairs of a word whose count (`pair_counts`) crossed
    PAIR_MIN_POSTINGS, which joined or left their buckets though their own
    postings did not move. Every other key of the segment is held in its
    bucket's files as the last build wrote it."""
    terms = packed.terms
    moved: dict[str, set[str]] = {}
    crossed = set()

    def pair_moved(key: str) -> None:
        number, hashed = pair_file(key, buckets["q"])
        moved.setdefault(f"{prefix}q{number}", set()).add(hashed)

    for key in changed.keys:
        if PAIR_SEPARATOR in key:
            pair_moved(key)
        else:
            name = f"{prefix}{bucket_of(key, buckets['t'])}"
            moved.setdefault(name, set()).add(key)
    for key, delta in changed.delta.items():
        if not delta or PAIR_SEPARATOR in key:
            continue
        try:
            number = terms.number(key)
        except KeyError:  # held by no document: no pair holds it either
            continue
        now = pair_counts[number]
        if (now >= PAIR_MIN_POSTINGS) != (now - delta >= PAIR_MIN_POSTINGS):
            crossed.add(number)
    if crossed:
        lows, highs = span
        words = len(terms.words)
        for place in _pairs_of(terms.pairs, crossed, words):
            place += words
            if highs[place] > lows[place]:
                pair_moved(terms[place])
    return moved


def _pairs_of(codes: array, numbers: set[int], words: int) -> set[int]:
    """The places in `codes` (sorted pair codes) of the pairs holding a
    word of `numbers`: those it begins are a run of the codes (found by
    bisection), those it ends are marked in one C pass over the second
    words (a pass of five Python calls a pair over every pair, twice a
    build, was a thirtieth of a build that changed 10 articles)."""
    found = set()
    for number in numbers:
        low = bisect_left(codes, number << PAIR_SHIFT)
        found.update(range(low, bisect_left(codes, (number + 1) << PAIR_SHIFT, low)))
    marked = bytearray(words)
    for number in numbers:
        marked[number] = 1
    hits = bytes(map(marked.__getitem__, pair_halves(codes)[1]))
    place = hits.find(1)
    while place >= 0:
        found.add(place)
        place = hits.find(1, place + 1)
    return found

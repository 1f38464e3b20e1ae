"""Which keys of a segment go to which of its buckets, and which buckets
keys that moved since the last build are in (export.py writes the
buckets; bucket_cache.py says which are kept).

A word goes to the bucket of the CRC-32 of its first three letters
(chunks.bucket_of), a pair to that of the CRC-32 of its text (whose hex
names its list in the bucket's files); the bucket counts are powers of
two of about HEAD_POSTINGS_PER_BUCKET head postings each. Everything
here runs in C loops (map, compress) over arrays of key numbers: at
20,000 articles of a realistic vocabulary a segment has 3 million keys,
and a Python loop a key (each pair's text made to hash it) was a tenth
of a build that changed 10 articles. A pair's CRC is its second word's
continued from the CRC of its first word and the separator, so no
pair's text is made but those of the buckets written.

Data shapes:
    PAIR_MIN_POSTINGS: a pair is kept when both its words are held by
        that many documents (export.py's docstring)
    pair_file(key, pair bucket count) -> (bucket number, hex CRC-32)
    segment_heads(packed, lows, highs, pair_counts) -> (bucket counts
        {"t", "q"}, word numbers, pair key numbers, their CRC-32s):
        Heads, of the segment whose postings of key n are lows[n]:highs[n]
    bucket_names(bucket counts, prefix) -> every bucket name of a segment
    grouped(packed, Heads, prefix, wanted=None) -> {bucket name: (its key
        numbers, ascending; their CRC-32s in a pair bucket, else None)}
    moved_buckets(packed, span, pair_counts, bucket counts,
        bucket_cache.ChangedKeys, prefix) -> {bucket name: set of the names
        of its keys that moved (a pair's: its CRC's hex)}
"""

import operator
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import compress, repeat

from .bucket_cache import ChangedKeys
from .chunks import FIRST_CHUNK, bucket_count, bucket_of
from .keys import PAIR_SEPARATOR, PAIR_SHIFT, pair_halves
from .postings import Packed

PAIR_MIN_POSTINGS = 2
_SEPARATOR = PAIR_SEPARATOR.encode()


def pair_file(key: str, count: int) -> tuple[int, str]:
    """(bucket number, name in it) of a pair: its hex CRC-32, the bucket
    that modulo the pair bucket count `count`. Made as _pair_crcs makes
    it (the CRC of "b" continued from that of "a "): the same number as
    the CRC of the whole text, which search.js computes."""
    first, _, second = key.partition(PAIR_SEPARATOR)
    head = zlib.crc32(_SEPARATOR, zlib.crc32(first.encode()))
    digest = zlib.crc32(second.encode(), head)
    return digest % count, format(digest, "x")


def _pair_crcs(terms, codes: array) -> Iterator[int]:
    """The CRC-32 of each pair's text (`codes`: its words' numbers, as
    keys.Keys holds them), made from each word's CRC without the text:
    the CRC of "a b" is that of "b" continued from "a "'s."""
    encoded = [word.encode() for word in terms.words]
    heads = array("I", map(zlib.crc32, repeat(_SEPARATOR), map(zlib.crc32, encoded)))
    first, second = pair_halves(codes)
    return map(
        zlib.crc32,
        map(encoded.__getitem__, second),
        map(heads.__getitem__, first),
    )


def segment_heads(
    packed: Packed, lows: array, highs: array, pair_counts: array
) -> tuple[dict[str, int], array, array, array]:
    """The bucket counts {"t": terms, "q": pairs} of one segment (its
    postings of key `n` at lows[n]:highs[n]), the numbers of the words it
    holds, its pairs' codes (keys.Keys.pairs) and their CRC-32s. Pairs of
    a word held by fewer than PAIR_MIN_POSTINGS documents (`pair_counts`,
    by word number) are left out. In C loops (map, compress): a Python
    loop a key was a tenth of a build of 3 million keys."""
    terms = packed.terms
    counts = array("I", map(operator.sub, highs, lows))
    words = len(terms.words)
    term_numbers = array("I", compress(range(words), counts[:words]))
    # The segment's pairs first (a tenth of them in the recent segment),
    # then those of words held twice.
    in_segment = counts[words:]
    pair_numbers = array("I", compress(range(words, len(terms)), in_segment))
    codes = array("Q", compress(terms.pairs, in_segment))
    del in_segment
    held = bytes(map(PAIR_MIN_POSTINGS.__le__, pair_counts))
    first, second = pair_halves(codes)
    kept = bytes(
        map(
            operator.and_,
            map(held.__getitem__, first),
            map(held.__getitem__, second),
        )
    )
    del first, second
    pair_codes = array("Q", compress(codes, kept))
    pair_numbers = array("I", compress(pair_numbers, kept))
    del codes, kept

    def heads(numbers):
        return sum(map(min, repeat(FIRST_CHUNK), map(counts.__getitem__, numbers)))

    buckets = {
        "t": bucket_count(heads(term_numbers)),
        "q": bucket_count(heads(pair_numbers)),
    }
    crcs = array("I", _pair_crcs(terms, pair_codes))
    return buckets, term_numbers, pair_numbers, crcs


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
    empty ones too, numbers ascending, names after `prefix` ("" or "r").
    No pair's text is made here, nor after: a pair's name in its bucket
    is its CRC's hex (hashing each pair's text again, with the text made
    for it, was a fifth of the writing of its bucket)."""
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
        names = _names(prefix, kind, buckets[kind or "t"])
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

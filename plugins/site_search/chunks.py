"""Impact-ordered chunks of posting lists, and the hash buckets holding them.

A query needs the best-scoring documents of its terms, not every document
that holds them: each posting list is split, in order of its weights
(highest first), into chunks of about FIRST_CHUNK, then CHUNK_GROWTH times
more postings each.

Where the chunks are cut must not move when articles are added, or every
chunk of a word would change with every update (update packs carry changed
lines: cut by rank in the whole list, 100 new articles at 100,000 changed
3,630 search files, 24 MB). So the cuts are placed on the list's oldest
postings, its first `snapshot_length(len)` by id (a length of a fixed
sequence, each a quarter longer than the last): split by rank as above,
chunk k of those ends with a posting (w_k, id_k), and in the whole list
chunk k holds the postings after chunk k-1's cut, up to and including
(w_k, id_k), in the order (weight descending, id ascending). Until the list
passes the next length of the sequence, a new article's posting (the
highest id) lands at the end of one chunk of each of its keys and moves no
other posting; a chunk holds up to a quarter more than nominal (a new
posting joins chunk k only if it outweighs w_k). Among equal weights the
older article ranks first: were the newer first, every new article of a
word held with one weight by all (a publisher's name) would join its head.
The cuts are a pure function of the list: an incremental build writes
what a full build does.

A bucket's head file holds the first chunk of each of its
keys; chunk c of its keys goes to a file of its own. search.js stops
loading as soon as no unseen posting could change the top results (the
threshold rule: a posting in a later chunk weighs at most the smallest
weight loaded so far), and loads later chunks on "more results".

Keys are spread over a power-of-two number of buckets by the CRC-32 of a
bucket key: the first PREFIX_CHARS folded characters of a word (so that
all the words a query's last word can be the start of share its bucket),
the first character of an unspaced term, a pair whole. The bucket count
depends on the number of head postings, so that a head file stays about
HEAD_POSTINGS_PER_BUCKET postings as the site grows, and changes only when
the site doubles. meta.js carries the two counts, not a list of names.

Data shapes:
    chunk_ends(length) -> list[int]       where each chunk of a list ends
    snapshot_length(length) -> int      how many of the oldest postings
                                         place the cuts
    chunks(ids, weights) -> list[(ids, weights)]
        each chunk in ascending id order (so ids are sent as gaps); the
        chunks are consecutive runs of the list ordered by (weight
        descending, id ascending): the order search.js ranks a single list
        in (older first among equals), so that an unread posting never ties
        above the last one read
    bucket_key(key) -> str
    bucket_of(key, count) -> int
    bucket_count(items, per_bucket=HEAD_POSTINGS_PER_BUCKET) -> int
"""

import itertools
import operator
import zlib
from bisect import bisect_left

from . import rules
from .analysis import unspaced
from .index import PAIR_SEPARATOR

FIRST_CHUNK = 32
CHUNK_GROWTH = 4
# A head file of this many postings is one or two kilobytes gzipped; a
# query loads several (its words, their stems, its pairs). At 1,500 the
# real-language bench loaded 36.6 KB a query against 17.1 KB before chunks.
HEAD_POSTINGS_PER_BUCKET = 300
MIN_BUCKETS = 16
# Words sharing their first PREFIX_CHARS characters share a bucket; a
# query's last word of at least this many characters also matches the
# longer words it starts.
PREFIX_CHARS = 3
# The lengths that place the cuts grow by a quarter: a word's chunk files
# are all rewritten each time its list passes one (rarer with a bigger
# step), and its chunks hold up to a quarter more than nominal until then
# (more bytes a query with a bigger step: 1/SNAPSHOT_GROWTH_DIVISOR).
SNAPSHOT_GROWTH_DIVISOR = 4
# Chunks of each list read at most before the first page of results is
# shown, and one more for each "More results". The threshold rule stops
# sooner when it can, but it is sure of a top ten only once no unread
# posting can change it, and a document holding every word of a query may
# hide anywhere in a long list: being sure would mean reading a whole list,
# bytes that grow with the archive. So the first page is the best of each
# list's first FIRST_CHUNK * (1 + CHUNK_GROWTH) or so postings (title words
# weigh three times: a remembered headline is there), marked "10+".
FIRST_PAGE_CHUNKS = 2


# _ONLY[n]: a bytes.translate table keeping the byte n (as 1), others 0.
_ONLY = [bytes(byte == number for byte in range(256)) for number in range(256)]


def chunk_ends(length: int) -> list[int]:
    ends, size, end = [], FIRST_CHUNK, 0
    while end < length:
        end = min(length, end + size)
        ends.append(end)
        size *= CHUNK_GROWTH
    return ends


def snapshot_length(length: int) -> int:
    """The largest of FIRST_CHUNK, then each a quarter bigger (rounded
    down), that is at most `length` (FIRST_CHUNK for shorter lists)."""
    size = FIRST_CHUNK
    while (bigger := size + size // SNAPSHOT_GROWTH_DIVISOR) <= length:
        size = bigger
    return size


def chunks(ids, weights) -> list[tuple[list[int], list[int]]]:
    """The chunks of one posting list (`ids` ascending, `weights` beside).

    Each posting is ranked by one integer, (top weight - weight) above
    its id's bits, which orders as (weight descending, id ascending);
    only the oldest postings are sorted (for the cuts: the last key of
    each chunk of theirs), and each posting's chunk is the number of cuts
    below its key, so the chunks come out in id order by C passes over the
    list. Sorting the whole list as tuples, then each chunk by id, was a
    twentieth of a build that changed 10 articles of 20,000 (their words'
    longest lists)."""
    if len(ids) <= FIRST_CHUNK:
        return [(list(ids), list(weights))]
    oldest = snapshot_length(len(ids))
    top, shift = max(weights), ids[-1].bit_length()
    ranks = list(
        map(
            operator.or_,
            map(operator.lshift, map(top.__sub__, weights), itertools.repeat(shift)),
            ids,
        )
    )
    placing = sorted(ranks[:oldest])
    cuts = [placing[end - 1] for end in chunk_ends(oldest)[:-1]]
    del placing
    where = bytes(map(bisect_left, itertools.repeat(cuts), ranks))
    result = []
    for number in range(len(cuts) + 1):
        chosen = where.translate(_ONLY[number])
        result.append(
            (
                list(itertools.compress(ids, chosen)),
                list(itertools.compress(weights, chosen)),
            )
        )
    return result


def bucket_key(key: str) -> str:
    if PAIR_SEPARATOR in key:
        return key
    if unspaced(key):
        return key[0]
    return key.translate(rules.MARKS)[:PREFIX_CHARS]


def bucket_of(key: str, count: int) -> int:
    """search.js computes the same (shardName)."""
    return zlib.crc32(bucket_key(key).encode()) % count


def bucket_count(items: int, per_bucket: int = HEAD_POSTINGS_PER_BUCKET) -> int:
    """A power of two, at least MIN_BUCKETS: about `per_bucket` of `items`
    a bucket (head postings, by default)."""
    count = MIN_BUCKETS
    while count * per_bucket < items:
        count *= 2
    return count

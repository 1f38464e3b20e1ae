"""Impact-ordered chunks of posting lists, and the hash buckets holding them.

A query needs the best-scoring documents of its terms, not every document
that holds them: each posting list is split, in order of its weights
(highest first), into chunks of FIRST_CHUNK, then CHUNK_GROWTH times more
postings each. A bucket's head file holds the first chunk of each of its
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
    chunks(ids, weights) -> list[(ids, weights)]
        each chunk in ascending id order (so ids are sent as gaps); chunk
        k holds ranks chunk_ends[k-1]..chunk_ends[k] of the list ordered
        by (weight descending, id descending): the order search.js ranks
        a single list in (newer first among equals), so that an unread
        posting never ties above the last one read
    bucket_key(key) -> str
    bucket_of(key, count) -> int
    bucket_count(head postings) -> int
"""

import zlib

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
# Chunks of each list read at most before the first page of results is
# shown, and one more for each "More results". The threshold rule stops
# sooner when it can, but it is sure of a top ten only once no unread
# posting can change it, and a document holding every word of a query may
# hide anywhere in a long list: being sure would mean reading a whole list,
# bytes that grow with the archive. So the first page is the best of each
# list's first FIRST_CHUNK * (1 + CHUNK_GROWTH) postings (with title words
# weighing three times, a remembered headline is there), marked "10+".
FIRST_PAGE_CHUNKS = 2


def chunk_ends(length: int) -> list[int]:
    ends, size, end = [], FIRST_CHUNK, 0
    while end < length:
        end = min(length, end + size)
        ends.append(end)
        size *= CHUNK_GROWTH
    return ends


def chunks(ids, weights) -> list[tuple[list[int], list[int]]]:
    """The chunks of one posting list (`ids` ascending, `weights` beside)."""
    if len(ids) <= FIRST_CHUNK:
        return [(list(ids), list(weights))]
    order = sorted(range(len(ids)), key=lambda i: (-weights[i], -ids[i]))
    result, start = [], 0
    for end in chunk_ends(len(ids)):
        part = sorted(order[start:end])
        result.append(([ids[i] for i in part], [weights[i] for i in part]))
        start = end
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


def bucket_count(head_postings: int) -> int:
    count = MIN_BUCKETS
    while count * HEAD_POSTINGS_PER_BUCKET < head_postings:
        count *= 2
    return count

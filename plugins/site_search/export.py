"""Serialisation: the search index as small scripts, loadable from file://.

Browsers refuse fetch() and modules from file://, but run classic
<script src> files; each file here calls a global the query script defines.

The postings are in two segments, each a whole index of its own
documents: the main one holds documents 0..S-1, S the article count
rounded down to a multiple of the segment size (SITE_SEARCH_SEGMENT), the
recent one the others. Document ids are date order, so a build that adds
articles rewrites the recent segment (small) and leaves the main one as
it was until the count passes a multiple of the size (bucket_cache.py);
a full build of the same tree writes the same bytes, since S depends on
the article count alone. A new article changes the heads of hundreds of
buckets (its words'): with one segment, 100 new articles at 20,000
changed 62 % of the head files. search.js reads a key's head in both
segments; its idf counts both lists' lengths.

Files, under search/ in the output:
    rules.js    SamizdatSearch.rules({...}): the analysis rules and scoring
                weights (rules.py), and PREFIX_CHARS (chunks.py)
    meta.js     SamizdatSearch.meta("n", number of articles),
                SamizdatSearch.meta("buckets", {"t": term buckets, "q": pair
                buckets, "rt", "rq": the same in the recent segment, "a":
                alias buckets}) and SamizdatSearch.meta("languages",
                [<lang>, ...]). search.js loads no file it cannot name from
                these (and from the head files they name: see
                t/<b>-<c>.js), so a file added to a copy is never run; the
                manifest signs them all
    t/<b>.js    SamizdatSearch.shard("<b>", {"p": {term: [number of postings,
                number of chunks, doc gap, weight, doc gap, weight, ...]},
                "e": {exact form: [the same]}}): the head of bucket <b>
                (chunks.py) of the main segment: each key's first chunk (its
                postings in that segment); one file for every bucket below
                the count, empty ones too
    t/<b>-<c>.js SamizdatSearch.shard("<b>-<c>", {"p": {term: [doc gap,
                weight, ...]}, "e": {...}}): chunk <c> (from 1) of the keys
                of bucket <b> that have that many; loaded only when a loaded
                head says one of its keys has more than <c> chunks
    t/q<b>.js, t/q<b>-<c>.js  the same for pairs of adjacent terms ("term
                term"), for phrases, each keyed by the hex CRC-32 of its
                UTF-8 bytes (a third of the bytes of two words; the rare
                pairs that share one share a list); only pairs of terms held
                by at least PAIR_MIN_POSTINGS articles each (a pair of a
                rarer term reorders nothing: that term alone picks the
                articles), counted in the main segment's documents for its
                pairs (so that it depends on them alone), in all for the
                recent one's
    r/<b>.js, r/<b>-<c>.js, r/q<b>.js, r/q<b>-<c>.js  the same for the
                recent segment, shards named "r<b>", "r<b>-<c>", "rq<b>"...
    t/a<b>.js   SamizdatSearch.shard("a<b>", {"a": {surface form: stem}}):
                the aliases of stemmed words, by their bucket key (about
                ALIASES_PER_BUCKET a file), outside the segments: a form's
                alias is its earliest article's stem, and which forms the
                main segment's articles hold is not kept; a new form adds a
                line to one of these small files
                One key a line (an alias a line), long lists over several
                lines of POSTINGS_PER_LINE pairs from their oldest, and the
                length and chunk count of a list with later chunks on a
                line of their own, so that a new article (the newest ids)
                changes the last line of one chunk of each of its keys and
                their length lines (update packs carry changed lines).
    d/<id>.js   SamizdatSearch.doc(<id>, {"t": title, "u": url, "i": ISO
                date, "s": source, "l": lang, "r": dir, "x": opening text})
    l/<lang>.js SamizdatSearch.lang("<lang>", [doc, gap, gap, ...]): the
                articles in that language, loaded only when a search is
                limited to it; POSTINGS_PER_LINE ids a line

writer.py writes them (write_files).

Data shapes:
    shard_name(key, buckets, segment="") -> str   "12", "q7", "r12", "rq7"
    alias_name(form, buckets) -> str     "a3"
    (a pair's text is made from its words' numbers, keys.py, only when
    its bucket is written)
    segment_start(count, size) -> int     S, the recent segment's first id
    alias_texts(aliases) -> (alias bucket count, [(relative path, str)])
    shard_texts(packed index, count, size=SEGMENT_SIZE, SeenSegments or
        None, MappedArrays or None) -> iterator of (relative path, str or
        None), bucket by bucket; shard_files(index) -> dict of the same
    (which keys go to which bucket: bucket_keys.py)
    doc_texts(metas) -> iterator of (relative path, str); doc_files(metas)
        -> dict of the same (shard_text.py)
    language_files(metas) -> dict[relative path, str] (shard_text.py)
"""

import operator
from array import array
from collections.abc import Iterator
from itertools import accumulate

from . import rules
from .bucket_cache import SeenSegments, inputs_digest
from .bucket_keys import (
    bucket_names,
    grouped,
    key_postings,
    moved_buckets,
    pair_file,
    segment_heads,
)
from .bucket_reuse import reused_texts
from .chunks import (
    FIRST_PAGE_CHUNKS,
    PREFIX_CHARS,
    bucket_count,
    bucket_of,
)
from .index import PAIR_SEPARATOR, Packed, SearchIndex, pack, posting_starts
from .shard_text import _bucket_files, _json, _object, _script
from .workers import MappedArrays

# A query looks up at most this many of its adjacent pairs (spread over
# it): a long run of Burmese or Chinese would otherwise load a shard for
# every pair of characters.
MAX_QUERY_PAIRS = 3
# The folder of each segment's files, by the prefix of its bucket names.
SEGMENT_FOLDERS = {"": "t", "r": "r"}
# Documents a segment: the main segment holds the first documents, as many
# as a multiple of this (SITE_SEARCH_SEGMENT's default), the recent one
# the rest.
SEGMENT_SIZE = 2048
# Aliases a t/a<b>.js file, about: a query loads one for each of its words.
ALIASES_PER_BUCKET = 16


def shard_name(key: str, buckets: dict[str, int], segment: str = "") -> str:
    """The head file's name for `key` (a term, an exact form or a pair) in
    the main segment ("12" or "q7"), or with `segment` "r" in the recent
    one ("r12", "rq7"), given meta.js's bucket counts; search.js computes
    the same."""
    if PAIR_SEPARATOR in key:
        return f"{segment}q{pair_file(key, buckets[segment + 'q'])[0]}"
    return f"{segment}{bucket_of(key, buckets[segment + 't'])}"


def alias_name(form: str, buckets: dict[str, int]) -> str:
    """The name of the t/a<b>.js file that would hold `form`'s alias."""
    return f"a{bucket_of(form, buckets['a'])}"


def segment_start(count: int, size: int) -> int:
    """The first document of the recent segment: `count` rounded down to
    a multiple of the segment size."""
    return count - count % size


# Postings a numpy pass of _splits() takes (and the keys starting among
# them): its transients are 5 bytes a posting (the ids are mapped in a
# worker, not copied).
SPLIT_POSTINGS = 1 << 22


def _splits(packed: Packed, starts: array, first: int) -> array:
    """By key number: where its postings of documents `first` and later
    begin (between starts[n] and starts[n] + counts[n]). A key's ids
    ascend, so that is its start plus how many of its ids are below
    `first`: counted by numpy over about SPLIT_POSTINGS postings at a
    time (a bisect a key, millions of calls, was 0.5 s of the writer's
    6 s after 10 articles changed at 20,000)."""
    import numpy

    keys = len(starts)
    found = array("I", bytes(4 * keys))
    splits = numpy.frombuffer(found, numpy.uint32)  # written through
    ids = numpy.frombuffer(packed.ids, numpy.uint32)
    low = numpy.frombuffer(starts, numpy.uint32)
    counts = numpy.frombuffer(packed.counts, numpy.uint32)
    # Blocks of the keys starting among each SPLIT_POSTINGS postings (a
    # longer key in the block it starts in); both uint32, so searchsorted
    # does not convert `low` (0.22 s of py-spy's samples when it did, a
    # block at a time).
    cuts = numpy.arange(SPLIT_POSTINGS, len(ids), SPLIT_POSTINGS, numpy.uint32)
    key = 0
    for end in [*numpy.searchsorted(low, cuts).tolist(), keys]:
        if end <= key:  # no key starts there: inside a longer one
            continue
        begin = int(low[key])
        # below[p]: how many of the block's first p postings are below `first`
        below = numpy.zeros(
            int(low[end - 1]) + int(counts[end - 1]) - begin + 1, numpy.uint32
        )
        numpy.cumsum(ids[begin : begin + len(below) - 1] < first, out=below[1:])
        offsets = low[key:end] - begin
        splits[key:end] = low[key:end] + (
            below[offsets + counts[key:end]] - below[offsets]
        )
        key = end
    return found


def _bucket_texts(
    packed: Packed,
    span: tuple[array, array],
    prefix: str,
    name: str,
    numbers: tuple[array, array | None],
    buckets: dict[str, int],
    seen: SeenSegments | None,
) -> Iterator[tuple[str, str | None]]:
    """(relative path, text) of each file of bucket `name` of a segment
    (its keys' `numbers` and, for pairs, their CRC-32s, as
    bucket_keys.grouped gives them; their postings at lows[n]:highs[n] of
    `span`,
    the segment's bucket counts `buckets`). With `seen`, a bucket made
    from the same inputs by the last build gives (relative path, None)."""
    keys = key_postings(packed, span, numbers)
    if seen is not None:
        digest = inputs_digest(name, buckets, keys)
        paths = seen.bucket_unchanged(prefix, name, digest)
        if paths is not None:
            yield from ((path, None) for path in paths)
            return
    folder = SEGMENT_FOLDERS[prefix]
    files = {
        f"{folder}/{file[len(prefix) :]}.js": text
        for file, text in _bucket_files(name, keys).items()
    }
    if seen is not None:
        seen.bucket_made(prefix, name, digest, files)
    yield from files.items()


def _segment(
    packed: Packed,
    span: tuple[array, array],
    pair_counts: array,
    prefix: str,
    seen: SeenSegments | None,
    buckets: dict[str, int],
) -> Iterator[tuple[str, str | None]]:
    """(relative path, text or None) of one segment's files (its postings
    of key `n` at lows[n]:highs[n] of `span`), as shard_texts() says; its
    bucket counts go into `buckets`, their names after `prefix`. One
    bucket at a time: until its turn a bucket is the numbers of its keys,
    so only one bucket's posting slices and texts exist at once (all of
    them, made before any was written, were most of the writer process's
    memory: 2.2 GiB at 20,000 articles of a realistic vocabulary). Where
    the build says which keys moved since the last build's record of the
    segment (bucket_cache.py), only their buckets are gathered, each made
    from the last build's files with only its moved keys made again
    (bucket_reuse.py); the others are the last build's files when their
    stamps are as recorded."""
    found = seen.unchanged(prefix) if seen is not None else None
    if found is None and seen is not None:
        found = _untouched(packed, span, pair_counts, prefix, seen)
    if found is not None:
        segment_buckets, paths = found
        yield from ((path, None) for path in paths)
        buckets.update({prefix + kind: n for kind, n in segment_buckets.items()})
        return
    heads = segment_heads(packed, *span, pair_counts)
    segment_buckets = heads[0]
    moved = seen.changed_keys(prefix) if seen is not None else None
    wanted = moved_keys = None
    if moved is not None and moved[0] == segment_buckets:
        moved_keys = moved_buckets(
            packed, span, pair_counts, segment_buckets, moved[1], prefix
        )
        others = bucket_names(segment_buckets, prefix)
        kept = seen.kept_buckets(prefix, (n for n in others if n not in moved_keys))
        for paths in kept.values():
            yield from ((path, None) for path in paths)
        wanted = {name for name in others if name not in kept}
    members = grouped(packed, heads, prefix, wanted)
    del heads
    for name in list(members):
        numbers = members.pop(name)
        if moved_keys and name in moved_keys:
            segment = (prefix, SEGMENT_FOLDERS[prefix])
            moved_here = moved_keys[name]
            texts = reused_texts(packed, span, segment, name, numbers, moved_here, seen)
            if texts is not None:
                yield from texts
                continue
        yield from _bucket_texts(
            packed, span, prefix, name, numbers, segment_buckets, seen
        )
    if seen is not None:
        seen.done(prefix, segment_buckets)
    buckets.update({prefix + kind: n for kind, n in segment_buckets.items()})


def _untouched(
    packed: Packed,
    span: tuple[array, array],
    pair_counts: array,
    prefix: str,
    seen: SeenSegments,
) -> tuple[dict[str, int], list[str]] | None:
    """The last build's bucket counts and files of a segment that holds no
    changed article, when no pair joined or left it (a word whose count
    crossed PAIR_MIN_POSTINGS) and every file is as recorded; else None.
    Its keys' postings in it and its pairs are then the last build's, so
    are its head counts: its bucket counts need not be found again
    (segment_heads, a pass over every key of the index: most of what is
    left of the writer for a segment that did not move, the recent one
    when the changed articles are older, or the main one when they are
    among the newest)."""
    moved = seen.changed_keys(prefix)
    if moved is None or moved[1].keys:
        return None
    counts, changed = moved
    if moved_buckets(packed, span, pair_counts, counts, changed, prefix):
        return None
    names = bucket_names(counts, prefix)
    kept = seen.kept_buckets(prefix, names)
    if len(kept) != len(names):
        return None
    seen.done(prefix, counts)
    return counts, [path for paths in kept.values() for path in paths]


def alias_texts(aliases: dict[str, str]) -> tuple[int, list[tuple[str, str]]]:
    """The alias bucket count, and (relative path, text) of each t/a<b>.js:
    {surface form: stem}, a form a line (a new form adds a line)."""
    count = bucket_count(len(aliases), ALIASES_PER_BUCKET)
    found: list[list[str]] = [[] for _ in range(count)]
    for form in sorted(aliases):
        found[bucket_of(form, count)].append(f"{_json(form)}:{_json(aliases[form])}")
    return count, [
        (f"t/a{n}.js", f'SamizdatSearch.shard("a{n}",{{"a":{_object(lines)}}});\n')
        for n, lines in enumerate(found)
    ]


def shard_texts(
    packed: Packed,
    count: int,
    segment_size: int = SEGMENT_SIZE,
    seen: SeenSegments | None = None,
    arrays: MappedArrays | None = None,
) -> Iterator[tuple[str, str | None]]:
    """(relative path, text) of every t/ and r/ file, then meta.js's first
    lines and rules.js, for the packed index of `count` documents in
    segments of `segment_size`. With `seen`, a segment whose documents and
    files are as the last build left them gives (relative path, None) for
    each of its files, its text not made; in another, so does a bucket
    whose inputs are the last build's (bucket_cache.py). With `arrays`
    (the packed ids mapped from a file), the pages of every doc id that
    finding the segments' split read are let go before the buckets start."""
    first = segment_start(count, segment_size)
    alias_count, aliases = alias_texts(packed.aliases)
    yield from aliases
    buckets = {"a": alias_count}
    # Arrays of one integer a key (millions at 20,000 articles of a
    # realistic vocabulary): no more than two of them at once, so the ends
    # are made once the starts are let go.
    starts = posting_starts(packed.counts)
    splits = _splits(packed, starts, first)
    if arrays is not None:
        arrays.drop_pages()
    # The main segment's pairs: of words held twice among its documents;
    # the recent segment's: among all (it is made again whenever they change).
    words = len(packed.terms.words)
    main_counts = array("I", map(operator.sub, splits[:words], starts[:words]))
    yield from _segment(packed, (starts, splits), main_counts, "", seen, buckets)
    del starts, main_counts
    ends = array("I", accumulate(packed.counts))
    yield from _segment(packed, (splits, ends), packed.counts, "r", seen, buckets)
    yield "meta.js", _script("meta", "n", count) + _script("meta", "buckets", buckets)
    yield (
        "rules.js",
        rules.script(
            {
                "prefix_chars": PREFIX_CHARS,
                "max_pairs": MAX_QUERY_PAIRS,
                "first_page_chunks": FIRST_PAGE_CHUNKS,
            }
        ),
    )


def shard_files(index: SearchIndex) -> dict[str, str]:
    """Every t/ file, meta.js's first lines and rules.js."""
    return dict(shard_texts(pack(index), index.count))

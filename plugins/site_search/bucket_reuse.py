"""A bucket made again from the last build's files, where only some of its
keys moved.

In a build that changed articles in place (bucket_cache.py), a bucket
holding a key that moved is made again, though most of its keys did not
move: a rewritten article moves about a thousand keys (its pairs), each
in a bucket of about a hundred others. Making every key's entries again
(its postings sliced, chunked and written as text) was most of the search
writer in a build that changed 10 articles of 20,000. A key's entries are
a function of its own postings alone (shard_text.key_entries), so a key
that did not move has the entries the last build wrote: they are taken
from its files, when each is as recorded (bucket_cache's stamps), and
only the moved keys' entries are made. The files are the same bytes as a
bucket made from scratch: shard_text.assembled makes both.

Such a bucket's inputs are not digested: it is recorded with
bucket_cache.REUSED, so a later build that compares its inputs' digest
makes it again.

Data shapes:
    reused_texts(packed, span, (prefix, folder), name, numbers, moved,
        SeenSegments) -> [(relative path, text)] | None
        numbers: (key numbers, their CRC-32s in a pair bucket, else None),
        as bucket_keys.grouped gives them; moved: the names of the
        bucket's keys that moved, as bucket_keys.moved_buckets gives them
"""

from array import array
from itertools import repeat

from .bucket_cache import REUSED, SeenSegments
from .postings import Packed
from .related import is_term
from .shard_text import _merged, assembled, key_entries, parsed_entries


def reused_texts(
    packed: Packed,
    span: tuple[array, array],
    segment: tuple[str, str],
    name: str,
    numbers: tuple[array, array | None],
    moved: set[str],
    seen: SeenSegments,
) -> list[tuple[str, str]] | None:
    """(relative path, text) of each file of bucket `name` of a segment
    (`segment`: its bucket names' prefix and its folder; its postings of
    key n at lows[n]:highs[n] of `span`), the keys named in `moved` made
    from their postings, the others' entries taken from the last build's
    files; None when those are not as recorded."""
    prefix, folder = segment
    recorded = seen.recorded_texts(prefix, name)
    if recorded is None:
        return None
    skip = len(folder) + 1  # "t/q7.js" -> shard "q7", "r/q7.js" -> "rq7"
    last = parsed_entries(
        name, {prefix + path[skip:-3]: text for path, text in recorded.items()}
    )
    if last is None:
        return None
    numbers, crcs = numbers
    if crcs is not None:  # a pair bucket: its pairs named by their CRC
        keys = list(map(format, crcs, repeat("x")))
    else:
        keys = list(map(packed.terms.words.__getitem__, numbers))
    entries, fresh = {}, {}
    for key, number in zip(keys, numbers, strict=True):
        if key in moved or key not in last:  # moved, or a pair that joined
            fresh.setdefault(key, []).append(number)
        else:
            entries[key] = last[key]
    for key, held in fresh.items():
        postings = [_postings(packed, span, number) for number in held]
        found = postings[0]
        for other in postings[1:]:  # pairs with one CRC-32: one list of both
            found = _merged(found, other)
        exact = crcs is None and not is_term(key)
        entries[key] = (exact, *key_entries(key, *found))
    files = {
        f"{folder}/{file[len(prefix) :]}.js": text
        for file, text in assembled(name, entries).items()
    }
    seen.bucket_made(prefix, name, REUSED, files)
    return list(files.items())


def _postings(packed: Packed, span: tuple[array, array], number: int) -> tuple:
    """(ids, weights) of key `number` in the segment."""
    low, high = span[0][number], span[1][number]
    return packed.ids[low:high], packed.weights[low:high]
